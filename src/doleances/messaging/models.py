"""Notifications to staff: in the app (a row per recipient) and by email (through the outbox).

Messaging knows no complaint model: a notification names its case by reference and links to a
path in the agent UI. Escalations, deadline warnings, breaches and field notices all use
`messaging.notifications.notify`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    # What happened, as a dotted name ("escalation.received", "deadline.warning", "decision.field_notice").
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)  # a path in the agent UI
    complaint_reference = models.CharField(_("complaint"), max_length=32, blank=True, db_index=True)
    # Set by callers that must notify once (a sweep step, an escalation level): unique per recipient.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, editable=False)
    outbox = models.ForeignKey("core.OutboxMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=models.Q(dedupe_key__isnull=False),
                name="notification_once_per_recipient",
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}: {self.title}"

"""API keys (one per integration, scoped to teams through a service user) and idempotency records."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """A secret given to one integration. Only its SHA-256 is stored; the key is shown once.

    The key acts through its own service user (group `agent`, member of the key's teams) so that
    `visible_complaints(user)` scopes it like a person: no second access rule for the API.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8, help_text=_("First characters of the key, to recognise it."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_key", verbose_name=_("service user")
    )
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, at: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > at)


class IdempotencyRecord(models.Model):
    """The answer to a creation made with an `Idempotency-Key`, written in the same transaction as
    the complaint: a retry after a lost answer (or a crash between commit and answer) replays it."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="idempotency_records")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    # Null only inside the creating transaction: the row is claimed first, so that concurrent
    # retries wait on the unique index instead of all doing the work.
    complaint = models.ForeignKey("complaints.Complaint", null=True, on_delete=models.CASCADE, related_name="idempotency_records")
    response_status = models.PositiveSmallIntegerField(null=True)
    # The JSON text of the first answer, replayed byte for byte (jsonb would reorder its keys).
    response_body = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["api_key", "key"], name="unique_idempotency_key_per_api_key")]

    def __str__(self) -> str:
        return f"{self.api_key_id}:{self.key}"

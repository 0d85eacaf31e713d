from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceCounter(models.Model):
    """Last number handed out per prefix and year; incremented inside the caller's transaction
    so that a rolled-back creation gives its number back (references stay gap-free)."""

    prefix = models.CharField(max_length=16)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_counter")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    DEAD = "dead", _("Failed (dead letter)")


class OutboxMessage(models.Model):
    """A side effect (email today; webhooks later) written in the same transaction as the change
    that causes it and delivered at least once by the worker."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.EMAIL)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # Display only (core does not depend on the complaints app).
    complaint_reference = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

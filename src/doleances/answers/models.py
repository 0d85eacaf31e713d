"""The answer to the customer: the decision and its remedy, and the satisfaction survey."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTIALLY_UPHELD = "partially_upheld", _("Partially upheld")
    REJECTED = "rejected", _("Rejected")


class Remedy(models.TextChoices):
    REFUND = "refund", _("Refund")
    CREDIT_NOTE = "credit_note", _("Credit note")
    VOUCHER = "voucher", _("Voucher")
    REPLACEMENT = "replacement", _("Replacement")
    REPAIR = "repair", _("Repair")
    COMMERCIAL_GESTURE = "commercial_gesture", _("Commercial gesture")
    APOLOGY_ONLY = "apology_only", _("Apology only")
    NONE = "none", _("None")


# Remedies that come with an amount of money.
REMEDIES_WITH_AMOUNT = frozenset({Remedy.REFUND, Remedy.CREDIT_NOTE, Remedy.VOUCHER, Remedy.COMMERCIAL_GESTURE})


class CustomerResponse(models.TextChoices):
    PENDING = "", _("No answer yet")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class Decision(models.Model):
    """One final answer: what was decided, why, what is offered, and the letter as sent."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=24, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"))
    remedy = models.CharField(_("remedy"), max_length=24, choices=Remedy.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    template = models.ForeignKey(
        "messaging.ResponseTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("template"),
    )
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("letter"))
    message = models.ForeignKey("complaints.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    letter = models.ForeignKey("complaints.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    writing_findings = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    customer_response = models.CharField(
        _("customer's answer"), max_length=16, choices=CustomerResponse.choices, blank=True, default=CustomerResponse.PENDING
    )
    customer_reason = models.TextField(_("customer's reason"), blank=True)
    responded_at = models.DateTimeField(_("answered by the customer at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["complaint", "-decided_at"], name="decision_latest_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.get_outcome_display()}"


def new_survey_token() -> str:
    return secrets.token_urlsafe(32)


class Survey(models.Model):
    """The satisfaction survey of one closed complaint (one per complaint): about the handling,
    not the product (ISO 10002 §8.3), in the three kinds of justice of seed 003."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.PROTECT, related_name="survey")
    token = models.CharField(max_length=64, unique=True, default=new_survey_token, editable=False)
    team = models.ForeignKey("complaints.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    solved = models.BooleanField(_("problem solved"), null=True)
    outcome_rating = models.PositiveSmallIntegerField(_("the outcome (1–5)"), null=True)
    process_rating = models.PositiveSmallIntegerField(_("the process (1–5)"), null=True)
    treatment_rating = models.PositiveSmallIntegerField(_("how you were treated (1–5)"), null=True)
    comment = models.TextField(_("comment"), blank=True)
    # A dissatisfied answer waits here for the quality manager, who may reopen the case.
    flagged = models.BooleanField(_("dissatisfied"), default=False)
    flag_handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome_rating__isnull=True) | models.Q(outcome_rating__gte=1, outcome_rating__lte=5),
                name="survey_outcome_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(process_rating__isnull=True) | models.Q(process_rating__gte=1, process_rating__lte=5),
                name="survey_process_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(treatment_rating__isnull=True) | models.Q(treatment_rating__gte=1, treatment_rating__lte=5),
                name="survey_treatment_rating_1_5",
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "answered_at", "reminded_at"], name="survey_reminder_idx")]

    def __str__(self) -> str:
        return f"survey {self.complaint_id}"

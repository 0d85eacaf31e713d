"""Notifications to staff: in the app (a row per recipient) and by email (through the outbox).

Messaging knows no complaint model: a notification names its case by reference and links to a
path in the agent UI. Escalations, deadline warnings, breaches and field notices all use
`messaging.notifications.notify`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from doleances.messaging import placeholders
from doleances.messaging.mandatory import LETTER_LABELS, OrganisationTexts


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


# Issue 20: response templates and the organisation's mandatory wording.


def check_placeholders(text: str) -> None:
    """Refuse, when a template is saved, a placeholder that is unknown or not closed."""
    errors = []
    for problem in placeholders.problems(text):
        if problem.code == "unknown_placeholder":
            errors.append(
                _("Unknown placeholder {{ %(name)s }}. Known: %(known)s.")
                % {"name": problem.name, "known": ", ".join(placeholders.PLACEHOLDERS)}
            )
        elif problem.code == "unclosed_placeholder":
            errors.append(_("A placeholder is not closed with }}: “%(text)s”.") % {"text": problem.name})
        else:
            errors.append(_("A }} closes no placeholder: “%(text)s”.") % {"text": problem.name})
    if errors:
        raise ValidationError(errors)


class TemplateDecision(models.TextChoices):
    ANY = "", _("Any decision")
    UPHELD = "upheld", _("Upheld")
    PARTIALLY_UPHELD = "partially_upheld", _("Partially upheld")
    REJECTED = "rejected", _("Rejected")


class ResponseTemplate(models.Model):
    """A script (seed 004) for one letter, in one language; narrowed by kind, category, channel
    and decision (blank: any). The most specific active template wins."""

    name = models.CharField(_("name"), max_length=120)
    letter = models.CharField(_("letter"), max_length=32, choices=[(k.value, v) for k, v in LETTER_LABELS.items()])
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    decision = models.CharField(_("decision"), max_length=24, choices=TemplateDecision.choices, blank=True)
    kind = models.CharField(_("kind of request"), max_length=16, blank=True, help_text=_("Blank: any kind."))
    category = models.CharField(_("category"), max_length=120, blank=True, help_text=_("A category's name; blank: any."))
    channel = models.CharField(_("channel"), max_length=16, blank=True, help_text=_("Blank: any channel."))
    subject = models.CharField(_("subject"), max_length=200, validators=[check_placeholders])
    body = models.TextField(
        _("text"),
        validators=[check_placeholders],
        help_text=format_lazy(_("Placeholders, written {{{{ name }}}}: {}."), ", ".join(placeholders.PLACEHOLDERS)),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")
        ordering = ["letter", "language", "decision", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    def save(self, *args, **kwargs):
        # Also when saved from code or a fixture, not only through a form.
        check_placeholders(self.subject)
        check_placeholders(self.body)
        super().save(*args, **kwargs)


DEFAULT_OMBUDSMAN_WORDING = (
    "If you remain dissatisfied, you may refer your complaint to the Financial Ombudsman Service, "
    "Exchange Tower, London E14 9SR, www.financial-ombudsman.org.uk, telephone 0800 023 4567. You must do "
    "so within {months} months of the date of this final response; if you do not refer your complaint in "
    "time, the Ombudsman will not have our permission to consider it. The service is free."
)
DEFAULT_NEXT_STEPS = (
    "If you are not satisfied with this response, you can submit a complaint to the Consumer Financial "
    "Protection Bureau at www.consumerfinance.gov/complaint or by calling (855) 411-2372."
)


class OrganisationSettings(models.Model):
    """Configured once per organisation: the letterhead and the mandatory wording of letters."""

    name = models.CharField(_("organisation name"), max_length=200, default="Doléances")
    letterhead_address = models.TextField(_("letterhead address"), blank=True)
    letterhead_footer = models.CharField(_("letterhead footer"), max_length=300, blank=True)
    mediator_name = models.CharField(_("mediator's name"), max_length=200, blank=True)
    mediator_address = models.TextField(_("mediator's postal address"), blank=True)
    mediator_website = models.CharField(_("mediator's website"), max_length=200, blank=True)
    ombudsman_wording = models.TextField(
        _("Financial Ombudsman Service wording"),
        default=DEFAULT_OMBUDSMAN_WORDING,
        help_text=_("{months} is replaced by the time limit."),
    )
    ombudsman_months = models.PositiveSmallIntegerField(_("time limit to refer to the Ombudsman (months)"), default=6)
    next_steps = models.TextField(_("CFPB next steps"), default=DEFAULT_NEXT_STEPS)

    class Meta:
        verbose_name = _("organisation settings")
        verbose_name_plural = _("organisation settings")

    def __str__(self) -> str:
        return str(self.name)

    def save(self, *args, **kwargs):
        self.pk = 1  # one row: the organisation's
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> OrganisationSettings:
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row

    def texts(self) -> OrganisationTexts:
        return OrganisationTexts(
            name=self.name,
            mediator_name=self.mediator_name.strip(),
            mediator_address=self.mediator_address.strip(),
            mediator_website=self.mediator_website.strip(),
            ombudsman_wording=self.ombudsman_wording.strip(),
            ombudsman_months=self.ombudsman_months,
            next_steps=self.next_steps.strip(),
        )

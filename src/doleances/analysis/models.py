"""What the analysis of a complaint found, the cold-start keyword rules and customer typologies.
Only `analysis.services` writes the analysis rows; admins edit the keyword rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from doleances.analysis.labels import CategoryDecision, CategorySource, RiskLevel, Tone, Typology
from doleances.complaints.models import Category, Complaint, Customer


class ComplaintAnalysis(models.Model):
    """The latest automatic reading of one complaint (subject, description, remedy sought)."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="analysis", verbose_name=_("complaint"))
    language = models.CharField(_("language"), max_length=8)
    language_confidence = models.FloatField(_("language confidence"), default=0.0)
    suggested_category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("suggested category")
    )
    category_confidence = models.FloatField(_("category confidence"), default=0.0)
    category_source = models.CharField(_("suggested by"), max_length=8, choices=CategorySource.choices, blank=True)
    # Runners-up: [[category name, confidence], ...]
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    tone = models.CharField(_("tone"), max_length=16, choices=Tone.choices)
    tone_score = models.FloatField(_("tone score"), default=0.0)
    # [{"phrase", "start", "end", "kind"}], offsets into the analysed text
    tone_evidence = models.JSONField(_("tone evidence"), default=list, blank=True)
    # {flag: [{"phrase", "start", "end"}]}
    risk_flags = models.JSONField(_("risk flags"), default=dict, blank=True)
    risk_score = models.PositiveSmallIntegerField(_("risk score"), default=0, db_index=True)
    risk_level = models.CharField(_("risk level"), max_length=16, choices=RiskLevel.choices)
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    is_vague = models.BooleanField(_("vague"), default=False)
    missing_facts = models.JSONField(_("missing facts"), default=list, blank=True)
    # Same fingerprint = same text up to case, accents, punctuation and digits (copy-paste campaigns).
    fingerprint = models.CharField(_("fingerprint"), max_length=16, db_index=True)
    model_version = models.CharField(_("model version"), max_length=32, blank=True)
    analysed_at = models.DateTimeField(_("analysed at"))
    category_decision = models.CharField(
        _("decision on the category"), max_length=16, choices=CategoryDecision.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint analysis")
        verbose_name_plural = _("complaint analyses")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.tone}, {self.risk_level}"


class CategoryKeywords(models.Model):
    """Cold start: phrases that point to a category until a model is trained."""

    category = models.OneToOneField(Category, on_delete=models.CASCADE, related_name="keywords", verbose_name=_("category"))
    phrases = models.TextField(
        _("phrases"),
        blank=True,
        help_text=_(
            "One phrase per line. Case and accents are ignored; a trailing * allows any ending "
            "(factur* matches facture, facturation)."
        ),
    )

    class Meta:
        verbose_name = _("category keywords")
        verbose_name_plural = _("category keywords")

    def __str__(self) -> str:
        return str(self.category)

    def phrase_list(self) -> list[str]:
        return [line.strip() for line in self.phrases.splitlines() if line.strip()]


class CustomerTypology(models.Model):
    """A hint on how a customer complains (from their recent texts), confirmed by a person."""

    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="typology", verbose_name=_("customer"))
    suggested = models.CharField(_("suggested profile"), max_length=32, choices=Typology.choices, blank=True)
    confidence = models.FloatField(_("confidence"), default=0.0)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    confirmed = models.CharField(_("confirmed profile"), max_length=32, choices=Typology.choices, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("customer typology")
        verbose_name_plural = _("customer typologies")

    def __str__(self) -> str:
        return f"{self.customer}: {self.confirmed or self.suggested or '-'}"

"""Routing rules: what an administrator sets so that an analysed complaint finds its team and
priority. Admins edit them; `routing.services` applies them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from doleances.analysis.labels import RiskFlag, Tone
from doleances.analysis.models import ComplaintAnalysis
from doleances.complaints.enums import Channel, Priority
from doleances.complaints.models import Category, Complaint, Team


class RoutingRule(models.Model):
    """If every condition given holds, set the team and/or the priority. The first active rule
    that matches (lowest order) applies, once, right after the first analysis."""

    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveIntegerField(_("order"), default=100, help_text=_("Rules are tried from the lowest order up."))
    is_active = models.BooleanField(_("active"), default=True)
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("category"),
        help_text=_("The complaint's category or, while it has none, the suggested one."),
    )
    tone_in = models.CharField(
        _("tone is one of"),
        max_length=100,
        blank=True,
        help_text=_("Comma-separated: calm, dissatisfied, angry, distressed."),
    )
    risk_flag = models.CharField(_("risk flag"), max_length=16, choices=RiskFlag.choices, blank=True)
    min_risk_score = models.PositiveSmallIntegerField(_("minimum risk score"), null=True, blank=True, help_text=_("0 to 100."))
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("Detected language code, e.g. fr, en."))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True)
    vip_only = models.BooleanField(_("VIP customers only"), default=False)
    set_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("set team")
    )
    set_priority = models.CharField(_("set priority"), max_length=16, choices=Priority.choices, blank=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def tones(self) -> set[str]:
        return {part.strip() for part in self.tone_in.split(",") if part.strip()}

    def clean(self) -> None:
        unknown = self.tones() - set(Tone.values)
        if unknown:
            raise ValidationError({"tone_in": _("Unknown tone: %(tones)s.") % {"tones": ", ".join(sorted(unknown))}})
        if self.set_team_id is None and not self.set_priority:
            raise ValidationError(_("A rule must set a team, a priority or both."))

    def matches(self, complaint: Complaint, analysis: ComplaintAnalysis) -> bool:
        """Every condition given holds (an empty condition is no condition)."""
        category_id = complaint.category_id or analysis.suggested_category_id
        checks = (
            self.category_id is None or self.category_id == category_id,
            not self.tone_in or analysis.tone in self.tones(),
            not self.risk_flag or bool(analysis.risk_flags.get(self.risk_flag)),
            self.min_risk_score is None or analysis.risk_score >= self.min_risk_score,
            not self.language or analysis.language == self.language,
            not self.channel or complaint.channel == self.channel,
            not self.vip_only or complaint.customer.is_vip,
        )
        return all(checks)

"""Routing configuration: the rules that send an analysed complaint to its team (with a priority,
tags and a way to pick the handler inside the team), the tags, the handlers' skills and absences,
and each team's round-robin position. Admins edit the configuration; `routing.services` applies it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from doleances.analysis.labels import RiskFlag, Tone, Typology
from doleances.complaints.enums import Channel, Kind, Priority
from doleances.complaints.models import Category, Complaint, Team
from doleances.routing import conditions
from doleances.routing.conditions import Check, Facts


class Strategy(models.TextChoices):
    """How a routed complaint finds its handler inside the team (issue 18)."""

    ROUND_ROBIN = "round_robin", _("Round robin (each available handler in turn)")
    LEAST_LOADED = "least_loaded", _("Least loaded (fewest open cases, weighted by priority)")
    SKILLS = "skills", _("Skills (category or language), then least loaded")


TAG_MAX_LENGTH = 60


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=TAG_MAX_LENGTH, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ComplaintTag(models.Model):
    """A tag on a complaint, set by a routing rule or by a person (`routing.services.tag_complaint`)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="complaint_links", verbose_name=_("tag"))
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("complaint tag")
        verbose_name_plural = _("complaint tags")
        ordering = ["tag__name"]
        constraints = [models.UniqueConstraint(fields=["complaint", "tag"], name="unique_complaint_tag")]

    def __str__(self) -> str:
        return self.tag.name


class Skill(models.Model):
    """What a handler is good at, for the skills strategy: a category (and its subcategories), a
    language, or both (then both must hold)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routing_skills", verbose_name=_("handler")
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("category")
    )
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("Language code, e.g. fr, en."))

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["user__username", "pk"]

    def __str__(self) -> str:
        return " · ".join(str(part) for part in (self.category, self.language) if part)

    def clean(self) -> None:
        if self.category_id is None and not self.language:
            raise ValidationError(_("A skill names a category, a language or both."))

    def covers(self, category_ids: frozenset[int], language: str) -> bool:
        """`category_ids`: the complaint's category and its parents."""
        return (self.category_id is None or self.category_id in category_ids) and (not self.language or self.language == language)


class Absence(models.Model):
    """A handler away (leave, training, sickness): automatic assignment skips them, both days included."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences", verbose_name=_("who"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (included)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["ends_on", "starts_on"], name="absence_period_idx")]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_on:%Y-%m-%d} → {self.ends_on:%Y-%m-%d}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The absence cannot end before it starts.")})


class TeamRotation(models.Model):
    """Where the round robin of a team stands: the last handler it gave a case to. Locked while a
    case is given, so two complaints routed at once go to two people."""

    team = models.OneToOneField(Team, primary_key=True, on_delete=models.CASCADE, related_name="+")
    last_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("round-robin position")
        verbose_name_plural = _("round-robin positions")

    def __str__(self) -> str:
        return str(self.team_id)


class RoutingRule(models.Model):
    """If every condition given holds, set the team, the priority, tags and the assignment strategy.
    The first active rule that matches (lowest order, then oldest) applies, after the first analysis
    and again on re-qualification."""

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
    # Issue 18: more conditions, tags and the strategy inside the team.
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, blank=True)
    segment = models.CharField(_("customer segment"), max_length=64, blank=True, help_text=_("As written on the customer."))
    min_amount = models.DecimalField(_("claimed amount from"), max_digits=12, decimal_places=2, null=True, blank=True)
    max_amount = models.DecimalField(_("claimed amount up to"), max_digits=12, decimal_places=2, null=True, blank=True)
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "Comma-separated words or phrases, one of which must appear in the subject or the description "
            "(whole words; capitals and accents do not matter)."
        ),
    )
    typology = models.CharField(
        _("customer profile"),
        max_length=32,
        choices=Typology.choices,
        blank=True,
        help_text=_("The customer's confirmed profile or, while none is confirmed, the suggested one."),
    )
    set_tags = models.ManyToManyField(Tag, blank=True, related_name="+", verbose_name=_("add tags"))
    set_strategy = models.CharField(
        _("assign inside the team"),
        max_length=16,
        choices=Strategy.choices,
        blank=True,
        help_text=_("Leave empty to let the team take the case from its unassigned queue."),
    )

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
        if self.min_amount is not None and self.max_amount is not None and self.max_amount < self.min_amount:
            raise ValidationError({"max_amount": _("The upper bound is below the lower bound.")})
        if self.keywords and not conditions.split_keywords(self.keywords):
            raise ValidationError({"keywords": _("Write at least one word.")})
        # "A rule must do something" needs its tags too: the admin form checks it (routing.admin).

    def checks(self, facts: Facts) -> list[Check]:
        """Each condition given, in a fixed order, with the complaint's value and whether it holds
        (an empty condition is no condition)."""
        return conditions.evaluate(
            facts,
            category_id=self.category_id,
            category_label=str(self.category) if self.category_id else "",
            tones=self.tones(),
            risk_flag=self.risk_flag,
            min_risk_score=self.min_risk_score,
            language=self.language,
            channel=self.channel,
            vip_only=self.vip_only,
            kind=self.kind,
            segment=self.segment,
            min_amount=self.min_amount,
            max_amount=self.max_amount,
            keywords=self.keywords,
            typology=self.typology,
        )

    def matches(self, facts: Facts) -> bool:
        return all(check.holds for check in self.checks(facts))

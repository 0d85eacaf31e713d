"""Systemic issues (`Problem`, "dérive générale") and their append-only decision log.

A problem groups complaints that share one cause. Detection proposes it from a surge of one
category or a cluster of near-identical complaints; a quality manager, supervisor or administrator
confirms or dismisses it. Only `quality.services` writes these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doleances.complaints.models import AppendOnlyError, Category, Complaint
from doleances.quality import wording


class ProblemStatus(models.TextChoices):
    # A context of their own: in French a problem is masculine, a complaint feminine.
    PROPOSED = "proposed", pgettext_lazy("problem status", "Proposed")
    CONFIRMED = "confirmed", pgettext_lazy("problem status", "Confirmed")
    DISMISSED = "dismissed", pgettext_lazy("problem status", "Dismissed")
    CLOSED = "closed", pgettext_lazy("problem status", "Closed")


class ProblemOrigin(models.TextChoices):
    DETECTED = "detected", _("Detected")
    MANUAL = "manual", _("Manual")


class Problem(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.PROPOSED)
    origin = models.CharField(_("origin"), max_length=16, choices=ProblemOrigin.choices)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="problems", verbose_name=_("category")
    )
    complaints = models.ManyToManyField(
        Complaint, through="ProblemComplaint", related_name="problems", verbose_name=_("complaints")
    )
    # What detection saw: window, counts, baseline, expected, p-value, ratio, terms, rule.
    evidence = models.JSONField(_("detection evidence"), default=dict, blank=True)
    # One problem per surge of a category (first window end) or per cluster: re-running
    # detection updates it instead of proposing it again. NULL for manual problems.
    detection_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    # Last day of the latest detection window; an ongoing surge keeps updating the same problem.
    window_end = models.DateField(_("window end"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="problem_status_idx"),
            models.Index(fields=["category", "window_end"], name="problem_category_window_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    # Detection stores its title and sentences in whatever language it ran in; screens word them
    # again from the evidence in the reader's language, and fall back to the stored text.
    def _category_name(self) -> str | None:
        return str(self.category) if self.category_id is not None else None

    def _detected(self) -> bool:
        return self.origin == ProblemOrigin.DETECTED and bool(self.evidence)

    @property
    def display_title(self) -> str:
        """The title in the active language (a manual problem's title is what its author wrote)."""
        if not self._detected():
            return self.title
        return wording.problem_title(self.evidence, category=self._category_name()) or self.title

    @property
    def explanation(self) -> list[tuple[str, str]]:
        """The rule then what detection saw, as (sentence, language) pairs: the language is set
        ("en") when a sentence could not be worded again and the stored English text stands in."""
        if not self._detected():
            return []
        category = self._category_name()
        pairs = [
            (wording.rule_sentence(self.evidence), self.evidence.get("rule_text", "")),
            (wording.evidence_sentence(self.evidence, category=category), self.evidence.get("evidence_text", "")),
        ]
        return [(worded, "") if worded else (stored, "en") for worded, stored in pairs if worded or stored]


class ProblemComplaint(models.Model):
    """A complaint linked to a problem, and when (linking is part of the record)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="links")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="problem_links")
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("complaint of a problem")
        verbose_name_plural = _("complaints of problems")
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["problem", "complaint"], name="unique_problem_complaint")]

    def __str__(self) -> str:
        return f"{self.problem_id} ← {self.complaint_id}"


class ProblemEvent(models.Model):
    """Append-only log of what happened to a problem (proposed, updated, decided, linked)."""

    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=64)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("problem event")
        verbose_name_plural = _("problem events")
        ordering = ["problem_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.action

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("problem events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("problem events are append-only")

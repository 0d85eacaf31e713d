"""Reads of problems for the staff screens. Linked complaints always go through
`visible_complaints(user)`: a problem never reveals a complaint its reader may not see."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from doleances.complaints.access import sees_everything, visible_complaints
from doleances.quality import wording
from doleances.quality.access import may_view_problems
from doleances.quality.models import Problem, ProblemStatus

MAX_LIST = 200
# Proposed problems wait for a decision: they come first.
_STATUS_ORDER = Case(
    When(status=ProblemStatus.PROPOSED, then=Value(0)),
    When(status=ProblemStatus.CONFIRMED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _linked_count(user) -> Count:
    if sees_everything(user):
        return Count("links")
    return Count("links", filter=Q(links__complaint__in=visible_complaints(user).values("pk")))


def problems_for(user, *, status: str = "") -> QuerySet[Problem]:
    if not may_view_problems(user):
        return Problem.objects.none()
    problems = Problem.objects.select_related("category", "category__parent").annotate(
        linked_count=_linked_count(user), status_order=_STATUS_ORDER
    )
    if status:
        problems = problems.filter(status=status)
    return problems.order_by("status_order", "-updated_at", "-id")


@dataclass(frozen=True)
class ProblemRow:
    """One line of the problem list (labels in the language of the request)."""

    pk: int
    title: str  # in the reader's language for a detected problem
    status: str
    status_display: str
    category: str  # "" when it has none
    linked_count: int  # linked complaints the reader may see
    window_start: date | None  # detection window (none for a problem recorded by hand)
    window_end: date | None
    origin_display: str
    updated_at: datetime


def problem_rows(user, *, status: str = "", limit: int = MAX_LIST) -> list[ProblemRow]:
    """The problems `user` may see, those waiting for a decision first (one query)."""
    return [
        ProblemRow(
            pk=problem.pk,
            title=problem.display_title,
            status=problem.status,
            status_display=problem.get_status_display(),
            category=str(problem.category) if problem.category_id is not None else "",
            linked_count=problem.linked_count,  # type: ignore[attr-defined]  # annotated by problems_for
            window_start=evidence_date(problem.evidence, "window_start"),
            window_end=evidence_date(problem.evidence, "window_end"),
            origin_display=problem.get_origin_display(),
            updated_at=problem.updated_at,
        )
        for problem in problems_for(user, status=status)[:limit]
    ]


def evidence_date(evidence: dict, key: str) -> date | None:
    """An ISO date that detection kept in the evidence JSON (None when absent or malformed)."""
    try:
        return date.fromisoformat((evidence or {})[key])
    except (KeyError, TypeError, ValueError):
        return None


def status_counts(user) -> dict[str, int]:
    if not may_view_problems(user):
        return {}
    counts = dict(Problem.objects.order_by().values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in ProblemStatus.values}


def get_problem_for(user, pk: int) -> Problem:
    try:
        return problems_for(user).select_related("decided_by").get(pk=pk)
    except Problem.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class LinkedComplaint:
    reference: str
    subject: str
    customer_name: str
    status_display: str
    received_at: datetime


def linked_complaints_for(user, problem: Problem) -> list[LinkedComplaint]:
    """The problem's complaints that `user` may see, newest first (one query)."""
    complaints = (
        visible_complaints(user).filter(problem_links__problem=problem).select_related("customer").order_by("-received_at", "-id")
    )
    return [
        LinkedComplaint(
            reference=complaint.reference,
            subject=complaint.subject,
            customer_name=complaint.customer.name,
            status_display=complaint.get_status_display(),
            received_at=complaint.received_at,
        )
        for complaint in complaints
    ]


@dataclass(frozen=True)
class ProblemHistoryItem:
    at: datetime
    action: str
    actor_label: str
    note: str


def events_of(problem: Problem) -> list[ProblemHistoryItem]:
    """The problem's decision log, newest first."""
    events = problem.events.order_by("-created_at", "-id")
    return [
        ProblemHistoryItem(
            at=event.created_at, action=event.action, actor_label=event.actor_label, note=(event.data or {}).get("note", "")
        )
        for event in events
    ]


@dataclass(frozen=True)
class Significance:
    """The detection rule in numbers a person can read."""

    rule: str
    window_count: int
    window_days: int
    expected: float
    baseline_count: int
    baseline_days: int
    chance_one_in: int  # the chance of so many by coincidence is below 1 in this number
    alpha: float
    categories_tested: int
    min_count: int
    min_ratio: float
    ratio: float
    top_terms: tuple[str, ...]
    summary: str  # counts against the baseline, in words, plurals right
    chance: str  # how likely a coincidence is, in words
    threshold: str  # when detection proposes a surge, in words


def chance_one_in(p_value: float, *, cap: int = 9) -> int:
    """10**k with p ≤ 10**-k (k at most `cap`): "below 1 in 10,000"."""
    if p_value <= 0:
        return 10**cap
    k = max(0, min(cap, math.floor(-math.log10(p_value))))
    return 10**k


def significance(problem: Problem) -> Significance | None:
    evidence = problem.evidence or {}
    if evidence.get("rule") != "surge":
        return None
    return Significance(
        rule="surge",
        window_count=evidence["window_count"],
        window_days=evidence["window_days"],
        expected=evidence["expected"],
        baseline_count=evidence["baseline_count"],
        baseline_days=evidence["baseline_days"],
        chance_one_in=chance_one_in(evidence["p_value"]),
        alpha=evidence["alpha"],
        categories_tested=evidence.get("categories_tested", 1),
        min_count=evidence["min_count"],
        min_ratio=evidence["min_ratio"],
        ratio=evidence["ratio"],
        top_terms=tuple(evidence.get("top_terms", ())),
        summary=wording.surge_summary(evidence),
        chance=wording.chance_in_words(float(evidence["p_value"])),
        threshold=wording.surge_threshold(evidence),
    )

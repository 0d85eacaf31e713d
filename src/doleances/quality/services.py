"""The only writers of problems: manual creation, decisions, linking (detection is in
`quality.detection`).

Each service checks permission, changes the problem and appends its `ProblemEvent` in one
transaction. Decisions follow the explicit table `TRANSITIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from doleances.complaints.access import require, require_person, visible_complaints
from doleances.complaints.models import Category, Complaint
from doleances.core import clock
from doleances.core.actors import Actor
from doleances.core.errors import Conflict, DoleancesError, Forbidden
from doleances.quality import detection
from doleances.quality.access import DECIDE_PROBLEMS
from doleances.quality.models import Problem, ProblemOrigin, ProblemStatus
from doleances.quality.records import add_links, record_problem_event

MAX_NOTE = 5_000


@dataclass(frozen=True)
class Transition:
    frm: frozenset[str]
    to: str


# decision -> which statuses allow it and where it leads
TRANSITIONS: dict[str, Transition] = {
    "confirm": Transition(frozenset({ProblemStatus.PROPOSED}), ProblemStatus.CONFIRMED),
    "dismiss": Transition(frozenset({ProblemStatus.PROPOSED, ProblemStatus.CONFIRMED}), ProblemStatus.DISMISSED),
    "close": Transition(frozenset({ProblemStatus.CONFIRMED}), ProblemStatus.CLOSED),
}


def allowed_decisions(status: str) -> list[str]:
    return [name for name, transition in TRANSITIONS.items() if status in transition.frm]


def _lock(problem: Problem) -> Problem:
    return Problem.objects.select_for_update().get(pk=problem.pk)


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DoleancesError(
            "too_long", _("This text is too long (%(max)d characters at most).") % {"max": MAX_NOTE}, field="note"
        )
    return note


def _visible_ids(actor, complaints: Iterable[Complaint | int]) -> list[int]:
    """The ids, when the person (already allowed to decide) sees every one of them."""
    ids = {c if isinstance(c, int) else c.pk for c in complaints}
    if not ids:
        return []
    visible = set(visible_complaints(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if visible != ids:
        raise Forbidden("permission_denied", _("You cannot link a complaint you are not allowed to see."))
    return sorted(ids)


def create_problem(
    *,
    title: str,
    description: str = "",
    category: Category | None = None,
    complaints: Iterable[Complaint | int] = (),
    actor: Actor,
) -> Problem:
    """A problem someone recognised by hand: it starts confirmed (the person decided)."""
    person = require_person(actor, DECIDE_PROBLEMS)
    title = (title or "").strip()
    if not title:
        raise DoleancesError("empty", _("This field cannot be empty."), field="title")
    ids = _visible_ids(actor, complaints)
    at = clock.now()
    with transaction.atomic():
        problem = Problem.objects.create(
            title=title[:200],
            description=(description or "").strip(),
            status=ProblemStatus.CONFIRMED,
            origin=ProblemOrigin.MANUAL,
            category=category,
            created_at=at,
            updated_at=at,
            created_by=person,
            decided_by=person,
            decided_at=at,
        )
        add_links(problem, ids, actor=actor, at=at)
        record_problem_event(problem, "problem.created", actor=actor, at=at, data={"complaints": ids})
    return problem


def _decide(problem: Problem, decision: str, *, actor: Actor, note: str = "") -> Problem:
    person = require_person(actor, DECIDE_PROBLEMS)
    note = _clean_note(note)
    transition = TRANSITIONS[decision]
    at = clock.now()
    with transaction.atomic():
        problem = _lock(problem)
        old = problem.status
        if old not in transition.frm:
            raise Conflict(
                "transition_not_allowed",
                _("This decision is not possible on a problem whose status is “%(status)s”.")
                % {"status": problem.get_status_display()},
            )
        problem.status = transition.to
        problem.decided_by = person
        problem.decided_at = at
        problem.decision_note = note
        problem.updated_at = at
        problem.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
        record_problem_event(
            problem, f"problem.{transition.to}", actor=actor, at=at, data={"from": old, "to": transition.to, "note": note}
        )
    return problem


def confirm_problem(problem: Problem, *, actor, note: str = "") -> Problem:
    """A general drift: a corrective action plan is needed."""
    return _decide(problem, "confirm", actor=actor, note=note)


def dismiss_problem(problem: Problem, *, actor, note: str) -> Problem:
    """Isolated dysfunctions or noise; the reason is required. Detection never reopens it."""
    if not (note or "").strip():
        raise DoleancesError("empty", _("Say why this is not a systemic problem."), field="note")
    return _decide(problem, "dismiss", actor=actor, note=note)


def close_problem(problem: Problem, *, actor, note: str = "") -> Problem:
    return _decide(problem, "close", actor=actor, note=note)


def decide_problem(problem: Problem, decision: str, *, actor, note: str = "") -> Problem:
    """One door for the UI: `decision` is one of TRANSITIONS."""
    services: dict[str, Callable[..., Problem]] = {"confirm": confirm_problem, "dismiss": dismiss_problem, "close": close_problem}
    if decision not in services:
        raise DoleancesError("unknown_decision", _("Unknown decision."))
    return services[decision](problem, actor=actor, note=note)


def link_complaints(problem: Problem, complaints: Iterable[Complaint | int], *, actor) -> list[int]:
    """Attach complaints (that the actor may see) to a problem; returns the newly linked ids."""
    require(actor, DECIDE_PROBLEMS)
    ids = _visible_ids(actor, complaints)
    at = clock.now()
    with transaction.atomic():
        problem = _lock(problem)
        if problem.status in (ProblemStatus.DISMISSED, ProblemStatus.CLOSED):
            raise Conflict("problem_finished", _("This problem is dismissed or closed."))
        new_ids = add_links(problem, ids, actor=actor, at=at)
        if new_ids:
            problem.updated_at = at
            problem.save(update_fields=["updated_at"])
            record_problem_event(problem, "problem.complaints_linked", actor=actor, at=at, data={"complaints": new_ids})
    return new_ids


def detect_problems(*, today=None, **options) -> list[Problem]:
    """Propose problems from surges and clusters (see `quality.detection`)."""
    return detection.detect_problems(today=today, **options)

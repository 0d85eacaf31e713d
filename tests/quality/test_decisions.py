"""Confirm, dismiss, close and link: who may, which states allow it, and the audit event."""

from __future__ import annotations

import pytest

from doleances.core.errors import Conflict, DoleancesError, Forbidden
from doleances.quality.models import ProblemOrigin, ProblemStatus
from doleances.quality.services import (
    close_problem,
    confirm_problem,
    create_problem,
    detect_problems,
    dismiss_problem,
    link_complaints,
)
from tests.fixtures.objects import make_team, make_user
from tests.quality.conftest import TODAY, complaints_on, days_ago


@pytest.fixture
def proposed(billing):
    complaints_on([days_ago(0)] * 6, category=billing)
    [problem] = detect_problems(today=TODAY)
    return problem


def events(problem) -> list[tuple]:
    return list(problem.events.order_by("id").values_list("action", "actor__username", "data"))


@pytest.mark.parametrize("role", ["quality_manager", "supervisor", "administrator"])
def test_deciders_confirm_and_the_event_is_recorded(proposed, role):
    person = make_user(role, username=f"decider-{role}")

    problem = confirm_problem(proposed, actor=person, note="Plan d'action ouvert")

    problem.refresh_from_db()
    assert (problem.status, problem.decided_by, problem.decision_note) == (
        ProblemStatus.CONFIRMED,
        person,
        "Plan d'action ouvert",
    )
    assert problem.decided_at is not None
    assert events(problem)[1:] == [
        ("problem.confirmed", person.username, {"from": "proposed", "to": "confirmed", "note": "Plan d'action ouvert"})
    ]


@pytest.mark.parametrize("role", ["agent", "auditor", "contributor"])
def test_agent_auditor_and_contributor_may_not_decide(proposed, role):
    person = make_user(role)

    for decide in (confirm_problem, dismiss_problem):
        with pytest.raises(Forbidden):
            decide(proposed, actor=person, note="non")

    proposed.refresh_from_db()
    assert proposed.status == ProblemStatus.PROPOSED
    assert [e[0] for e in events(proposed)] == ["problem.proposed"]


def test_dismissing_needs_a_reason(proposed):
    with pytest.raises(DoleancesError) as error:
        dismiss_problem(proposed, actor=make_user("quality_manager"), note="  ")
    assert error.value.code == "empty"


def test_close_only_a_confirmed_problem(proposed):
    quality = make_user("quality_manager")
    with pytest.raises(Conflict):
        close_problem(proposed, actor=quality)

    confirm_problem(proposed, actor=quality)
    problem = close_problem(proposed, actor=quality, note="Actions corrective terminées")

    assert problem.status == ProblemStatus.CLOSED
    assert [e[0] for e in events(problem)] == ["problem.proposed", "problem.confirmed", "problem.closed"]


def test_manual_problem_starts_confirmed_with_its_complaints(billing):
    quality = make_user("quality_manager")
    linked = complaints_on([days_ago(1), days_ago(2)], category=billing)

    problem = create_problem(title="Retards de remboursement", category=billing, complaints=linked, actor=quality)

    assert (problem.status, problem.origin, problem.decided_by) == (ProblemStatus.CONFIRMED, ProblemOrigin.MANUAL, quality)
    assert set(problem.complaints.all()) == set(linked)
    assert events(problem) == [("problem.created", quality.username, {"complaints": sorted(c.pk for c in linked)})]


def test_linking_is_recorded_and_limited_to_visible_complaints(proposed):
    team_a, team_b = make_team("A"), make_team("B")
    supervisor = make_user("supervisor", teams=(team_a,))
    [inside] = complaints_on([days_ago(5)], team=team_a)
    [outside] = complaints_on([days_ago(5)], team=team_b)

    with pytest.raises(Forbidden):
        link_complaints(proposed, [inside, outside], actor=supervisor)
    assert link_complaints(proposed, [inside], actor=supervisor) == [inside.pk]
    assert link_complaints(proposed, [inside], actor=supervisor) == []

    assert proposed.links.get(complaint=inside).added_by == supervisor
    assert events(proposed)[-1] == ("problem.complaints_linked", supervisor.username, {"complaints": [inside.pk]})

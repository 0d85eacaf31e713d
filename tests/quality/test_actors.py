"""Deciding on problems is a person's: `None` and `SYSTEM` are refused by every decision; detection
proposes as the system, and its events and links name no one."""

import pytest

from doleances.core.actors import SYSTEM
from doleances.core.errors import Forbidden
from doleances.quality import services
from doleances.quality.models import Problem, ProblemStatus
from tests.fixtures.objects import make_user
from tests.quality.conftest import TODAY, complaints_on, days_ago

DECISIONS = {
    "create": lambda problem, actor: services.create_problem(title="Retards", actor=actor),
    "confirm": lambda problem, actor: services.confirm_problem(problem, actor=actor),
    "dismiss": lambda problem, actor: services.dismiss_problem(problem, actor=actor, note="Bruit"),
    "close": lambda problem, actor: services.close_problem(problem, actor=actor),
    "link": lambda problem, actor: services.link_complaints(problem, [], actor=actor),
}


@pytest.fixture
def proposed(billing) -> Problem:
    complaints_on([days_ago(0)] * 6, category=billing)
    [problem] = services.detect_problems(today=TODAY)
    return problem


@pytest.mark.parametrize("decision", list(DECISIONS))
@pytest.mark.parametrize(("actor", "code"), [(None, "no_actor"), (SYSTEM, "system_not_allowed")], ids=["none", "system"])
def test_no_decision_on_a_problem_is_taken_without_a_person(proposed, decision, actor, code):
    with pytest.raises(Forbidden) as error:
        DECISIONS[decision](proposed, actor)

    proposed.refresh_from_db()
    assert (error.value.code, error.value.status) == (code, 403)
    assert (Problem.objects.count(), proposed.status, proposed.events.count()) == (1, ProblemStatus.PROPOSED, 1)


def test_detection_proposes_as_the_system_naming_no_one(proposed):
    event = proposed.events.get()
    assert (event.action, event.actor, event.actor_label) == ("problem.proposed", None, "")
    assert set(proposed.links.values_list("added_by", flat=True)) == {None}


def test_a_quality_manager_still_decides(proposed):
    quality = make_user("quality_manager")
    assert services.confirm_problem(proposed, actor=quality).decided_by == quality

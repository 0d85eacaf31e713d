"""The problem pages: list (proposed first, counts), detail (evidence in plain words, only
visible complaints), decisions for deciders only."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doleances.quality.models import ProblemStatus
from doleances.quality.services import create_problem, detect_problems
from tests.agent.conftest import login
from tests.fixtures.objects import make_team, make_user
from tests.quality.conftest import TODAY, complaints_on, days_ago

LIST = reverse("agent:problem_list")


@pytest.fixture
def teams(db):
    return make_team("Équipe A"), make_team("Équipe B")


@pytest.fixture
def surge(billing, teams):
    """8 complaints of team A and 4 of team B in the last 3 days; 2 in the baseline."""
    team_a, team_b = teams
    complaints_on([days_ago(20), days_ago(10)], category=billing, team=team_a)
    inside = complaints_on([days_ago(n % 3) for n in range(8)], category=billing, team=team_a, subject="Secret A")
    outside = complaints_on([days_ago(n % 3) for n in range(4)], category=billing, team=team_b, subject="Secret B")
    [problem] = detect_problems(today=TODAY)
    return problem, inside, outside


def test_detail_explains_the_rule_in_plain_words(surge):
    problem, _inside, _outside = surge
    page = login(make_user("quality_manager")).get(reverse("agent:problem_detail", args=[problem.pk])).content.decode()

    assert "12 complaints in 3 days, where 0.3 were expected from the previous 28 days (2 complaints then)." in page
    assert "The chance of so many by coincidence: less than one chance in a billion." in page
    assert (
        "Proposed when a coincidence is less likely than one chance in 100 (1 category tested), with at least "
        "5 complaints and at least 2 times the usual rate (here 44.8 times)."
    ) in page
    evidence = page[page.index('data-testid="evidence"') : page.index('aria-labelledby="complaints-title"')]
    assert "p-value" not in evidence
    assert re.search(r"\de-\d", evidence) is None  # no "4e-17": the significance is in words


def test_detail_shows_only_the_complaints_the_reader_may_see(surge, teams):
    problem, inside, outside = surge
    supervisor = make_user("supervisor", teams=(teams[0],))

    response = login(supervisor).get(reverse("agent:problem_detail", args=[problem.pk]))

    shown = [c.reference for c in response.context["complaints"]]
    assert sorted(shown) == sorted(c.reference for c in inside)
    assert "Secret B" not in response.content.decode()
    assert all(c.reference not in response.content.decode() for c in outside)


def test_auditor_reads_without_buttons_and_may_not_decide(surge):
    problem, _inside, _outside = surge
    client = login(make_user("auditor"))
    url = reverse("agent:problem_detail", args=[problem.pk])

    page = client.get(url).content.decode()
    response = client.post(reverse("agent:problem_decide", args=[problem.pk]), {"decision": "confirm"})

    assert 'name="decision"' not in page
    assert "Read only" in page
    assert response.status_code == 403
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.PROPOSED


def test_quality_manager_confirms_then_dismissing_without_reason_is_a_form_error(surge):
    problem, _inside, _outside = surge
    quality = make_user("quality_manager")
    client = login(quality)
    decide = reverse("agent:problem_decide", args=[problem.pk])

    refused = client.post(decide, {"decision": "dismiss", "note": ""})
    confirmed = client.post(decide, {"decision": "confirm", "note": "Plan d'action"}, follow=True)

    assert refused.status_code == 400
    assert "Say why this is not a systemic problem." in refused.content.decode()
    assert "Problem confirmed: a corrective action plan is needed." in confirmed.content.decode()
    problem.refresh_from_db()
    assert (problem.status, problem.decided_by, problem.decision_note) == (ProblemStatus.CONFIRMED, quality, "Plan d'action")


def test_agents_get_403_on_problem_pages(surge):
    problem, _inside, _outside = surge
    client = login(make_user("agent"))
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("agent:problem_detail", args=[problem.pk])).status_code == 403


def test_list_puts_proposed_first_with_visible_counts(surge, teams, billing):
    problem, inside, _outside = surge
    quality = make_user("quality_manager")
    confirmed = create_problem(title="Retards", category=billing, complaints=inside[:2], actor=quality)
    supervisor = make_user("supervisor", teams=(teams[0],))

    response = login(supervisor).get(LIST)

    rows = [(p.pk, p.status, p.linked_count) for p in response.context["problems"]]
    assert rows == [(problem.pk, "proposed", 8), (confirmed.pk, "confirmed", 2)]
    assert response.context["counts"] == {"proposed": 1, "confirmed": 1, "dismissed": 0, "closed": 0}


def test_list_query_count_does_not_grow_with_problems(db, billing):
    quality = make_user("quality_manager")
    client = login(quality)
    create_problem(title="Un", category=billing, actor=quality)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for title in ("Deux", "Trois"):
        create_problem(title=title, category=billing, actor=quality)
    with CaptureQueriesContext(connection) as three:
        response = client.get(LIST)

    assert len(response.context["problems"]) == 3
    assert len(three) == len(one)

"""Detection proposes a problem for a surge or a cluster, once, and never reopens a dismissed one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from scipy.stats import poisson

from doleances.quality.models import Problem, ProblemComplaint, ProblemOrigin, ProblemStatus
from doleances.quality.services import detect_problems, dismiss_problem
from tests.fixtures.objects import make_user
from tests.quality.conftest import TODAY, complaints_on, days_ago

# 12 complaints in the last 3 days; 2 in the 28 days before.
BURST_DAYS = [days_ago(0)] * 5 + [days_ago(1)] * 4 + [days_ago(2)] * 3
QUIET_DAYS = [days_ago(20), days_ago(10)]
# One complaint every other day, window included: nothing unusual.
STEADY_DAYS = [days_ago(n) for n in range(0, 31, 2)]


def links(problem: Problem) -> set[int]:
    return set(problem.links.values_list("complaint_id", flat=True))


def actions(problem: Problem) -> list[str]:
    return list(problem.events.order_by("id").values_list("action", flat=True))


@pytest.fixture
def burst(billing):
    complaints_on(QUIET_DAYS, category=billing)
    return complaints_on(BURST_DAYS, category=billing)


def test_burst_in_one_category_gives_exactly_one_proposed_problem_with_members_and_evidence(billing, delivery, burst):
    complaints_on(STEADY_DAYS, category=delivery, description="Colis livré en retard", subject="Retard")

    with translation.override("en"):
        problems = detect_problems(today=TODAY)

    assert problems == list(Problem.objects.all())
    [problem] = problems
    assert (problem.status, problem.origin, problem.category) == (ProblemStatus.PROPOSED, ProblemOrigin.DETECTED, billing)
    assert links(problem) == {c.pk for c in burst}
    assert problem.detection_key == f"surge:{billing.pk}:2026-03-12"
    assert problem.title.startswith("Surge of complaints: Facturation (double prélèvement")
    evidence = dict(problem.evidence)
    expected = 2.5 / 28 * 3
    assert evidence.pop("p_value") == pytest.approx(poisson.sf(11, expected))
    assert evidence.pop("top_terms")[0] == "double prélèvement"  # as the customers wrote it
    assert evidence.pop("evidence_text").startswith("Facturation: 12 complaints in 3 days vs 0.3 expected")
    assert evidence.pop("rule_text").startswith("Poisson upper-tail test of the last 3 days against the 28 days before")
    assert evidence == {
        "rule": "surge",
        "window_start": "2026-03-10",
        "window_end": "2026-03-12",
        "window_days": 3,
        "window_count": 12,
        "baseline_count": 2,
        "baseline_days": 28,
        "expected": round(expected, 3),
        "ratio": round(12 / expected, 2),
        "alpha": 0.01,
        "categories_tested": 2,
        "min_count": 5,
        "min_ratio": 2.0,
    }
    assert actions(problem) == ["problem.proposed"]


def test_steady_category_gives_no_problem(delivery):
    complaints_on(STEADY_DAYS, category=delivery, description="Colis livré en retard", subject="Retard")

    assert detect_problems(today=TODAY) == []
    assert Problem.objects.count() == 0


def test_rerunning_detection_updates_the_same_problem_instead_of_duplicating(billing, burst):
    [first] = detect_problems(today=TODAY)
    assert detect_problems(today=TODAY) == [first]
    late = complaints_on([days_ago(0)], category=billing)

    [again] = detect_problems(today=TODAY)
    [next_day] = detect_problems(today=days_ago(-1))  # tomorrow: the windows overlap, same surge

    assert again == next_day == first
    assert Problem.objects.count() == 1
    assert links(first) == {c.pk for c in burst + late}
    assert ProblemComplaint.objects.count() == 13
    assert actions(first) == ["problem.proposed", "problem.detection_updated", "problem.detection_updated"]


def test_a_dismissed_problem_stays_dismissed(billing, burst):
    [problem] = detect_problems(today=TODAY)
    dismiss_problem(problem, actor=make_user("quality_manager"), note="Un seul client, déjà dédommagé")
    complaints_on([days_ago(0)] * 3, category=billing)

    assert detect_problems(today=TODAY) == []

    problem.refresh_from_db()
    assert problem.status == ProblemStatus.DISMISSED
    assert Problem.objects.count() == 1
    assert links(problem) == {c.pk for c in burst}


def test_similar_uncategorised_complaints_give_one_cluster_problem(db):
    campaign = complaints_on(
        [days_ago(0), days_ago(0), days_ago(1), days_ago(2)],
        description="Coupure internet depuis lundi dans tout le quartier Saint-Michel, la box ne synchronise plus.",
        subject="Coupure internet quartier Saint-Michel",
    )
    complaints_on([days_ago(0)], description="Le livreur a été impoli au téléphone.", subject="Livreur")
    complaints_on([days_ago(5)] * 3, description=campaign[0].description, subject=campaign[0].subject)  # too old

    [problem] = detect_problems(today=TODAY)
    assert detect_problems(today=TODAY) == [problem]

    assert (problem.category, problem.status, problem.evidence["rule"]) == (None, ProblemStatus.PROPOSED, "cluster")
    assert links(problem) == {c.pk for c in campaign}
    assert problem.detection_key == f"cluster:{min(c.pk for c in campaign)}"
    assert problem.evidence["window_count"] == 4
    assert Problem.objects.count() == 1


def test_detection_query_count_does_not_grow_with_complaints(billing, delivery):
    later = TODAY + dt.timedelta(days=60)  # a second, separate period: the first one is out of its reach
    complaints_on([days_ago(n % 3) for n in range(10)], category=billing)
    complaints_on([later - dt.timedelta(days=n % 3) for n in range(50)], category=delivery)

    with CaptureQueriesContext(connection) as with_10:
        [small] = detect_problems(today=TODAY)
    with CaptureQueriesContext(connection) as with_50:
        [large] = detect_problems(today=later)

    assert (small.links.count(), large.links.count()) == (10, 50)
    assert len(with_50) == len(with_10)

"""The problem screens read frozen dataclasses: rows, linked complaints and the decision log."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import translation

from doleances.quality import selectors
from doleances.quality.selectors import LinkedComplaint, ProblemHistoryItem, ProblemRow
from doleances.quality.services import create_problem, decide_problem, detect_problems
from tests.fixtures.objects import make_team, make_user
from tests.quality.conftest import TODAY, complaints_on, days_ago


def test_a_problem_row_carries_what_the_list_shows(billing):
    team = make_team("Équipe A")
    complaints_on([days_ago(20), days_ago(10)], category=billing, team=team)
    complaints_on([days_ago(n % 3) for n in range(8)], category=billing, team=team)
    [problem] = detect_problems(today=TODAY)
    problem.refresh_from_db()

    with translation.override("en"):
        (row,) = selectors.problem_rows(make_user("quality_manager"))
        title = problem.display_title

    assert row == ProblemRow(
        pk=problem.pk,
        title=title,
        status="proposed",
        status_display="Proposed",
        category="Facturation",
        linked_count=8,
        window_start=dt.date.fromisoformat(problem.evidence["window_start"]),
        window_end=dt.date.fromisoformat(problem.evidence["window_end"]),
        origin_display="Detected",
        updated_at=problem.updated_at,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.status = "closed"


def test_a_problem_recorded_by_hand_has_no_window_and_its_rows_are_limited(billing):
    quality = make_user("quality_manager")
    for title in ("Un", "Deux", "Trois"):
        create_problem(title=title, actor=quality)

    rows = selectors.problem_rows(quality, limit=2)

    assert [(row.title, row.category, row.window_start, row.window_end) for row in rows] == [
        ("Trois", "", None, None),
        ("Deux", "", None, None),
    ]


def test_linked_complaints_and_history_are_data(billing):
    quality = make_user("quality_manager")
    complaint, *_ = complaints_on([days_ago(1)], category=billing, subject="Prélèvement en double")
    problem = create_problem(title="Retards", complaints=[complaint], actor=quality)
    decide_problem(problem, "dismiss", actor=quality, note="Cas isolé")

    with translation.override("en"):
        linked = selectors.linked_complaints_for(quality, problem)
    history = selectors.events_of(problem)

    assert linked == [
        LinkedComplaint(
            reference=complaint.reference,
            subject="Prélèvement en double",
            customer_name="Jeanne Martin",
            status_display="Acknowledged",
            received_at=complaint.received_at,
        )
    ]
    assert [(item.action, item.note) for item in history] == [("problem.dismissed", "Cas isolé"), ("problem.created", "")]
    assert all(isinstance(item, ProblemHistoryItem) for item in history)
    assert history[0].actor_label == quality.get_username()

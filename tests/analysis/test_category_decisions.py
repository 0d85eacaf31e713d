"""A handler accepts or corrects the suggested category: the decision is recorded on the analysis
and in the complaint's audit trail; who does not handle the complaint may not decide."""

from __future__ import annotations

import pytest

from doleances.analysis.services import accept_category_suggestion, correct_category
from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.core.errors import Forbidden
from doleances.routing.services import analyse_complaint
from tests.fixtures.objects import make_complaint, make_team, make_user


def actions(complaint) -> list[str]:
    return list(ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence").values_list("action", flat=True))


def last_events(complaint, n: int) -> list[tuple[str, dict]]:
    events = ComplaintEvent.objects.filter(complaint=complaint).order_by("-sequence")[:n]
    return [(e.action, e.data) for e in reversed(events)]


def test_accept_sets_the_suggested_category_with_audited_events(db, categories, agent, team):
    complaint = make_complaint(team=team, description="Ma facture de mars est fausse.")
    analyse_complaint(complaint)

    analysis = accept_category_suggestion(complaint, actor=agent)

    assert Complaint.objects.get(pk=complaint.pk).category == categories["billing"]
    assert (analysis.category_decision, analysis.decided_by) == ("accepted", agent)
    assert "complaint.reclassified" not in actions(complaint)
    assert last_events(complaint, 1) == [
        (
            "routing.suggestion_accepted",
            {
                "suggested": "Facturation",
                "confidence": analysis.category_confidence,
                "category": {"from": None, "to": "Facturation"},
            },
        ),
    ]


def test_correct_sets_the_chosen_category_and_marks_the_correction(db, categories, agent, team):
    complaint = make_complaint(team=team, description="Ma facture de mars est fausse.")
    analyse_complaint(complaint)

    analysis = correct_category(complaint, category=categories["delivery"], actor=agent)

    assert Complaint.objects.get(pk=complaint.pk).category == categories["delivery"]
    assert analysis.category_decision == "corrected"
    assert last_events(complaint, 1) == [
        (
            "routing.suggestion_corrected",
            {
                "suggested": "Facturation",
                "confidence": analysis.category_confidence,
                "category": {"from": None, "to": "Livraison"},
            },
        )
    ]
    assert "complaint.reclassified" not in actions(complaint)


def test_correcting_to_the_current_category_records_the_decision_alone(db, categories, agent, team):
    complaint = make_complaint(team=team, description="Ma facture de mars est fausse.")
    analyse_complaint(complaint)
    correct_category(complaint, category=categories["delivery"], actor=agent)

    analysis = correct_category(complaint, category=categories["delivery"], actor=agent)

    assert last_events(complaint, 1) == [
        (
            "routing.suggestion_corrected",
            {"suggested": "Facturation", "confidence": analysis.category_confidence, "category": "Livraison"},
        )
    ]


@pytest.mark.parametrize("role", ["auditor", "quality_manager"])
def test_who_does_not_handle_the_complaint_may_not_decide(db, categories, team, role):
    complaint = make_complaint(team=team, description="Ma facture de mars est fausse.")
    analyse_complaint(complaint)
    before = actions(complaint)
    person = make_user(role)
    with pytest.raises(Forbidden):
        accept_category_suggestion(complaint, actor=person)
    with pytest.raises(Forbidden):
        correct_category(complaint, category=categories["delivery"], actor=person)
    assert Complaint.objects.get(pk=complaint.pk).category is None
    assert actions(complaint) == before


def test_an_agent_of_another_team_may_not_decide(db, categories, team):
    complaint = make_complaint(team=team, description="Ma facture de mars est fausse.")
    analyse_complaint(complaint)
    stranger = make_user("agent", teams=(make_team("Autre"),))
    with pytest.raises(Forbidden):
        accept_category_suggestion(complaint, actor=stranger)

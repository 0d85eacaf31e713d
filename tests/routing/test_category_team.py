"""The order in which a complaint finds its team: explicit team → routing rule → the category's
default team → the intake team. Deciding the category moves only what waits in the intake team."""

from __future__ import annotations

import pytest

from doleances.analysis.services import accept_category_suggestion, correct_category
from doleances.complaints.enums import TeamSource
from doleances.complaints.models import Complaint
from doleances.complaints.services import reclassify_complaint
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
from doleances.routing.models import RoutingRule
from doleances.routing.services import analyse_complaint
from tests.fixtures.objects import make_complaint, make_team, make_user

INVOICE = "Ma facture de mars est fausse."
RISKY = "Ma facture est fausse ; sans réponse je saisis mon avocat et le tribunal."


@pytest.fixture
def intake(db):
    team = make_team("Accueil")
    team.is_intake = True
    team.save()
    return team


@pytest.fixture
def billing_team(categories):
    team = make_team("Équipe facturation")
    categories["billing"].default_team = team
    categories["billing"].save()
    return team


def team_of(complaint) -> tuple:
    complaint = Complaint.objects.get(pk=complaint.pk)
    return complaint.team, complaint.team_source


def test_accepting_the_suggestion_moves_the_complaint_from_intake_to_the_categorys_team(categories, intake, billing_team):
    agent = make_user("agent", teams=(intake,))
    complaint = make_complaint(description=INVOICE)
    analyse_complaint(complaint)
    assert team_of(complaint) == (intake, TeamSource.INTAKE)

    accept_category_suggestion(complaint, actor=agent)

    assert team_of(complaint) == (billing_team, TeamSource.CATEGORY)
    decided = complaint.events.get(action="routing.suggestion_accepted")
    assert (decided.actor, decided.data) == (
        agent,
        {
            "suggested": "Facturation",
            "confidence": decided.data["confidence"],
            "category": {"from": None, "to": "Facturation"},
            "team": {"from": "Accueil", "to": "Équipe facturation"},
            "team_source": "category",
        },
    )


def test_correcting_the_category_moves_the_complaint_to_the_corrected_categorys_team(categories, intake):
    logistics = make_team("Logistique")
    categories["delivery"].default_team = logistics
    categories["delivery"].save()
    agent = make_user("agent", teams=(intake,))
    complaint = make_complaint(description=INVOICE)
    analyse_complaint(complaint)

    correct_category(complaint, category=categories["delivery"], actor=agent)

    assert team_of(complaint) == (logistics, TeamSource.CATEGORY)


def test_a_routing_rule_takes_the_complaint_out_of_intake_and_the_category_does_not_undo_it(categories, intake, billing_team):
    legal = make_team("Juridique")
    RoutingRule.objects.create(name="Menace juridique", risk_flag="legal", set_team=legal)
    agent = make_user("agent", teams=(legal,))
    complaint = make_complaint(description=RISKY)

    analyse_complaint(complaint)
    assert team_of(complaint) == (legal, TeamSource.RULE)
    accept_category_suggestion(complaint, actor=agent)

    assert team_of(complaint) == (legal, TeamSource.RULE)
    assert Complaint.objects.get(pk=complaint.pk).category == categories["billing"]


def test_a_routing_rule_keeps_the_channels_team_and_still_sets_the_priority(categories, intake):
    partners, legal = make_team("Partenaires"), make_team("Juridique")
    rule = RoutingRule.objects.create(name="Menace juridique", risk_flag="legal", set_team=legal, set_priority="urgent")
    complaint = receive_complaint(
        CustomerDetails(name="Jeanne Martin", email="jeanne@example.org"),
        ComplaintDetails(subject="Facture", description=RISKY, channel="api"),
        team=partners,
    )

    analyse_complaint(complaint)

    complaint.refresh_from_db()
    assert (complaint.team, complaint.team_source, complaint.priority) == (partners, TeamSource.CHANNEL, "urgent")
    assert complaint.events.get(action="routing.rule_applied").data == {
        "trigger": "intake",
        "rule": "Menace juridique",
        "rule_id": rule.pk,
        "matched_on": [{"condition": "risk_flag", "expected": "legal", "actual": "legal"}],
        "tried": [],
        "tried_count": 0,
        "priority": {"from": "normal", "to": "urgent"},
    }


def test_a_team_a_person_chose_stays_when_the_category_is_accepted(categories, intake, billing_team):
    litigation = make_team("Litiges")
    agent = make_user("agent", teams=(intake, litigation))
    complaint = make_complaint(description=INVOICE)
    analyse_complaint(complaint)

    reclassify_complaint(complaint, actor=agent, changes={"team": litigation})
    accept_category_suggestion(complaint, actor=agent)

    assert team_of(complaint) == (litigation, TeamSource.PERSON)


def test_the_timeline_says_the_accepted_category_moved_the_complaint_to_its_team(categories, intake, billing_team):
    from django.utils import translation

    from doleances.agent.templatetags.agent_tags import event_sentence

    agent = make_user("agent", teams=(intake,))
    complaint = make_complaint(description=INVOICE)
    analyse_complaint(complaint)

    accept_category_suggestion(complaint, actor=agent)

    with translation.override("en"):
        sentence = event_sentence(complaint.events.get(action="routing.suggestion_accepted"))
    assert sentence == (
        "Suggested category accepted: Facturation; team Accueil → Équipe facturation (the category's default team)"
    )

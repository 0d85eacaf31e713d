"""Which queue a new complaint lands in (the intake team), who says so, and what the desk is told
when nobody would see it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from doleances.complaints.checks import check_intake_team
from doleances.complaints.enums import TeamSource
from doleances.complaints.models import Category
from doleances.complaints.queues import category_team, intake_team
from doleances.complaints.services import assign_complaint, reclassify_complaint
from doleances.core.actors import SYSTEM
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
from tests.fixtures.objects import make_complaint, make_team, make_user


@pytest.fixture
def intake(db):
    team = make_team("Accueil réclamations")
    team.is_intake = True
    team.save()
    return team


def test_a_complaint_without_a_channel_team_lands_in_the_intake_team_and_says_so(intake):
    complaint = make_complaint()

    assert (complaint.team, complaint.team_source) == (intake, TeamSource.INTAKE)
    received = complaint.events.get(action="complaint.received")
    assert (received.data["team"], received.data["team_source"]) == ("Accueil réclamations", "intake")


def test_the_setting_names_the_intake_team_when_no_team_is_flagged(db, settings):
    desk = make_team("Service clients")
    settings.DOLEANCES_INTAKE_TEAM = "Service clients"

    assert make_complaint().team == desk


def test_the_admin_flag_wins_over_the_setting(intake, settings):
    make_team("Service clients")
    settings.DOLEANCES_INTAKE_TEAM = "Service clients"

    assert intake_team() == intake


def test_an_inactive_intake_team_receives_nothing(intake):
    intake.is_active = False
    intake.save()

    complaint = make_complaint()

    assert (complaint.team, complaint.team_source) == (None, None)


def test_at_most_one_team_is_the_intake_team(intake):
    second = make_team("Autre accueil")
    second.is_intake = True
    with pytest.raises(ValidationError):
        second.validate_constraints()  # what the admin form runs: a clear error on the page
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_the_channel_team_wins_over_the_intake_team(intake):
    api_team = make_team("Partenaires")

    complaint = receive_complaint(
        CustomerDetails(name="Jeanne Martin", email="jeanne@example.org"),
        ComplaintDetails(subject="Colis", description="Jamais reçu", channel="api"),
        team=api_team,
    )

    assert (complaint.team, complaint.team_source) == (api_team, TeamSource.CHANNEL)


def test_a_category_without_default_team_takes_its_parents(db):
    billing_team = make_team("Facturation")
    billing = Category.objects.create(name="Facturation", default_team=billing_team)
    double = Category.objects.create(name="Prélèvement en double", parent=billing)

    assert category_team(double) == billing_team
    billing_team.is_active = False
    billing_team.save()
    assert category_team(double) is None


# --- A category decided in the intake team sends the complaint to the category's team ---------


def test_reclassifying_the_category_moves_an_intake_complaint_to_the_default_team_audited(intake):
    billing_team = make_team("Facturation")
    billing = Category.objects.create(name="Facturation", default_team=billing_team)
    agent = make_user("agent", teams=(intake,))
    complaint = make_complaint()

    reclassify_complaint(complaint, actor=agent, changes={"category": billing})

    complaint.refresh_from_db()
    assert (complaint.category, complaint.team, complaint.team_source) == (billing, billing_team, TeamSource.CATEGORY)
    assert complaint.events.last().data == {
        "category": {"from": None, "to": "Facturation"},
        "team": {"from": "Accueil réclamations", "to": "Facturation"},
        "team_source": "category",
    }


def test_a_team_chosen_by_a_person_is_never_taken_away_by_the_category(intake):
    chosen, billing_team = make_team("Litiges"), make_team("Facturation")
    billing = Category.objects.create(name="Facturation", default_team=billing_team)
    agent = make_user("agent", teams=(intake, chosen))
    complaint = make_complaint()
    reclassify_complaint(complaint, actor=agent, changes={"team": chosen})

    reclassify_complaint(complaint, actor=agent, changes={"category": billing})

    complaint.refresh_from_db()
    assert (complaint.category, complaint.team, complaint.team_source) == (billing, chosen, TeamSource.PERSON)


def test_a_team_whose_reason_is_unknown_counts_as_chosen(db):
    legacy, billing_team = make_team("Ancienne équipe"), make_team("Facturation")
    billing = Category.objects.create(name="Facturation", default_team=billing_team)
    complaint = make_complaint(team=legacy)  # set in the database, no reason recorded

    reclassify_complaint(complaint, actor=SYSTEM, changes={"category": billing})

    complaint.refresh_from_db()
    assert complaint.team == legacy


def test_choosing_category_and_team_together_keeps_the_chosen_team(intake):
    chosen, billing_team = make_team("Litiges"), make_team("Facturation")
    billing = Category.objects.create(name="Facturation", default_team=billing_team)
    complaint = make_complaint()

    reclassify_complaint(complaint, actor=SYSTEM, changes={"category": billing, "team": chosen})

    complaint.refresh_from_db()
    assert (complaint.team, complaint.team_source) == (chosen, TeamSource.PERSON)


def test_a_corrected_category_follows_the_new_categorys_team(intake):
    billing_team, delivery_team = make_team("Facturation"), make_team("Logistique")
    billing = Category.objects.create(name="Facturation", default_team=billing_team)
    delivery = Category.objects.create(name="Livraison", default_team=delivery_team)
    complaint = make_complaint()
    reclassify_complaint(complaint, actor=SYSTEM, changes={"category": billing})

    reclassify_complaint(complaint, actor=SYSTEM, changes={"category": delivery})

    complaint.refresh_from_db()
    assert (complaint.team, complaint.team_source) == (delivery_team, TeamSource.CATEGORY)


def test_a_complaint_without_team_takes_the_categorys_team(db):
    billing_team = make_team("Facturation")
    billing = Category.objects.create(name="Facturation", default_team=billing_team)
    complaint = make_complaint()  # no intake team configured
    assert complaint.team is None

    reclassify_complaint(complaint, actor=SYSTEM, changes={"category": billing})

    complaint.refresh_from_db()
    assert (complaint.team, complaint.team_source) == (billing_team, TeamSource.CATEGORY)


# --- A case that changes team leaves an assignee who would no longer see it --------------------


def test_moving_to_another_team_unassigns_who_is_not_in_it_audited(intake):
    billing_team = make_team("Facturation")
    billing = Category.objects.create(name="Facturation", default_team=billing_team)
    agent = make_user("agent", username="alice", teams=(intake,))
    complaint = make_complaint()
    assign_complaint(complaint, assignee=agent, actor=agent)

    reclassify_complaint(complaint, actor=agent, changes={"category": billing})

    complaint.refresh_from_db()
    assert (complaint.team, complaint.assignee) == (billing_team, None)
    assert [(e.action, e.data) for e in complaint.events.order_by("-sequence")[:2]][::-1] == [
        (
            "complaint.reclassified",
            {
                "category": {"from": None, "to": "Facturation"},
                "team": {"from": "Accueil réclamations", "to": "Facturation"},
                "team_source": "category",
            },
        ),
        ("complaint.assigned", {"from": "alice", "to": None, "reason": "team_changed"}),
    ]


def test_moving_keeps_an_assignee_who_is_in_the_new_team_or_sees_every_team(intake):
    billing_team = make_team("Facturation")
    member = make_user("agent", teams=(intake, billing_team))
    administrator = make_user("administrator")
    first, second = make_complaint(), make_complaint()
    assign_complaint(first, assignee=member, actor=member)
    assign_complaint(second, assignee=administrator, actor=administrator)

    for complaint in (first, second):
        reclassify_complaint(complaint, actor=SYSTEM, changes={"team": billing_team})

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.assignee, second.assignee) == (member, administrator)
    assert first.events.filter(action="complaint.assigned").count() == 1


# --- Never a silent orphan: the system check and the administrators' list say it ---------------


def test_the_check_warns_when_no_intake_team_is_set(db):
    [warning] = check_intake_team(databases=["default"])

    assert warning.id == "doleances.W001"
    assert warning.msg.startswith("Aucune équipe d’accueil n’est définie.")


def test_the_check_warns_when_the_intake_team_has_no_handler(intake):
    make_user("contributor", teams=(intake,))  # may add notes, never handles

    [warning] = check_intake_team(databases=["default"])

    assert warning.id == "doleances.W002"
    assert "Accueil réclamations" in warning.msg


def test_the_check_is_quiet_when_the_intake_team_has_an_agent(intake):
    make_user("agent", teams=(intake,))

    assert check_intake_team(databases=["default"]) == []


def test_check_command_with_the_database_reports_the_missing_intake_team(db, capsys):
    call_command("check", databases=["default"])

    assert "doleances.W001" in capsys.readouterr().err


def test_administrators_are_told_on_the_list_agents_are_not(db, client):
    administrator, agent = make_user("administrator"), make_user("agent")
    client.force_login(administrator)
    page = client.get(reverse("agent:complaint_list")).content.decode()
    assert 'data-testid="intake-problem"' in page
    assert "Aucune équipe d’accueil n’est définie." in page

    client.force_login(agent)
    assert 'data-testid="intake-problem"' not in client.get(reverse("agent:complaint_list")).content.decode()


def test_administrators_are_not_told_when_the_intake_team_is_set(intake, client):
    make_user("agent", teams=(intake,))
    client.force_login(make_user("administrator"))

    assert 'data-testid="intake-problem"' not in client.get(reverse("agent:complaint_list")).content.decode()

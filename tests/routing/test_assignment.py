"""Who inside the team gets a routed complaint: round robin, least loaded, skills; absences; never a
conflicted person or a service account; fair over 1,000 cases."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction

from doleances.api.keys import create_api_key
from doleances.complaints.models import Category, Complaint, Customer
from doleances.complaints.services import assign_complaint
from doleances.core import clock
from doleances.core.actors import SYSTEM
from doleances.routing.assignment import open_loads, pick_assignee
from doleances.routing.models import Absence, Skill, TeamRotation
from tests.fixtures.objects import make_team, make_user

AT = dt.datetime(2026, 12, 16, 9, 0, tzinfo=dt.UTC)
PRIORITIES = ["low", "normal", "high", "urgent"]


@pytest.fixture
def desk(db):
    team = make_team("Desk")
    people = [make_user("agent", username=f"agent{i}", teams=(team,)) for i in range(4)]
    return team, people


def bulk_complaints(team, count: int, *, customer=None, priorities=("normal",), language="fr", category=None) -> list:
    customer = customer or Customer.objects.create(name="Client", email="client@example.org", created_at=AT)
    start = Complaint.objects.count()
    rows = [
        Complaint(
            reference=f"T-{start + i:07d}",
            channel="web",
            status="acknowledged",
            priority=priorities[i % len(priorities)],
            customer=customer,
            subject="Sujet",
            description="Texte",
            team=team,
            language=language,
            category=category,
            received_at=AT,
            registered_at=AT,
            updated_at=AT,
        )
        for i in range(count)
    ]
    Complaint.objects.bulk_create(rows)
    return list(Complaint.objects.filter(reference__in=[r.reference for r in rows]).select_related("customer").order_by("pk"))


def give_out(complaints, strategy: str) -> Counter:
    given = Counter()
    for complaint in complaints:
        with transaction.atomic():
            pick = pick_assignee(complaint, strategy, at=AT)
            assign_complaint(complaint, assignee=pick.assignee, actor=SYSTEM, at=AT, reason=pick.as_data())
        given[pick.assignee.username] += 1
    return given


def test_round_robin_gives_each_available_handler_a_case_in_turn(desk):
    team, people = desk
    complaints = bulk_complaints(team, 6)
    assert [pick_assignee(c, "round_robin", at=AT).assignee for c in complaints] == people + people[:2]
    assert TeamRotation.objects.get(team=team).last_assignee == people[1]


def test_round_robin_over_1000_cases_is_exactly_even(desk):
    team, _people = desk
    given = give_out(bulk_complaints(team, 1000), "round_robin")
    assert sorted(given.values()) == [250, 250, 250, 250]


def test_least_loaded_over_1000_cases_of_mixed_priority_keeps_loads_within_one_case(desk):
    team, people = desk
    give_out(bulk_complaints(team, 1000, priorities=PRIORITIES), "least_loaded")
    loads = open_loads(people)
    assert max(loads.values()) - min(loads.values()) <= 4  # the weight of one urgent case
    assert sum(loads.values()) == 250 * (1 + 2 + 3 + 4)


def test_least_loaded_weighs_open_cases_by_priority_and_ignores_closed_ones(desk):
    team, (first, second, third, fourth) = desk
    for person, priority in ((first, "urgent"), (second, "low"), (third, "high"), (fourth, "normal")):
        (case,) = bulk_complaints(team, 1, priorities=(priority,))
        Complaint.objects.filter(pk=case.pk).update(assignee=person)
    (closed,) = bulk_complaints(team, 1, priorities=("urgent",))
    Complaint.objects.filter(pk=closed.pk).update(assignee=second, status="closed")
    (new,) = bulk_complaints(team, 1)
    pick = pick_assignee(new, "least_loaded", at=AT)
    assert (pick.assignee, pick.loads) == (second, {"agent0": 4, "agent1": 1, "agent2": 3, "agent3": 2})


def test_absent_handlers_are_skipped_on_both_days_of_their_absence_only(desk):
    team, people = desk
    day = AT.date()
    Absence.objects.create(user=people[0], starts_on=day - dt.timedelta(days=3), ends_on=day)
    Absence.objects.create(user=people[1], starts_on=day, ends_on=day + dt.timedelta(days=1))
    Absence.objects.create(user=people[2], starts_on=day - dt.timedelta(days=9), ends_on=day - dt.timedelta(days=1))
    (complaint,) = bulk_complaints(team, 1)
    pick = pick_assignee(complaint, "least_loaded", at=AT)
    assert (pick.assignee, pick.available, pick.skipped) == (people[2], 2, {"absent": ["agent0", "agent1"]})


def test_the_customers_account_manager_and_technician_are_never_picked(desk):
    team, people = desk
    customer = Customer.objects.create(
        name="Client", email="c@example.org", created_at=AT, account_manager=people[0], onsite_technician=people[1]
    )
    complaints = bulk_complaints(team, 40, customer=customer)
    for strategy in ("round_robin", "least_loaded", "skills"):
        given = give_out(complaints[:20] if strategy != "skills" else complaints[20:], strategy)
        assert set(given) <= {"agent2", "agent3"}, strategy
    pick = pick_assignee(complaints[0], "round_robin", at=AT)
    assert pick.skipped == {"conflict_of_interest": ["agent0", "agent1"]}


def test_an_api_keys_service_account_in_the_team_is_never_picked(db):
    team = make_team("Partenaires")
    person = make_user("agent", username="person", teams=(team,))
    service_user = create_api_key(name="CRM", teams=[team]).api_key.user  # in group agent and in the team
    assert service_user.teams.filter(pk=team.pk).exists()
    (complaint,) = bulk_complaints(team, 1)
    assert {pick_assignee(complaint, s, at=AT).assignee for s in ("round_robin", "least_loaded", "skills")} == {person}


def test_nobody_available_gives_no_assignee_and_says_why(desk):
    team, people = desk
    for person in people:
        Absence.objects.create(user=person, starts_on=AT.date(), ends_on=AT.date())
    (complaint,) = bulk_complaints(team, 1)
    pick = pick_assignee(complaint, "round_robin", at=AT)
    assert (pick.assignee, pick.as_data()) == (
        None,
        {"strategy": "round_robin", "available": 0, "skipped": {"absent": ["agent0", "agent1", "agent2", "agent3"]}},
    )


def test_skills_prefer_the_category_then_the_language_and_fall_back_to_the_least_loaded(desk):
    team, people = desk
    billing = Category.objects.create(name="Facturation")
    wrong_amount = Category.objects.create(name="Montant erroné", parent=billing)
    Skill.objects.create(user=people[2], category=billing)
    Skill.objects.create(user=people[3], language="en")
    (sub_category_case,) = bulk_complaints(team, 1, category=wrong_amount)
    (english_case,) = bulk_complaints(team, 1, language="en")
    (other_case,) = bulk_complaints(team, 1, language="de")
    picks = [pick_assignee(c, "skills", at=AT) for c in (sub_category_case, english_case, other_case)]
    assert [(p.assignee, p.skilled) for p in picks] == [(people[2], True), (people[3], True), (people[0], False)]


def test_a_skill_with_a_category_and_a_language_needs_both(desk):
    team, people = desk
    billing = Category.objects.create(name="Facturation")
    Skill.objects.create(user=people[1], category=billing, language="en")
    (french_billing,) = bulk_complaints(team, 1, category=billing, language="fr")
    (english_billing,) = bulk_complaints(team, 1, category=billing, language="en")
    assert pick_assignee(french_billing, "skills", at=AT).skilled is False
    assert pick_assignee(english_billing, "skills", at=AT).assignee == people[1]


def test_a_dry_run_does_not_move_the_round_robin(desk):
    team, people = desk
    complaints = bulk_complaints(team, 2)
    assert [pick_assignee(c, "round_robin", at=AT, dry_run=True).assignee for c in complaints] == [people[0], people[0]]
    assert not TeamRotation.objects.exists()


def test_picking_costs_a_fixed_number_of_queries_whatever_the_team_size(db, django_assert_max_num_queries):
    team = make_team("Grande équipe")
    for i in range(30):
        make_user("agent", username=f"big{i}", teams=(team,))
    (complaint,) = bulk_complaints(team, 1)
    with django_assert_max_num_queries(8):
        pick_assignee(complaint, "skills", at=clock.now())

"""Routing as a whole: the new conditions, tags and the strategy inside the team, always a team,
deterministic, and what was tried stored with the routing event ("why here?")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doleances.analysis.models import CustomerTypology
from doleances.complaints.models import Complaint, Customer
from doleances.core import clock
from doleances.core.errors import Forbidden
from doleances.routing.conditions import Facts
from doleances.routing.models import RoutingRule, Tag
from doleances.routing.services import analyse_complaint, evaluate_rules, route_complaint, tag_complaint
from tests.fixtures.objects import make_complaint, make_team, make_user


@pytest.fixture
def intake(db):
    team = make_team("Accueil")
    team.is_intake = True
    team.save()
    return team


def routing_events(complaint) -> list[tuple[str, dict]]:
    events = Complaint.objects.get(pk=complaint.pk).events.order_by("sequence")
    return [(e.action, e.data) for e in events if e.action.startswith("routing.") or e.action == "complaint.assigned"]


def test_no_rule_matches_the_complaint_stays_in_the_intake_team_and_the_tried_rules_are_told(db, intake):
    rule = RoutingRule.objects.create(name="Pros", segment="Professionnels", set_team=make_team("Pros"))
    complaint = make_complaint(description="Ma facture est fausse.")
    analyse_complaint(complaint)
    assert Complaint.objects.get(pk=complaint.pk).team == intake
    assert routing_events(complaint) == [
        (
            "routing.no_rule_matched",
            {
                "trigger": "intake",
                "tried": [
                    {"rule": "Pros", "rule_id": rule.pk, "condition": "segment", "expected": "Professionnels", "actual": ""}
                ],
                "tried_count": 1,
            },
        )
    ]


def test_a_complaint_without_a_team_is_put_in_the_intake_team_when_no_rule_matches(db):
    complaint = make_complaint()  # no intake team yet: it belongs to no team
    intake = make_team("Accueil")
    intake.is_intake = True
    intake.save()
    RoutingRule.objects.create(name="Never", channel="phone", set_team=make_team("Téléphone"))
    analyse_complaint(complaint)
    complaint.refresh_from_db()
    assert (complaint.team, complaint.team_source) == (intake, "intake")


def test_keywords_amount_kind_segment_and_profile_all_hold_then_tags_and_round_robin_apply(db, intake):
    litigation = make_team("Litiges")
    first, second = make_user("agent", teams=(litigation,)), make_user("agent", teams=(litigation,))
    rule = RoutingRule.objects.create(
        name="Gros litige pro",
        order=5,
        kind="claim",
        segment="professionnels",
        min_amount=Decimal("1000"),
        keywords="mise en demeure, tribunal",
        typology="procedurier",
        set_team=litigation,
        set_strategy="round_robin",
    )
    rule.set_tags.add(Tag.objects.create(name="Contentieux"), Tag.objects.create(name="Pro"))
    complaints = []
    for n in range(3):
        complaint = make_complaint(
            email=f"pro{n}@example.org",
            subject="Mise en DEMEURE",
            description="Je vous adresse une mise en demeure.",
            kind="claim",
            claimed_amount=Decimal("1500.00"),
        )
        Customer.objects.filter(pk=complaint.customer_id).update(segment="Professionnels")
        CustomerTypology.objects.create(customer_id=complaint.customer_id, confirmed="procedurier", updated_at=clock.now())
        analyse_complaint(complaint)
        complaints.append(Complaint.objects.get(pk=complaint.pk))
    assert [(c.team, c.assignee) for c in complaints] == [(litigation, first), (litigation, second), (litigation, first)]
    assert sorted(complaints[0].tag_links.values_list("tag__name", flat=True)) == ["Contentieux", "Pro"]
    (applied, assigned) = routing_events(complaints[0])
    assert applied[1]["matched_on"] == [
        {"condition": "kind", "expected": "claim", "actual": "claim"},
        {"condition": "segment", "expected": "professionnels", "actual": "Professionnels"},
        {"condition": "typology", "expected": "procedurier", "actual": "procedurier"},
        {"condition": "amount", "expected": "1000.00 – …", "actual": "1500.00"},
        {"condition": "keywords", "expected": "mise en demeure, tribunal", "actual": "mise en demeure"},
    ]
    assert (applied[1]["tags"], applied[1]["strategy"]) == (["Contentieux", "Pro"], "round_robin")
    assert assigned == (
        "complaint.assigned",
        {"from": None, "to": first.username, "rule": "Gros litige pro", "strategy": "round_robin", "available": 2},
    )


def test_automatic_assignment_never_gives_the_case_to_the_customers_account_manager(db, intake):
    manager = make_user("agent", "contributor", username="marc", teams=(intake,))
    other = make_user("agent", username="alice", teams=(intake,))
    RoutingRule.objects.create(name="Tout", min_risk_score=0, set_strategy="least_loaded")
    for n in range(4):
        complaint = make_complaint(email="grand.compte@example.org", description=f"Problème numéro {n}.")
        Customer.objects.filter(pk=complaint.customer_id).update(account_manager=manager)
        analyse_complaint(complaint)
    assert set(Complaint.objects.values_list("assignee__username", flat=True)) == {other.username}


def test_nobody_available_is_recorded_and_the_case_waits_in_the_team_queue(db, intake):
    RoutingRule.objects.create(name="Tout", min_risk_score=0, set_strategy="round_robin")
    complaint = make_complaint()
    analyse_complaint(complaint)
    assert Complaint.objects.get(pk=complaint.pk).assignee is None
    assert routing_events(complaint)[-1] == (
        "routing.nobody_available",
        {"rule": "Tout", "strategy": "round_robin", "available": 0},
    )


def test_routing_again_after_a_requalification_applies_the_rule_the_complaint_now_matches(db, intake):
    claims = make_team("Réclamations")
    agent = make_user("agent", teams=(intake, claims))
    RoutingRule.objects.create(name="Réclamations", kind="claim", set_team=claims, set_priority="high")
    complaint = make_complaint()
    analyse_complaint(complaint)
    Complaint.objects.filter(pk=complaint.pk).update(kind="claim")  # what the qualification step changes

    route_complaint(Complaint.objects.get(pk=complaint.pk), actor=agent)

    complaint.refresh_from_db()
    assert (complaint.team, complaint.priority) == (claims, "high")
    assert [(a, d["trigger"]) for a, d in routing_events(complaint) if a.startswith("routing.")] == [
        ("routing.no_rule_matched", "intake"),
        ("routing.rule_applied", "requalified"),
    ]


def test_routing_again_is_refused_to_someone_who_may_not_handle_the_case(db, intake):
    outsider = make_user("agent", teams=(make_team("Ailleurs"),))
    complaint = make_complaint()
    with pytest.raises(Forbidden):
        route_complaint(complaint, actor=outsider)


def test_the_tried_list_keeps_thirty_rules_and_counts_them_all(db, intake):
    for n in range(40):
        RoutingRule.objects.create(name=f"R{n}", order=n, channel="phone", set_priority="high")
    complaint = make_complaint()
    analyse_complaint(complaint)
    (_action, data) = routing_events(complaint)[0]
    assert (len(data["tried"]), data["tried_count"], data["tried"][0]["rule"]) == (30, 40, "R0")


def test_a_tag_added_by_hand_is_one_event_and_the_same_tag_whatever_its_capitals(db, intake):
    agent = make_user("agent", teams=(intake,))
    Tag.objects.create(name="Rappel client")
    complaint = make_complaint()
    assert tag_complaint(complaint, tag="  rappel   CLIENT ", actor=agent) is True
    assert tag_complaint(complaint, tag="Rappel client", actor=agent) is False
    assert list(complaint.tag_links.values_list("tag__name", flat=True)) == ["Rappel client"]
    assert Complaint.objects.get(pk=complaint.pk).events.filter(action="complaint.tagged").count() == 1


# Property: whatever the rules and their order in the list, the same facts give the same rule, the
# first by (order, id) whose conditions hold; with a catch-all rule there is always one.
rule_specs = st.lists(
    st.fixed_dictionaries(
        {
            "order": st.integers(0, 5),
            "channel": st.sampled_from(["", "web", "phone"]),
            "kind": st.sampled_from(["", "complaint", "claim"]),
            "min_risk_score": st.one_of(st.none(), st.integers(0, 100)),
            "keywords": st.sampled_from(["", "facture", "avocat, tribunal"]),
            "is_active": st.booleans(),
        }
    ),
    max_size=12,
)
facts_strategy = st.builds(
    Facts,
    kind=st.sampled_from(["complaint", "claim", "request"]),
    channel=st.sampled_from(["web", "phone", "email"]),
    risk_score=st.integers(0, 100),
    text=st.sampled_from(["", "ma facture", "mon avocat", "tribunal de commerce"]),
)


@settings(max_examples=200)
@given(specs=rule_specs, facts=facts_strategy, seed=st.randoms())
def test_routing_is_deterministic_and_a_catch_all_always_yields_a_rule(specs, facts, seed):
    rules = [RoutingRule(pk=n + 1, name=f"R{n}", **spec) for n, spec in enumerate(specs)]
    rules.append(RoutingRule(pk=len(rules) + 1, name="catch-all", order=1000))
    shuffled = list(rules)
    seed.shuffle(shuffled)
    first, again = evaluate_rules(facts, rules), evaluate_rules(facts, shuffled)
    assert first.rule is not None
    assert again.rule is not None
    assert (first.rule.pk, first.tried) == (again.rule.pk, again.tried)
    earlier = [r for r in rules if r.is_active and (r.order, r.pk) < (first.rule.order, first.rule.pk)]
    assert not any(r.matches(facts) for r in earlier)
    assert first.rule.matches(facts)

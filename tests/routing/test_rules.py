"""Routing rules set team and priority after the first analysis, once, recorded in the audit trail."""

from __future__ import annotations

from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.routing.models import RoutingRule
from doleances.routing.services import analyse_complaint
from tests.fixtures.objects import make_complaint, make_team


def actions(complaint) -> list[str]:
    return list(ComplaintEvent.objects.filter(complaint=complaint).order_by("sequence").values_list("action", flat=True))


def last_events(complaint, n: int) -> list[tuple[str, dict]]:
    events = ComplaintEvent.objects.filter(complaint=complaint).order_by("-sequence")[:n]
    return [(e.action, e.data) for e in reversed(events)]


RISKY = "Je vais porter plainte et saisir un avocat, c'est inadmissible."


def test_a_rule_on_a_risk_flag_sets_team_and_priority_and_is_recorded(db, categories):
    legal_team = make_team("Juridique")
    rule = RoutingRule.objects.create(
        name="Menace juridique", order=10, risk_flag="legal", set_team=legal_team, set_priority="urgent"
    )
    complaint = make_complaint(description=RISKY)

    analyse_complaint(complaint)

    complaint.refresh_from_db()
    assert (complaint.team, complaint.priority) == (legal_team, "urgent")
    assert last_events(complaint, 1) == [
        (
            "routing.rule_applied",
            {
                "trigger": "intake",
                "rule": "Menace juridique",
                "rule_id": rule.pk,
                "matched_on": [{"condition": "risk_flag", "expected": "legal", "actual": "legal"}],
                "tried": [],
                "tried_count": 0,
                "team": {"from": None, "to": "Juridique"},
                "priority": {"from": "normal", "to": "urgent"},
                "team_source": "rule",
            },
        ),
    ]


def test_the_first_matching_rule_by_order_wins_and_inactive_rules_are_skipped(db, categories):
    first, second, third = make_team("Premier"), make_team("Second"), make_team("Troisième")
    RoutingRule.objects.create(name="Inactive", order=1, is_active=False, risk_flag="legal", set_team=first)
    RoutingRule.objects.create(name="Later", order=30, risk_flag="legal", set_team=third)
    RoutingRule.objects.create(name="Sooner", order=20, min_risk_score=1, set_team=second)
    RoutingRule.objects.create(name="Not matching", order=5, channel="phone", set_team=first)
    complaint = make_complaint(description=RISKY)

    analyse_complaint(complaint)

    assert Complaint.objects.get(pk=complaint.pk).team == second
    assert last_events(complaint, 1)[0][1]["rule"] == "Sooner"


def test_a_rule_on_the_suggested_category_and_vip(db, categories):
    vip_team = make_team("Grands comptes")
    RoutingRule.objects.create(name="VIP billing", category=categories["billing"], vip_only=True, set_team=vip_team)
    plain = make_complaint(email="plain@example.org", description="Ma facture est fausse.")
    analyse_complaint(plain)
    vip = make_complaint(email="vip@example.org", description="Ma facture est fausse.")
    vip.customer.is_vip = True
    vip.customer.save(update_fields=["is_vip"])
    analyse_complaint(vip)
    assert (Complaint.objects.get(pk=plain.pk).team, Complaint.objects.get(pk=vip.pk).team) == (None, vip_team)


def test_routing_applies_once_when_analysed_twice(db, categories, agent):
    legal_team = make_team("Juridique")
    RoutingRule.objects.create(name="Menace juridique", risk_flag="legal", set_team=legal_team, set_priority="urgent")
    complaint = make_complaint(description=RISKY)
    analyse_complaint(complaint)
    Complaint.objects.filter(pk=complaint.pk).update(priority="normal")  # a person lowered it since
    analyse_complaint(complaint)
    assert actions(complaint).count("routing.rule_applied") == 1
    assert Complaint.objects.get(pk=complaint.pk).priority == "normal"


def test_a_new_complaint_is_analysed_and_routed_after_commit(db, categories, django_capture_on_commit_callbacks):
    legal_team = make_team("Juridique")
    RoutingRule.objects.create(name="Menace juridique", risk_flag="legal", set_team=legal_team, set_priority="urgent")
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint(description=RISKY)
    complaint.refresh_from_db()
    assert (complaint.team, complaint.priority, list(complaint.analysis.risk_flags)) == (legal_team, "urgent", ["legal"])
    assert actions(complaint) == [
        "complaint.received",
        "complaint.acknowledged",
        "routing.rule_applied",
    ]


def test_admin_lists_and_edits_routing_configuration(db, categories, admin_client):
    for path in ("/admin/routing/routingrule/", "/admin/routing/routingrule/add/", "/admin/analysis/categorykeywords/"):
        assert admin_client.get(path).status_code == 200, path
    response = admin_client.post(
        "/admin/routing/routingrule/add/",
        {"name": "Nothing to do", "order": 1, "is_active": "on", "tone_in": "furious"},
        HTTP_ACCEPT_LANGUAGE="en",  # the assertion reads the English message
    )
    assert response.status_code == 200
    assert RoutingRule.objects.count() == 0
    assert "Unknown tone: furious." in response.content.decode()

"""The admin's dry run: the rules on a pasted complaint or an existing one, told, nothing changed."""

from __future__ import annotations

from doleances.complaints.models import ComplaintEvent
from doleances.routing.models import RoutingRule, TeamRotation
from doleances.routing.services import analyse_complaint
from tests.fixtures.objects import make_complaint, make_team, make_user

URL = "/admin/routing/routingrule/dry-run/"


def test_a_pasted_complaint_is_routed_on_paper_only(db, admin_client):
    litigation = make_team("Litiges")
    make_user("agent", username="alice", first_name="Alice", last_name="Durand", teams=(litigation,))
    RoutingRule.objects.create(name="Avocat", keywords="avocat", set_team=litigation, set_strategy="round_robin")
    events_before = ComplaintEvent.objects.count()

    response = admin_client.post(
        URL,
        {"subject": "Litige", "description": "Je saisis mon avocat.", "kind": "complaint", "channel": "email"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Rule “Avocat” would apply." in page
    assert "Team : Litiges" in page
    assert "Alice Durand" in page
    assert (ComplaintEvent.objects.count(), TeamRotation.objects.count()) == (events_before, 0)


def test_an_existing_complaint_is_tried_against_the_current_rules_without_change(db, admin_client):
    complaint = make_complaint(description="Ma facture est fausse.")
    analyse_complaint(complaint)
    RoutingRule.objects.create(name="Téléphone", channel="phone", set_priority="high")
    events = list(complaint.events.values_list("pk", flat=True))

    page = admin_client.post(
        URL, {"reference": complaint.reference, "kind": "complaint", "channel": "web"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "No rule would match." in page
    assert "Téléphone — channel : web (rule : phone)" in page
    assert list(complaint.events.values_list("pk", flat=True)) == events


def test_an_empty_dry_run_or_an_unknown_reference_is_told(db, admin_client):
    empty = admin_client.post(URL, {"kind": "complaint", "channel": "web"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Give a complaint&#x27;s reference, or paste a subject or a description." in empty
    unknown = admin_client.post(
        URL, {"reference": "REC-1999-000001", "kind": "complaint", "channel": "web"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "No complaint with this reference that you may see." in unknown.content.decode()


def test_the_rule_list_links_to_the_dry_run_and_a_rule_must_do_something(db, admin_client):
    assert URL in admin_client.get("/admin/routing/routingrule/").content.decode()
    response = admin_client.post(
        "/admin/routing/routingrule/add/", {"name": "Rien", "order": 1, "is_active": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "A rule must set a team, a priority, tags or an assignment strategy." in response.content.decode()
    assert not RoutingRule.objects.exists()

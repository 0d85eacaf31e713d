"""The customer's account manager and on-site technician are judge and party: through the UI, the
API, the admin, bulk actions and automatic assignment they never become the assignee of that
customer's complaints. They may read the case and add internal notes, marked as field context."""

from __future__ import annotations

import pytest
from django.test import Client

from doleances.complaints.models import Complaint, Customer, Message
from doleances.routing.models import RoutingRule
from doleances.routing.services import analyse_complaint
from tests.api.conftest import JsonClient, complaint_body, make_api_key
from tests.fixtures.objects import make_complaint, make_team, make_user


@pytest.fixture
def setting(db):
    team = make_team("Grands comptes")
    manager = make_user("agent", "contributor", username="marc", first_name="Marc", last_name="Commercial", teams=(team,))
    technician = make_user("agent", username="theo", first_name="Théo", last_name="Technicien", teams=(team,))
    handler = make_user("agent", username="alice", teams=(team,))
    supervisor = make_user("supervisor", username="sophie", teams=(team,))
    complaint = make_complaint(team=team, email="client@grand-compte.example")
    Customer.objects.filter(pk=complaint.customer_id).update(account_manager=manager, onsite_technician=technician)
    return {
        "team": team,
        "manager": manager,
        "technician": technician,
        "handler": handler,
        "supervisor": supervisor,
        "complaint": complaint,
    }


def assignee_of(complaint):
    return Complaint.objects.get(pk=complaint.pk).assignee


def test_ui_assigning_the_account_manager_or_the_technician_is_refused_with_the_reason(setting):
    client = Client()
    client.force_login(setting["supervisor"])
    reference = setting["complaint"].reference
    for person in (setting["manager"], setting["technician"]):
        response = client.post(f"/agent/complaints/{reference}/assign/", {"assignee": person.pk}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert "account manager or on-site technician" in response.content.decode()
    assert assignee_of(setting["complaint"]) is None


def test_ui_the_account_manager_cannot_take_the_case_but_may_add_a_note_marked_field_context(setting):
    client = Client()
    client.force_login(setting["manager"])
    reference = setting["complaint"].reference
    assert client.post(f"/agent/complaints/{reference}/take/").status_code in (400, 403)
    assert assignee_of(setting["complaint"]) is None
    client.post(f"/agent/complaints/{reference}/note/", {"body": "Client très important, contrat renouvelé en mars."})
    note = Message.objects.get(complaint=setting["complaint"], direction="internal")
    assert note.is_field_context is True
    event = Complaint.objects.get(pk=setting["complaint"].pk).events.get(action="message.note_added")
    assert event.data["field_context"] is True
    page = client.get(f"/agent/complaints/{reference}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="field-context"' in page


def test_a_handlers_note_is_not_field_context(setting):
    client = Client()
    client.force_login(setting["handler"])
    client.post(f"/agent/complaints/{setting['complaint'].reference}/note/", {"body": "Appelé le client."})
    assert Message.objects.get(complaint=setting["complaint"], direction="internal").is_field_context is False


def test_bulk_assignment_refuses_the_conflicted_person(setting):
    client = Client()
    client.force_login(setting["supervisor"])
    response = client.post(
        "/agent/complaints/bulk/",
        {"action": "assign", "assignee": setting["technician"].pk, "references": [setting["complaint"].reference]},
    )
    assert [r.code for r in response.context["summary"].refused] == ["assignee_not_allowed"]
    assert assignee_of(setting["complaint"]) is None


def test_admin_route_again_never_picks_the_conflicted_people(setting, admin_client):
    RoutingRule.objects.create(name="Répartir", min_risk_score=0, set_strategy="round_robin")
    for _ in range(3):
        response = admin_client.post(
            "/admin/complaints/complaint/",
            {"action": "route_again", "_selected_action": [setting["complaint"].pk]},
        )
        assert response.status_code == 302
        Complaint.objects.filter(pk=setting["complaint"].pk).update(assignee=None)
    assigned = set(setting["complaint"].events.filter(action="complaint.assigned").values_list("data__to", flat=True))
    assert assigned <= {"alice", "sophie"}
    assert assigned


def test_admin_change_form_cannot_set_the_assignee(setting, admin_client):
    complaint = setting["complaint"]
    admin_client.post(
        f"/admin/complaints/complaint/{complaint.pk}/change/",
        {"priority": "normal", "team": setting["team"].pk, "assignee": setting["manager"].pk, "order_reference": ""},
    )
    assert assignee_of(complaint) is None


def test_api_intake_then_automatic_assignment_never_gives_the_case_to_the_account_manager(setting):
    RoutingRule.objects.create(name="Répartir", min_risk_score=0, set_strategy="least_loaded")
    api = JsonClient(make_api_key(setting["team"])[1])
    for n in range(4):
        body = complaint_body(customer={"name": "Grand compte", "email": "client@grand-compte.example"}, subject=f"Panne {n}")
        assert api.post("/api/v1/complaints", body).status_code == 201
    created = Complaint.objects.exclude(pk=setting["complaint"].pk)
    for complaint in created:
        analyse_complaint(complaint)
    assert set(Complaint.objects.filter(pk__in=created).values_list("assignee__username", flat=True)) <= {"alice", "sophie"}


def test_automatic_assignment_skips_them_and_says_so(setting):
    RoutingRule.objects.create(name="Répartir", min_risk_score=0, set_strategy="round_robin")
    analyse_complaint(setting["complaint"])
    event = Complaint.objects.get(pk=setting["complaint"].pk).events.get(action="complaint.assigned")
    assert event.data["skipped"] == {"conflict_of_interest": ["marc", "theo"]}

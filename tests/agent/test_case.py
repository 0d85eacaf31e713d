"""The complaint page and its actions: each through the UI, each error shown, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doleances.complaints.enums import Direction, Status, Visibility
from doleances.complaints.lifecycle import Action
from doleances.complaints.models import Complaint, Customer, Message
from doleances.complaints.selectors import Candidate
from doleances.complaints.services import add_internal_note, transition_complaint
from doleances.core.actors import SYSTEM
from doleances.core.models import OutboxMessage
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint, make_user


def url(name: str, complaint) -> str:
    return reverse(f"agent:{name}", args=[complaint.reference])


def refreshed(complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def test_detail_shows_the_case_escaped_with_line_breaks(db, agent_client, team):
    complaint = make_complaint(team=team, description="Line one\n<script>alert(1)</script>", remedy_sought="Refund\nplease")
    Customer.objects.filter(pk=complaint.customer_id).update(is_vip=True, phone="+33612345678")
    page = agent_client.get(url("complaint_detail", complaint)).content.decode()
    assert "Line one<br>&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "Refund<br>please" in page
    assert "+33612345678" in page
    assert "jeanne.martin@example.org" in page
    assert '<span class="badge danger">VIP</span>' in page


def test_timeline_shows_events_and_messages_in_order_with_internal_ones_marked(db, agent, agent_client, complaint):
    add_internal_note(complaint, body="Check the March invoice", actor=agent)
    page = agent_client.get(url("complaint_detail", complaint)).content.decode()
    received = page.index("Complaint received (Web form)")
    acknowledged = page.index("Status: Received → Acknowledged")
    note = page.index("Check the March invoice")
    assert received < acknowledged < note
    assert 'class="tl-item tl-message tl-internal"' in page[:note]


def test_take_assigns_the_complaint_to_me(db, agent, agent_client, complaint):
    response = agent_client.post(url("complaint_take", complaint))
    assert response.status_code == 302
    assert refreshed(complaint).assignee == agent
    assert "You now handle this complaint." in agent_client.get(response["Location"]).content.decode()


def test_take_with_htmx_returns_the_case_fragment_with_a_notice(db, agent, agent_client, complaint):
    response = agent_client.post(url("complaint_take", complaint), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="case"')
    assert "You now handle this complaint." in body
    assert refreshed(complaint).assignee == agent


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_case_actions_say_that_their_answer_depends_on_htmx(db, agent_client, complaint, htmx):
    # The same URL answers a fragment or a redirect: a cache must not serve one for the other.
    headers = {"HX-Request": "true"} if htmx else {}
    for name, data in [("complaint_take", {}), ("complaint_note", {"body": "Called the shop"}), ("complaint_note", {})]:
        response = agent_client.post(url(name, complaint), data, headers=headers)
        assert "HX-Request" in response.get("Vary", ""), (name, data)


def test_assign_offers_team_handlers_without_conflict_of_interest(db, agent, agent_client, team, complaint):
    colleague = make_user("agent", teams=(team,), first_name="Bob", last_name="Colleague")
    manager = make_user("agent", teams=(team,), first_name="Carla", last_name="Manager")
    Customer.objects.filter(pk=complaint.customer_id).update(account_manager=manager)
    candidates = agent_client.get(url("complaint_detail", complaint)).context["candidates"]
    assert candidates == [
        Candidate(pk=agent.pk, name="Alice Agent", in_team=True),
        Candidate(pk=colleague.pk, name="Bob Colleague", in_team=True),
    ]
    response = agent_client.post(url("complaint_assign", complaint), {"assignee": colleague.pk})
    assert response.status_code == 302
    assert refreshed(complaint).assignee == colleague


def test_assign_refuses_the_customers_account_manager_with_a_clear_error(db, agent_client, team, complaint):
    manager = make_user("agent", teams=(team,), first_name="Carla", last_name="Manager")
    Customer.objects.filter(pk=complaint.customer_id).update(account_manager=manager)
    response = agent_client.post(url("complaint_assign", complaint), {"assignee": manager.pk})
    assert response.status_code == 400
    assert "Carla Manager cannot handle this complaint" in response.content.decode()
    assert "account manager" in response.content.decode()
    assert refreshed(complaint).assignee is None


def test_internal_note_is_added_and_shown_as_internal(db, agent, agent_client, complaint):
    response = agent_client.post(url("complaint_note", complaint), {"body": "Called the shop"}, headers={"HX-Request": "true"})
    assert "Internal note added." in response.content.decode()
    note = Message.objects.get(complaint=complaint)
    assert (note.direction, note.visibility, note.body, note.author) == (
        Direction.INTERNAL,
        Visibility.INTERNAL,
        "Called the shop",
        agent,
    )


def test_empty_note_is_a_form_error_and_writes_nothing(db, agent_client, complaint):
    response = agent_client.post(url("complaint_note", complaint), {"body": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Message.objects.exists()


def test_reply_is_queued_in_the_outbox_and_confirmed(db, agent_client, complaint):
    response = agent_client.post(url("complaint_reply", complaint), {"body": "We refund you."}, headers={"HX-Request": "true"})
    assert "Your reply to jeanne.martin@example.org is queued for sending." in response.content.decode()
    reply = Message.objects.get(complaint=complaint, direction=Direction.OUTBOUND)
    row = OutboxMessage.objects.get(pk=reply.outbox_id)
    assert row.payload["to"] == ["jeanne.martin@example.org"]
    assert "We refund you." in row.payload["body"]


def test_reply_reaches_a_real_smtp_server(db, agent_client, complaint, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        agent_client.post(url("complaint_reply", complaint), {"body": "Nous vous remboursons 12 €."})
    replies = [m for m in smtp_server.messages if "Nous vous remboursons" in m.get_body(("plain",)).get_content()]
    assert len(replies) == 1
    assert replies[0]["To"] == "jeanne.martin@example.org"
    assert replies[0]["X-Doleances-Reference"] == complaint.reference


def test_every_transition_through_the_ui_up_to_closure(db, agent, agent_client, complaint):
    for action, status in [
        ("qualify", Status.QUALIFIED),
        ("start", Status.IN_PROGRESS),
        ("wait_for_customer", Status.WAITING_CUSTOMER),
        ("resume", Status.IN_PROGRESS),
        ("answer", Status.ANSWERED),
        ("resolve", Status.RESOLVED),
        ("close", Status.CLOSED),
        ("reopen", Status.REOPENED),
    ]:
        response = agent_client.post(url("complaint_transition", complaint), {"action": action})
        assert response.status_code == 302, action
        assert refreshed(complaint).status == status


def test_transition_buttons_follow_the_lifecycle(db, agent_client, complaint):
    transition_complaint(complaint, Action.QUALIFY, actor=SYSTEM)
    context = agent_client.get(url("complaint_detail", complaint)).context
    assert context["transitions"] == [("start", "Start handling", True)]
    assert context["can_withdraw"]
    assert context["can_merge"]


def test_transition_note_is_kept_in_the_event(db, agent_client, complaint):
    agent_client.post(url("complaint_transition", complaint), {"action": "qualify", "note": "Billing error confirmed"})
    assert complaint.events.get(action="complaint.qualified").data["note"] == "Billing error confirmed"


def test_illegal_transition_posted_by_hand_is_a_clear_error_and_changes_nothing(db, agent_client, complaint):
    response = agent_client.post(url("complaint_transition", complaint), {"action": "close"})
    assert response.status_code == 409
    assert "Action “Close” is not possible on a complaint whose status is “Acknowledged”." in response.content.decode()
    assert refreshed(complaint).status == Status.ACKNOWLEDGED


def test_unknown_action_is_a_form_error(db, agent_client, complaint):
    response = agent_client.post(url("complaint_transition", complaint), {"action": "explode"})
    assert response.status_code == 400
    assert refreshed(complaint).status == Status.ACKNOWLEDGED


def test_withdraw_needs_a_confirmation(db, agent_client, complaint):
    refused = agent_client.post(url("complaint_transition", complaint), {"action": "withdraw"})
    assert refused.status_code == 400
    assert "Tick the box to confirm the withdrawal." in refused.content.decode()
    assert refreshed(complaint).status == Status.ACKNOWLEDGED
    agent_client.post(url("complaint_transition", complaint), {"action": "withdraw", "confirm": "on"})
    assert refreshed(complaint).status == Status.WITHDRAWN


def test_merge_into_another_reference(db, agent_client, team, complaint):
    target = make_complaint(team=team, subject="Same invoice")
    response = agent_client.post(url("complaint_merge", complaint), {"into": target.reference.lower()})
    assert response.status_code == 302
    merged = refreshed(complaint)
    assert (merged.status, merged.merged_into) == (Status.MERGED, target)


def test_merge_into_an_invisible_or_unknown_reference_is_a_form_error(db, agent_client, other_team, complaint):
    hidden = make_complaint(team=other_team)
    for reference in [hidden.reference, "REC-1999-000001"]:
        response = agent_client.post(url("complaint_merge", complaint), {"into": reference})
        assert response.status_code == 400
        assert "No complaint with this reference that you may see." in response.content.decode()
    assert refreshed(complaint).status == Status.ACKNOWLEDGED


def test_auditor_sees_the_case_but_no_action(db, complaint):
    client = login(make_user("auditor"))
    response = client.get(url("complaint_detail", complaint))
    page = response.content.decode()
    assert response.status_code == 200
    assert complaint.reference in page
    assert "<form" not in page.split('id="case"')[1]
    denied = client.post(url("complaint_transition", complaint), {"action": "qualify"})
    assert denied.status_code == 403
    assert refreshed(complaint).status == Status.ACKNOWLEDGED


def test_contributor_may_add_a_note_but_not_handle(db, complaint):
    technician = make_user("contributor")
    Customer.objects.filter(pk=complaint.customer_id).update(onsite_technician=technician)
    client = login(technician)
    context = client.get(url("complaint_detail", complaint)).context
    assert (context["can_handle"], context["can_comment"]) == (False, True)
    client.post(url("complaint_note", complaint), {"body": "Router replaced on the 3rd"})
    assert Message.objects.filter(complaint=complaint, direction=Direction.INTERNAL).count() == 1


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_detail_query_count_does_not_grow_with_the_timeline(db, agent, agent_client, complaint):
    Complaint.objects.filter(pk=complaint.pk).update(assignee=agent)
    before = count_queries(agent_client, url("complaint_detail", complaint))
    for action in [Action.QUALIFY, Action.START, Action.WAIT_FOR_CUSTOMER, Action.RESUME]:
        transition_complaint(complaint, action, actor=agent)
    add_internal_note(complaint, body="one", actor=agent)
    assert complaint.events.count() == 7
    after = count_queries(agent_client, url("complaint_detail", complaint))
    assert before == after


def test_timeline_names_the_assignee(db, agent_client, complaint):
    agent_client.post(url("complaint_take", complaint))
    assert "Assigned to Alice Agent" in agent_client.get(url("complaint_detail", complaint)).content.decode()


def test_assign_select_keeps_the_current_assignee_selected_even_outside_the_team(db, complaint):
    boss = make_user("administrator", first_name="Zoé", last_name="Boss")
    client = login(boss)
    client.post(url("complaint_take", complaint))
    page = client.get(url("complaint_detail", complaint)).content.decode()
    assert f'<option value="{boss.pk}" selected>Zoé Boss</option>' in page
    assert '<option value="">Nobody (unassign)</option>' in page


def test_case_page_marks_a_tampered_audit_trail(client, agent, complaint):
    client.force_login(agent)
    url = reverse("agent:complaint_detail", args=[complaint.reference])
    assert 'data-testid="broken-chain"' not in client.get(url).content.decode()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS complaintevent_append_only_update")
        cursor.execute(
            "UPDATE complaints_complaintevent SET actor_label = 'X' WHERE complaint_id = %s AND sequence = 1", [complaint.pk]
        )
    assert 'data-testid="broken-chain"' in client.get(url).content.decode()

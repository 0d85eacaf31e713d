"""Complaint services: each change in one transaction with its event; clear errors."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from doleances.complaints.enums import ACTION_LABELS, Status, Visibility
from doleances.complaints.events import verify_chain
from doleances.complaints.lifecycle import Action
from doleances.complaints.models import AppendOnlyError, ComplaintEvent, Message
from doleances.complaints.services import (
    add_internal_note,
    assign_complaint,
    merge_complaint,
    reclassify_complaint,
    reply_to_customer,
    transition_complaint,
)
from doleances.core.errors import Conflict, DoleancesError, Forbidden
from doleances.core.models import OutboxMessage
from tests.fixtures.objects import make_complaint, make_team, make_user

AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def actions_of(complaint):
    return list(complaint.events.values_list("action", flat=True))


def test_receive_records_received_then_acknowledged_and_one_acknowledgement(db):
    complaint = make_complaint(at=AT)
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.acknowledged_at == AT
    assert actions_of(complaint) == ["complaint.received", "complaint.acknowledged"]
    assert OutboxMessage.objects.filter(complaint_reference=complaint.reference).count() == 1


def test_acknowledge_sets_acknowledged_at_and_records_event(db, agent, team):
    """The acknowledge action is also a service call (a letter registered without email)."""
    complaint = make_complaint(team=team, at=AT)
    assert complaint.events.get(action="complaint.acknowledged").data == {
        "from": "received",
        "to": "acknowledged",
        "emailed": True,
    }


def test_full_journey_stamps_dates_and_chains_events(db, agent, complaint):
    for action in [Action.QUALIFY, Action.START, Action.ANSWER, Action.RESOLVE, Action.CLOSE]:
        complaint = transition_complaint(complaint, action, actor=agent, at=AT)
    assert complaint.status == Status.CLOSED
    assert (complaint.answered_at, complaint.resolved_at, complaint.closed_at) == (AT, AT, AT)
    assert actions_of(complaint)[2:] == [
        "complaint.qualified",
        "complaint.in_progress",
        "complaint.answered",
        "complaint.resolved",
        "complaint.closed",
    ]
    assert verify_chain(complaint) is None
    last = complaint.events.last()
    assert (last.actor, last.data, last.visibility) == (agent, {"from": "resolved", "to": "closed"}, Visibility.PUBLIC)


@pytest.mark.parametrize("action", [Action.ACKNOWLEDGE, Action.START, Action.ANSWER, Action.RESOLVE, Action.CLOSE, Action.RESUME])
def test_illegal_transition_is_a_clear_conflict_and_changes_nothing(db, agent, complaint, action):
    events_before = complaint.events.count()
    with translation.override("en"):
        with pytest.raises(Conflict) as error:
            transition_complaint(complaint, action, actor=agent)
        expected = f"Action “{ACTION_LABELS[action]}” is not possible on a complaint whose status is “Acknowledged”."
    assert error.value.code == "transition_not_allowed"
    assert error.value.message == expected
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.events.count() == events_before


def test_reopen_clears_resolution_dates(db, agent, complaint):
    for action in [Action.QUALIFY, Action.START, Action.ANSWER, Action.RESOLVE, Action.CLOSE, Action.REOPEN]:
        complaint = transition_complaint(complaint, action, actor=agent, at=AT)
    assert (complaint.status, complaint.resolved_at, complaint.closed_at) == (Status.REOPENED, None, None)
    assert complaint.answered_at == AT


def test_user_outside_the_team_cannot_change_the_complaint(db, complaint):
    outsider = make_user("agent", teams=(make_team("Autre équipe"),))
    with pytest.raises(Forbidden):
        transition_complaint(complaint, Action.QUALIFY, actor=outsider)
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED


def test_auditor_cannot_change_anything(db, complaint):
    auditor = make_user("auditor")
    with pytest.raises(Forbidden):
        transition_complaint(complaint, Action.QUALIFY, actor=auditor)
    with pytest.raises(Forbidden):
        add_internal_note(complaint, body="Hmm", actor=auditor)


def test_account_manager_may_comment_but_never_be_assigned_nor_answer(db, agent, complaint):
    manager = make_user("contributor", username="commercial")
    complaint.customer.account_manager = manager
    complaint.customer.save()
    note = add_internal_note(complaint, body="Client important, contrat renouvelé en juin.", actor=manager)
    assert (note.visibility, note.author) == (Visibility.INTERNAL, manager)
    with pytest.raises(DoleancesError) as error:
        assign_complaint(complaint, assignee=manager, actor=agent)
    assert error.value.code == "assignee_not_allowed"
    with pytest.raises(Forbidden):
        reply_to_customer(complaint, body="Bonjour", actor=manager)
    # Even an agent who is the customer's technician is judge and party.
    technician = make_user("agent", teams=(complaint.team,))
    complaint.customer.onsite_technician = technician
    complaint.customer.save()
    with pytest.raises(DoleancesError):
        assign_complaint(complaint, assignee=technician, actor=agent)
    with pytest.raises(Forbidden):
        transition_complaint(complaint, Action.QUALIFY, actor=technician)


def test_assign_records_from_and_to(db, agent, supervisor, complaint):
    assign_complaint(complaint, assignee=agent, actor=supervisor, at=AT)
    complaint.refresh_from_db()
    assert complaint.assignee == agent
    assert complaint.events.last().data == {"from": None, "to": "agent"}


def test_reply_writes_message_and_outbox_row_in_one_transaction(db, agent, complaint):
    message = reply_to_customer(complaint, body="Bonjour, nous avons corrigé votre facture.", actor=agent, at=AT)
    row = message.outbox
    assert (message.visibility, message.recipient) == (Visibility.PUBLIC, "jeanne.martin@example.org")
    assert row.payload["to"] == ["jeanne.martin@example.org"]
    assert "nous avons corrigé votre facture" in row.payload["body"]
    assert complaint.reference in row.payload["subject"]
    assert message.message_id.startswith(f"<outbox-{row.pk}-")


def test_empty_note_is_refused(db, agent, complaint):
    with pytest.raises(DoleancesError) as error:
        add_internal_note(complaint, body="   ", actor=agent)
    assert (error.value.code, error.value.field) == ("empty", "body")
    assert Message.objects.count() == 0


def test_merge_links_both_complaints(db, agent, team):
    first = make_complaint(team=team)
    second = make_complaint(team=team)
    merged = merge_complaint(second, into=first, actor=agent)
    assert (merged.status, merged.merged_into) == (Status.MERGED, first)
    assert first.events.last().action == "complaint.merged_in"
    with pytest.raises(DoleancesError):
        merge_complaint(first, into=first, actor=agent)


def test_events_are_append_only_for_the_model_and_the_database(db, complaint):
    event = complaint.events.first()
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE complaints_complaintevent SET action = 'forged' WHERE id = %s", [event.pk])
    assert ComplaintEvent.objects.get(pk=event.pk).action == "complaint.received"


def test_verify_chain_finds_a_tampered_event(db, complaint):
    with connection.cursor() as cursor:
        # A database administrator bypassing the trigger.
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER complaintevent_append_only_update")
        cursor.execute(
            "UPDATE complaints_complaintevent SET data = %s WHERE complaint_id = %s AND sequence = 1",
            ['{"channel": "phone"}', complaint.pk],
        )
    broken = verify_chain(complaint)
    assert (broken.reference, broken.sequence, broken.reason) == (complaint.reference, 1, "content altered")
    assert broken.found_hash == complaint.events.get(sequence=1).hash != broken.expected_hash


def test_reclassify_records_what_changed(db, agent, complaint):
    other = make_team("Litiges")
    reclassify_complaint(complaint, actor=agent, changes={"priority": "high", "team": other, "order_reference": ""}, at=AT)
    complaint.refresh_from_db()
    assert (complaint.priority, complaint.team) == ("high", other)
    assert complaint.events.last().data == {
        "priority": {"from": "normal", "to": "high"},
        "team": {"from": "Facturation", "to": "Litiges"},
        "team_source": "person",
    }


def test_reclassify_refuses_lifecycle_fields(db, agent, complaint):
    with pytest.raises(DoleancesError) as error:
        reclassify_complaint(complaint, actor=agent, changes={"status": "closed"})
    assert error.value.code == "not_reclassifiable"
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED

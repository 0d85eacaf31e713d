"""The assisted door (issue 17): phone, counter and letters, through `receive_complaint`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from doleances.complaints.enums import Channel, CustomerKind, Direction, Status
from doleances.complaints.models import Complaint, Customer
from doleances.core.actors import SYSTEM
from doleances.core.errors import DoleancesError, Forbidden
from doleances.core.models import OutboxMessage
from doleances.intake.assisted import (
    WRITTEN_RECORD,
    AssistedComplaint,
    register_assisted_complaint,
    subject_from,
)
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
from doleances.sla.deadlines import Configuration, compute_due_dates
from tests.fixtures.objects import make_user

NOW = datetime(2026, 12, 16, 10, 30, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WORDS = "Vous m'avez prélevé deux fois l'abonnement en novembre, je veux être remboursé."
RESTATEMENT = "Double prélèvement de l'abonnement de novembre ; le client demande le remboursement du second."

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def codes(error: DoleancesError) -> set[tuple[str, str | None]]:
    return {(e.code, e.field) for e in getattr(error, "errors", [error])}


def phone_call(**changes) -> AssistedComplaint:
    values = {"channel": Channel.PHONE, "words": WORDS, "restatement": RESTATEMENT, "restatement_confirmed": True}
    values.update(changes)
    return AssistedComplaint(**values)


def test_phone_complaint_for_a_new_customer_records_channel_restatement_and_who_took_it(agent):
    complaint = register_assisted_complaint(
        phone_call(), customer=CustomerDetails(name="Paul Durand", phone="06 12 34 56 78"), actor=agent
    )
    complaint.refresh_from_db()
    assert (complaint.channel, complaint.description, complaint.restatement) == (Channel.PHONE, WORDS, RESTATEMENT)
    assert complaint.restatement_confirmed_at == NOW
    assert complaint.taken_by == agent
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.customer.phone == "+33612345678"  # E.164
    assert complaint.subject == subject_from(RESTATEMENT)
    received = complaint.events.get(action="complaint.received")
    assert (received.actor, received.data["channel"]) == (agent, "phone")
    # No email address: nothing to send, the acknowledgement is recorded as not emailed.
    assert OutboxMessage.objects.count() == 0


def test_an_existing_customer_chosen_by_the_agent_gets_the_complaint_even_with_a_shared_address(agent):
    first = Customer.objects.create(name="Jeanne Martin", email="famille@example.org", created_at=NOW)
    chosen = Customer.objects.create(name="Paul Martin", email="famille@example.org", created_at=NOW)
    complaint = register_assisted_complaint(phone_call(), customer_record=chosen, actor=agent)
    assert complaint.customer_id == chosen.pk != first.pk
    assert Customer.objects.count() == 2
    # The customer has an address: the acknowledgement is queued for them.
    assert list(OutboxMessage.objects.values_list("payload__template", flat=True)) == ["acknowledgement"]


def test_a_letter_received_earlier_starts_the_regulatory_clock_on_its_arrival(agent):
    arrived = NOW - timedelta(days=9)
    complaint = register_assisted_complaint(
        phone_call(channel=Channel.LETTER, restatement="", restatement_confirmed=False, received_at=arrived),
        customer=CustomerDetails(name="Paul Durand", email="paul@example.org"),
        attachments=[SimpleUploadedFile("courrier.pdf", PDF)],
        actor=agent,
    )
    assert complaint.received_at == arrived
    assert complaint.registered_at == NOW
    due = compute_due_dates(arrived, Configuration.current().basis_for(complaint))
    assert (complaint.answer_due_at, complaint.response_due_at) == (due.answer, due.response)
    assert complaint.answer_due_at < compute_due_dates(NOW, Configuration.current().basis_for(complaint)).answer
    assert [a.original_name for a in complaint.attachments.all()] == ["courrier.pdf"]


def test_the_written_record_of_an_oral_complaint_is_emailed_through_the_outbox_and_shown(agent):
    complaint = register_assisted_complaint(
        phone_call(send_written_record=True),
        customer=CustomerDetails(name="Paul Durand", email="paul@example.org"),
        actor=agent,
    )
    rows = {row.payload["template"]: row for row in OutboxMessage.objects.all()}
    assert set(rows) == {"acknowledgement", "written_record"}
    body = rows["written_record"].payload["body"]
    assert WORDS in body
    assert RESTATEMENT in body
    assert complaint.reference in body
    assert "/track/" in body  # the customer is invited to confirm or correct it
    assert rows["written_record"].payload["to"] == ["paul@example.org"]
    message = complaint.messages.get()
    assert (message.direction, message.outbox_id) == (Direction.OUTBOUND, rows["written_record"].pk)
    event = complaint.events.get(action="message.sent", data__kind=WRITTEN_RECORD)
    assert (event.actor, event.data["message"]) == (agent, message.pk)


def test_the_written_record_is_in_the_customer_language(agent):
    register_assisted_complaint(
        phone_call(channel=Channel.IN_PERSON, send_written_record=True),
        customer=CustomerDetails(name="Ann Smith", email="ann@example.org", language="en"),
        actor=agent,
    )
    row = OutboxMessage.objects.get(payload__template="written_record")
    assert "as we recorded it" in row.payload["subject"]
    assert "On 16 December 2026 you told us of your dissatisfaction (in person)" in row.payload["body"]


def test_the_same_form_sent_twice_registers_one_complaint_and_one_written_record(agent):
    def send():
        return register_assisted_complaint(
            phone_call(send_written_record=True),
            customer=CustomerDetails(name="Paul Durand", email="paul@example.org"),
            actor=agent,
            intake_key="k" * 64,
        )

    assert send().pk == send().pk
    assert Complaint.objects.count() == 1
    assert OutboxMessage.objects.filter(payload__template="written_record").count() == 1


def test_an_internal_requester_is_registered_with_their_department(agent):
    complaint = register_assisted_complaint(
        phone_call(channel=Channel.EMAIL, restatement="", restatement_confirmed=False),
        customer=CustomerDetails(name="Service paie", kind=CustomerKind.INTERNAL, department="Ressources humaines"),
        actor=agent,
    )
    assert (complaint.customer.kind, complaint.customer.department) == (CustomerKind.INTERNAL, "Ressources humaines")


def test_a_department_is_kept_for_internal_requesters_only(agent):
    complaint = register_assisted_complaint(
        phone_call(), customer=CustomerDetails(name="Paul Durand", department="Compta"), actor=agent
    )
    assert complaint.customer.department == ""


# --- Bad input: a clear error, nothing written ------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "customer", "expected"),
    [
        ({"received_at": NOW + timedelta(days=1)}, {}, ("received_in_future", "received_at")),
        ({"received_at": datetime(1989, 12, 31, tzinfo=UTC)}, {}, ("received_too_early", "received_at")),
        ({"received_at": datetime(1026, 12, 19, tzinfo=UTC)}, {}, ("received_too_early", "received_at")),
        ({"words": "   "}, {}, ("required", "words")),
        ({"channel": Channel.WEB}, {}, ("invalid_choice", "channel")),
        ({"channel": "pigeon"}, {}, ("invalid_choice", "channel")),
        ({"restatement": "", "restatement_confirmed": True}, {}, ("restatement_required", "restatement")),
        ({"restatement": "x" * 20001}, {}, ("too_long", "restatement")),
        ({"send_written_record": True}, {}, ("written_record_needs_email", "send_written_record")),
        (
            {"send_written_record": True, "channel": Channel.LETTER},
            {"email": "p@example.org"},
            ("written_record_not_oral", "send_written_record"),
        ),
        ({}, {"name": ""}, ("required", "name")),
        ({}, {"phone": "12"}, ("invalid_phone", "phone")),
        ({}, {"email": "pas-une-adresse"}, ("invalid_email", "email")),
        ({}, {"kind": "robot"}, ("invalid_choice", "customer_kind")),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_is_written(agent, changes, customer, expected, settings):
    settings.DOLEANCES_MAX_DESCRIPTION_CHARS = 20000
    details = {"name": "Paul Durand", **customer}
    with pytest.raises(DoleancesError) as refused:
        register_assisted_complaint(phone_call(**changes), customer=CustomerDetails(**details), actor=agent)
    assert expected in codes(refused.value)
    assert (Complaint.objects.count(), Customer.objects.count(), OutboxMessage.objects.count()) == (0, 0, 0)


def test_every_error_is_told_at_once(agent):
    with pytest.raises(DoleancesError) as refused:
        register_assisted_complaint(
            phone_call(words="", received_at=NOW + timedelta(days=3), send_written_record=True),
            customer=CustomerDetails(name=""),
            attachments=[SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary")],
            actor=agent,
        )
    assert {field for _code, field in codes(refused.value)} >= {
        "words",
        "received_at",
        "name",
        "send_written_record",
        "attachments",
    }


def test_a_customer_and_a_new_customer_at_once_or_neither_is_refused(agent):
    record = Customer.objects.create(name="Paul", created_at=NOW)
    for kwargs in ({}, {"customer": CustomerDetails(name="Paul"), "customer_record": record}):
        with pytest.raises(DoleancesError) as refused:
            register_assisted_complaint(phone_call(), actor=agent, **kwargs)
        assert ("customer_required", "customer") in codes(refused.value)


def test_a_merged_customer_record_cannot_be_given_a_complaint(agent):
    kept = Customer.objects.create(name="Paul", created_at=NOW)
    merged = Customer.objects.create(name="Paul bis", created_at=NOW, merged_into=kept, merged_at=NOW)
    with pytest.raises(DoleancesError) as refused:
        register_assisted_complaint(phone_call(), customer_record=merged, actor=agent)
    assert ("customer_merged", "customer") in codes(refused.value)


@pytest.mark.parametrize("role", ["auditor", "contributor", "quality_manager", None])
def test_only_complaint_handlers_register_complaints(role):
    person = make_user(role) if role else make_user()
    with pytest.raises(Forbidden):
        register_assisted_complaint(phone_call(), customer=CustomerDetails(name="Paul"), actor=person)
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("actor", [SYSTEM, None])
def test_the_system_or_no_one_cannot_register_for_a_customer(actor):
    with pytest.raises(Forbidden):
        register_assisted_complaint(phone_call(), customer=CustomerDetails(name="Paul"), actor=actor)


def test_intake_never_matches_a_merged_record(db):
    kept = Customer.objects.create(name="Paul", email="kept@example.org", created_at=NOW)
    Customer.objects.create(name="Paul", email="paul@example.org", created_at=NOW, merged_into=kept, merged_at=NOW)
    complaint = receive_complaint(
        CustomerDetails(name="Paul", email="paul@example.org"),
        ComplaintDetails(subject="s", description="d", consent=True),
    )
    assert complaint.customer.merged_into_id is None
    assert complaint.customer.pk not in (kept.pk,)
    assert Customer.objects.filter(email="paul@example.org").count() == 2


def test_a_phone_match_alone_never_attaches_a_complaint_with_an_address_to_another_person(db):
    other = Customer.objects.create(name="Jeanne", phone="+33612345678", created_at=NOW)
    complaint = receive_complaint(
        CustomerDetails(name="Paul", email="paul@example.org", phone="06 12 34 56 78"),
        ComplaintDetails(subject="s", description="d", consent=True),
    )
    assert complaint.customer_id != other.pk


def test_the_same_number_typed_two_ways_finds_the_same_customer(db):
    first = receive_complaint(
        CustomerDetails(name="Paul", phone="06 12 34 56 78"), ComplaintDetails(subject="s", description="d", channel="api")
    )
    second = receive_complaint(
        CustomerDetails(name="Paul", phone="+33 6 12 34 56 78"), ComplaintDetails(subject="s", description="d", channel="api")
    )
    assert first.customer_id == second.customer_id


def test_subject_from_a_long_text_is_cut_at_a_word():
    assert subject_from("court") == "court"
    long = "mot " * 40
    assert subject_from(long).endswith("…")
    assert len(subject_from(long)) <= 81

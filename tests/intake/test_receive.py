"""receive_complaint: validation names the field, and a refusal writes nothing."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from doleances.complaints.enums import Channel, Status
from doleances.complaints.models import Attachment, Complaint, ComplaintEvent, Customer
from doleances.core.errors import DoleancesError
from doleances.core.models import OutboxMessage
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint

AT = datetime(2026, 11, 20, 10, tzinfo=UTC)
GOOD_CUSTOMER = CustomerDetails(name="Paul Durand", email="paul@example.org")
GOOD = ComplaintDetails(subject="Coupure", description="Plus de courant depuis hier.", consent=True)


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Complaint, Customer, ComplaintEvent, Attachment, OutboxMessage))


@pytest.mark.parametrize(
    ("customer", "details", "code", "field"),
    [
        (CustomerDetails(name=" "), GOOD, "required", "name"),
        (CustomerDetails(name="Paul", email="pas-un-email"), GOOD, "invalid_email", "email"),
        (CustomerDetails(name="Paul", phone="12"), GOOD, "invalid_phone", "phone"),
        (CustomerDetails(name="Paul"), GOOD, "contact_required", "email"),
        (GOOD_CUSTOMER, ComplaintDetails(subject="", description="x", consent=True), "required", "subject"),
        (GOOD_CUSTOMER, ComplaintDetails(subject="x" * 201, description="x", consent=True), "too_long", "subject"),
        (GOOD_CUSTOMER, ComplaintDetails(subject="Long", description="é" * 1_000_000, consent=True), "too_long", "description"),
        (GOOD_CUSTOMER, ComplaintDetails(subject="S", description="D"), "consent_required", "consent"),
        (GOOD_CUSTOMER, ComplaintDetails(subject="S", description="D", consent=True, kind="rant"), "invalid_choice", "kind"),
        (
            GOOD_CUSTOMER,
            ComplaintDetails(subject="S", description="D", consent=True, claimed_amount=Decimal(-5)),
            "invalid_amount",
            "claimed_amount",
        ),
        (
            GOOD_CUSTOMER,
            ComplaintDetails(subject="S", description="D", consent=True, received_at=AT + timedelta(days=1)),
            "received_in_future",
            "received_at",
        ),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_written(db, customer, details, code, field):
    before = counts()
    with pytest.raises(DoleancesError) as error:
        receive_complaint(customer, details, at=AT)
    assert (error.value.code, error.value.field) == (code, field)
    assert counts() == before


def test_bad_attachment_after_good_fields_writes_nothing(db):
    before = counts()
    exe = SimpleUploadedFile("facture.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(DoleancesError):
        receive_complaint(GOOD_CUSTOMER, GOOD, attachments=[exe], at=AT)
    assert counts() == before


def test_html_is_stored_as_plain_text(db):
    evil = '<script>alert("x")</script><b>gras</b>'
    complaint = receive_complaint(
        CustomerDetails(name=evil, email="paul@example.org"),
        ComplaintDetails(subject=evil, description=evil, remedy_sought=evil, order_reference=evil, consent=True),
        at=AT,
    )
    complaint.refresh_from_db()
    assert (complaint.subject, complaint.description, complaint.remedy_sought, complaint.customer.name) == (
        evil,
        evil,
        evil,
        evil,
    )


def test_letter_received_earlier_counts_from_its_arrival(db):
    arrival = AT - timedelta(days=3)
    complaint = receive_complaint(
        CustomerDetails(name="Marie", phone="01 42 68 53 00"),
        ComplaintDetails(subject="Courrier", description="Lettre reçue lundi", channel=Channel.LETTER, received_at=arrival),
        at=AT,
    )
    assert (complaint.received_at, complaint.registered_at) == (arrival, AT)
    assert complaint.customer.phone == "+33142685300"
    # Tuesday 17 Nov + 10 business days = Tuesday 1 Dec, end of that day in Paris.
    assert complaint.response_due_at == datetime(2026, 12, 1, 22, 59, 59, tzinfo=UTC)
    assert complaint.status == Status.ACKNOWLEDGED
    assert OutboxMessage.objects.count() == 0  # no email address: acknowledged by letter or phone


def test_same_email_is_the_same_customer(db):
    first = receive_complaint(GOOD_CUSTOMER, GOOD, at=AT)
    second = receive_complaint(CustomerDetails(name="P. Durand", email="PAUL@example.org"), GOOD, at=AT)
    assert first.customer_id == second.customer_id
    assert first.reference != second.reference


def test_phone_match_does_not_borrow_another_customers_email(db):
    known = receive_complaint(CustomerDetails(name="Anne", email="anne@example.org", phone="0612345678"), GOOD, at=AT)
    stranger = receive_complaint(CustomerDetails(name="Bob", email="bob@example.org", phone="0612345678"), GOOD, at=AT)
    phone_only = receive_complaint(CustomerDetails(name="Anne", phone="06 12 34 56 78"), GOOD, at=AT)
    assert stranger.customer_id != known.customer_id
    assert phone_only.customer_id == known.customer_id
    assert phone_only.events.get(action="complaint.acknowledged").data["emailed"] is False
    assert [row.payload["to"] for row in OutboxMessage.objects.order_by("pk")] == [["anne@example.org"], ["bob@example.org"]]

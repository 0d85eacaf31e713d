"""The assisted door (issue 17): an agent registers what a customer said on the phone or at the
counter, or what came by post, through the same `receive_complaint` as every other channel.

The agent picks an existing customer (found by `complaints.customer_selectors.search_customers`)
or describes a new one; writes the customer's own words and, for what was said aloud, their
restatement and whether the customer confirmed it; gives the date the customer first expressed
their dissatisfaction (a letter's arrival, the day they told their adviser: the regulatory clock
runs from it). For an oral complaint not settled at once, the customer can be sent a written
record on a durable medium (ACPR 2022-R-01 asks that they be invited to confirm it): an email
through the outbox, on the case's timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from doleances.complaints import access
from doleances.complaints.attachments import check_uploads
from doleances.complaints.enums import Channel, Direction, Kind, Visibility
from doleances.complaints.events import record_event
from doleances.complaints.mail import case_mail
from doleances.complaints.models import Complaint, Customer, Message
from doleances.core import clock
from doleances.core.actors import Actor
from doleances.core.errors import DoleancesError, DoleancesErrors, all_errors
from doleances.intake.services import ComplaintDetails, CustomerDetails, check_submission, receive_complaint
from doleances.messaging import emails

# What an agent registers by hand; a forwarded mail or a case that came some other way too.
ASSISTED_CHANNELS = (Channel.PHONE, Channel.IN_PERSON, Channel.LETTER, Channel.EMAIL, Channel.OTHER)
# Said aloud: the customer gets a written record of it on request.
ORAL_CHANNELS = frozenset({Channel.PHONE, Channel.IN_PERSON})
SUBJECT_FROM_TEXT = 80
# The written record is a message to the customer like any other ("message.sent"), told apart
# by its kind: the timeline and the portal show it as the message it is.
WRITTEN_RECORD = "written_record"


@dataclass(frozen=True)
class AssistedComplaint:
    channel: str
    words: str  # the customer's own words (the description)
    subject: str = ""  # blank: the start of the restatement or of the words
    restatement: str = ""
    restatement_confirmed: bool = False
    received_at: datetime | None = None
    kind: str = Kind.COMPLAINT
    remedy_sought: str = ""
    send_written_record: bool = False


def subject_from(text: str) -> str:
    """A subject from the first words of a text, cut at a word, for a busy agent who left it blank."""
    line = " ".join((text or "").split())
    if len(line) <= SUBJECT_FROM_TEXT:
        return line
    cut = line[:SUBJECT_FROM_TEXT].rsplit(" ", 1)[0]
    return f"{cut}…"


def register_assisted_complaint(
    details: AssistedComplaint,
    *,
    customer: CustomerDetails | None = None,
    customer_record: Customer | None = None,
    attachments=(),
    actor: Actor,
    at: datetime | None = None,
    intake_key: str | None = None,
) -> Complaint:
    """Register a complaint an agent took for `customer_record` (an existing customer) or for a
    new `customer`, acknowledge it (by mail when the customer has an address) and, when asked,
    send the written record. Every error at once, before anything is written."""
    at = at or clock.now()
    person = access.require_person(actor, access.REGISTER)
    errors: list[DoleancesError] = []
    if details.channel not in ASSISTED_CHANNELS:
        errors.append(DoleancesError("invalid_choice", _("Choose how the complaint reached us."), field="channel"))
    if (customer is None) == (customer_record is None):
        errors.append(
            DoleancesError("customer_required", _("Choose an existing customer or describe a new one."), field="customer")
        )
    if customer_record is not None:
        customer_record = Customer.objects.get(pk=customer_record.pk)
        if customer_record.merged_into_id is not None:
            errors.append(
                DoleancesError(
                    "customer_merged",
                    _("This customer record was merged into another one: choose that one."),
                    field="customer",
                )
            )
        customer = CustomerDetails(
            name=customer_record.name,
            email=customer_record.email,
            language=customer_record.language,
            kind=customer_record.kind,
            department=customer_record.department,
        )
    assert customer is not None or errors
    customer = customer or CustomerDetails(name="")
    if details.send_written_record:
        if details.channel not in ORAL_CHANNELS:
            errors.append(
                DoleancesError(
                    "written_record_not_oral",
                    _("A written record is for a complaint made by phone or in person."),
                    field="send_written_record",
                )
            )
        elif not (customer.email or "").strip():
            errors.append(
                DoleancesError(
                    "written_record_needs_email",
                    _("The written record is sent by email: give the customer's email address, or untick the box."),
                    field="send_written_record",
                )
            )
    words = (details.words or "").strip()
    complaint_details = ComplaintDetails(
        subject=(details.subject or "").strip() or subject_from(details.restatement or words),
        description=words,
        kind=details.kind,
        channel=details.channel,
        remedy_sought=details.remedy_sought,
        received_at=details.received_at,
        language=customer.language,
        restatement=details.restatement,
        restatement_confirmed=details.restatement_confirmed,
    )
    try:
        customer, complaint_details, checked = check_submission(customer, complaint_details, attachments, at=at)
    except DoleancesError as error:
        errors += [_on_words(e) for e in all_errors(error)]
        checked = []
    if errors:
        raise DoleancesErrors(errors)
    with transaction.atomic():
        complaint = receive_complaint(
            customer,
            complaint_details,
            attachments=check_uploads(checked),
            actor=person,
            at=at,
            intake_key=intake_key,
            customer_record=customer_record,
            taken_by=person,
        )
        if details.send_written_record and not _written_record_sent(complaint):
            # Its own moment (after the reception's events), so that the timeline tells it after them.
            send_written_record(complaint, actor=person)
    return complaint


def _on_words(error: DoleancesError) -> DoleancesError:
    """The agent's form calls the description "the customer's words"."""
    if error.field == "description":
        return DoleancesError(error.code, error.message, field="words")
    return error


def _written_record_sent(complaint: Complaint) -> bool:
    return complaint.events.filter(action="message.sent", data__kind=WRITTEN_RECORD).exists()


def send_written_record(complaint: Complaint, *, actor: Actor, at: datetime | None = None) -> Message:
    """Email the customer the written record of their oral complaint (their words, the agent's
    restatement, an invitation to confirm or correct it), with a message on the timeline."""
    at = at or clock.now()
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)
        person = access.require_person(actor, access.REPLY, complaint)
        if not complaint.customer.email:
            raise DoleancesError(
                "written_record_needs_email", _("The written record is sent by email: the customer has no address.")
            )
        mail = emails.queue_written_record(
            case_mail(complaint),
            at=at,
            words=complaint.description,
            restatement=complaint.restatement,
            received_at=complaint.received_at,
            channel=Channel(complaint.channel).label,  # lazy: told in the customer's language
        )
        message = Message.objects.create(
            complaint=complaint,
            direction=Direction.OUTBOUND,
            channel=Channel.EMAIL,
            author=person,
            recipient=complaint.customer.email,
            body=_written_record_summary(complaint),
            visibility=Visibility.PUBLIC,
            message_id=mail.message_id,
            outbox_id=mail.outbox_id,
            created_at=at,
        )
        record_event(
            complaint,
            "message.sent",
            actor=person,
            at=at,
            visibility=Visibility.PUBLIC,
            data={"emailed": True, "kind": WRITTEN_RECORD},
            message=message,
        )
    return message


def _written_record_summary(complaint: Complaint) -> str:
    parts = [_("Written record of the complaint sent for confirmation."), "", complaint.description]
    if complaint.restatement:
        parts += ["", _("Restatement:"), complaint.restatement]
    return "\n".join(parts)

"""Every channel's door: `receive_complaint` stores the complaint, acknowledges it and queues the
acknowledgement in one transaction (guarantee 1: never lost, acknowledged exactly once)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from doleances.complaints import queues
from doleances.complaints.attachments import CheckedFile, check_uploads, store_attachments
from doleances.complaints.enums import Channel, CustomerKind, Kind, Status, TeamSource, Visibility
from doleances.complaints.events import record_event
from doleances.complaints.lifecycle import Action
from doleances.complaints.mail import case_mail
from doleances.complaints.models import Complaint, ComplaintEvent, Customer, Team
from doleances.complaints.services import apply_transition
from doleances.core import clock
from doleances.core.actors import SYSTEM
from doleances.core.errors import DoleancesError, DoleancesErrors, all_errors
from doleances.core.references import allocate_reference
from doleances.core.regulatory import PROFILES
from doleances.messaging import emails
from doleances.routing.tasks import analyse_complaint_task
from doleances.sla.services import set_initial_due_dates

logger = logging.getLogger(__name__)

MAX_CLAIMED_AMOUNT = Decimal("9999999999.99")
# No complaint handled here was first expressed before this: an earlier date is a typing error
# (19/12/1026), and it would put the regulatory deadlines centuries in the past.
EARLIEST_RECEIVED_AT = datetime(1990, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class CustomerDetails:
    name: str
    email: str = ""
    phone: str = ""
    organisation: str = ""
    customer_number: str = ""
    language: str = "fr"
    kind: str = CustomerKind.EXTERNAL
    department: str = ""  # an internal requester's department (issue 17)


@dataclass(frozen=True)
class ComplaintDetails:
    subject: str
    description: str
    kind: str = Kind.COMPLAINT
    channel: str = Channel.WEB
    remedy_sought: str = ""
    claimed_amount: Decimal | None = None
    order_reference: str = ""
    received_at: datetime | None = None
    language: str = "fr"
    consent: bool = False
    # The agent's restatement of what the customer said, and whether the customer confirmed it
    # (issue 17: phone, counter, letter; the API may give a restatement too).
    restatement: str = ""
    restatement_confirmed: bool = False
    regulatory_profile: str = ""  # one of core.regulatory.PROFILES; blank: the organisation's


def normalise_phone(raw: str, *, region: str = "FR") -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise DoleancesError("invalid_phone", _("This phone number is not valid."), field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_details(
    customer: CustomerDetails, details: ComplaintDetails, *, at: datetime
) -> tuple[CustomerDetails, ComplaintDetails]:
    """Refuse bad input before anything is written: every field-named error at once."""
    errors: list[DoleancesError] = []

    def refuse(code: str, message: str, field: str) -> None:
        errors.append(DoleancesError(code, message, field=field))

    def need(value: str, field: str) -> str:
        value = (value or "").strip()
        if not value:
            refuse("required", _("This field is required."), field)
        return value

    name = need(customer.name, "name")[:200]
    email = (customer.email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            refuse("invalid_email", _("Enter a valid email address."), "email")
    try:
        phone = normalise_phone(customer.phone)
    except DoleancesError as error:
        errors.append(error)
        phone = ""
    if not email and not (customer.phone or "").strip() and details.channel == Channel.WEB:
        refuse("contact_required", _("Give an email address or a phone number so that we can answer you."), "email")
    subject = need(details.subject, "subject")
    if len(subject) > 200:
        refuse("too_long", _("The subject is too long (200 characters at most)."), "subject")
    description = need(details.description, "description")
    max_text = settings.DOLEANCES_MAX_DESCRIPTION_CHARS
    if len(description) > max_text:
        refuse("too_long", _("The description is too long (%(max)d characters at most).") % {"max": max_text}, "description")
    if details.kind not in Kind.values:
        refuse("invalid_choice", _("Unknown kind of request."), "kind")
    if details.channel not in Channel.values:
        refuse("invalid_choice", _("Unknown channel."), "channel")
    amount = details.claimed_amount
    if amount is not None and not (Decimal(0) <= amount <= MAX_CLAIMED_AMOUNT):
        refuse("invalid_amount", _("The claimed amount must be a positive number."), "claimed_amount")
    received_at = details.received_at or at
    if received_at > at + timedelta(minutes=5):
        refuse("received_in_future", _("The date of receipt cannot be in the future."), "received_at")
    elif received_at < EARLIEST_RECEIVED_AT:
        refuse("received_too_early", _("The date of receipt cannot be before 1 January 1990: check the year."), "received_at")
    restatement = (details.restatement or "").strip()
    if len(restatement) > max_text:
        refuse("too_long", _("The restatement is too long (%(max)d characters at most).") % {"max": max_text}, "restatement")
    if details.restatement_confirmed and not restatement:
        refuse("restatement_required", _("Write the restatement the customer confirmed."), "restatement")
    if customer.kind not in CustomerKind.values:
        refuse("invalid_choice", _("Unknown kind of requester."), "customer_kind")
    if details.regulatory_profile and details.regulatory_profile not in PROFILES:
        refuse(
            "unknown_regulatory_profile",
            _("Unknown regulatory profile “%(profile)s”; valid: %(valid)s.")
            % {"profile": details.regulatory_profile, "valid": ", ".join(PROFILES)},
            "regulatory_profile",
        )
    if details.channel == Channel.WEB and not details.consent:
        refuse("consent_required", _("Please accept that we process your data to handle your complaint."), "consent")
    if errors:
        raise DoleancesErrors(errors)
    clean_customer = CustomerDetails(
        name=name,
        email=email,
        phone=phone,
        organisation=(customer.organisation or "").strip()[:200],
        customer_number=(customer.customer_number or "").strip()[:64],
        language=customer.language,
        kind=customer.kind,
        department=(customer.department or "").strip()[:200] if customer.kind == CustomerKind.INTERNAL else "",
    )
    clean_details = ComplaintDetails(
        subject=subject,
        description=description,
        kind=details.kind,
        channel=details.channel,
        remedy_sought=(details.remedy_sought or "").strip()[:max_text],
        claimed_amount=amount,
        order_reference=(details.order_reference or "").strip()[:100],
        received_at=received_at,
        language=details.language,
        consent=details.consent,
        restatement=restatement,
        restatement_confirmed=details.restatement_confirmed,
        regulatory_profile=details.regulatory_profile,
    )
    return clean_customer, clean_details


def check_submission(
    customer: CustomerDetails, details: ComplaintDetails, attachments=(), *, at: datetime
) -> tuple[CustomerDetails, ComplaintDetails, list[CheckedFile]]:
    """Every check of a new complaint, before anything is written (bad files included): raises
    DoleancesErrors listing all that is wrong, the fields' and the files' together."""
    errors: list[DoleancesError] = []
    try:
        customer, details = validate_details(customer, details, at=at)
    except DoleancesError as error:
        errors += all_errors(error)
    try:
        checked = check_uploads(attachments)
    except DoleancesError as error:
        errors += all_errors(error)
    if errors:
        raise DoleancesErrors(errors)
    return customer, details, checked


def find_or_create_customer(details: CustomerDetails, *, at: datetime) -> Customer:
    customer = None
    if details.email:
        # Every writer stores addresses lower-cased: an exact match reads the email index, where a
        # case-insensitive one reads every customer (inside the write transaction).
        customer = Customer.objects.filter(email=details.email.lower(), merged_into=None).order_by("pk").first()
    # The phone number identifies a customer only when no email address was given: otherwise a
    # typo in a number would attach this complaint (and its emails) to somebody else.
    if customer is None and details.phone and not details.email:
        customer = Customer.objects.filter(phone=details.phone, merged_into=None).order_by("pk").first()
    if customer is None:
        customer = Customer.objects.create(
            kind=details.kind,
            name=details.name,
            email=details.email,
            phone=details.phone,
            organisation=details.organisation,
            customer_number=details.customer_number,
            language=details.language,
            department=details.department,
            created_at=at,
        )
    return customer


def receive_complaint(
    customer: CustomerDetails,
    details: ComplaintDetails,
    *,
    attachments=(),
    actor=None,
    team: Team | None = None,
    at: datetime | None = None,
    intake_key: str | None = None,
    in_reply_to: str = "",
    refused_attachments: tuple[str, ...] = (),
    defer_analysis: bool = False,
    customer_record: Customer | None = None,
    taken_by=None,
) -> Complaint:
    """Register a complaint from any channel and acknowledge it at once. `team`: the channel's own
    team when it has one (an API key scoped to one team), which routing never overrides; without
    it the complaint waits in the intake team's queue until a routing rule or its category sends
    it to a better one (`complaints.queues`). `intake_key`: what
    identifies this very request (a form's one-time nonce with its content): a second delivery,
    even simultaneous, gets the first complaint back and nothing is written or sent again.
    `in_reply_to`: the Message-ID of the mail that brought the complaint (the acknowledgement
    answers it); `refused_attachments`: what the channel could not keep, one sentence each, told
    to the customer in the acknowledgement. `defer_analysis`: the caller queues the analysis
    itself, for many complaints at once (a mail import). `customer_record`: the customer the agent
    chose (assisted intake, `intake.assisted`), instead of matching one from `customer`;
    `taken_by`: the person who took the complaint for the customer (phone, counter, letter).
    `actor`: who registers it for the customer (an API key's user), recorded on the received event;
    none when the customer files it themself (the event names them). It checks no permission: the
    door (the public form, an API key) is the check; the acknowledgement is the system's."""
    at = at or clock.now()
    customer, details, checked = check_submission(customer, details, attachments, at=at)
    with transaction.atomic():
        if intake_key and (first := Complaint.objects.filter(intake_key=intake_key).first()) is not None:
            return first
        try:
            # A savepoint: when a simultaneous twin wins the key, its customer row and its
            # reference number are given back (references stay gap-free).
            with transaction.atomic():
                person, complaint = _create(
                    customer,
                    details,
                    team=team,
                    at=at,
                    intake_key=intake_key,
                    customer_record=customer_record,
                    taken_by=taken_by,
                )
                if complaint.team_id is None:
                    logger.warning("Complaint %s belongs to no team: set an intake team.", complaint.reference)
        except IntegrityError:
            first = Complaint.objects.filter(intake_key=intake_key).first() if intake_key else None
            if first is None:
                raise
            return first
        stored = store_attachments(complaint, checked, at=at)
        record_event(
            complaint,
            "complaint.received",
            actor=actor,
            actor_label="" if actor else person.name,
            at=at,
            visibility=Visibility.PUBLIC,
            data={
                "channel": details.channel,
                "kind": details.kind,
                "attachments": [a.original_name for a in stored],
                "received_at": complaint.received_at.isoformat(),
                **({"message_id": in_reply_to} if in_reply_to else {}),
                **({"refused_attachments": list(refused_attachments)} if refused_attachments else {}),
                **({"team": complaint.team.name, "team_source": complaint.team_source} if complaint.team else {}),
            },
        )
        # Only an address given with this request: a match on the phone number is no proof of identity.
        withheld = bool(customer.email) and acknowledgement_limit_reached(person, at=at)
        emailed = bool(customer.email) and not withheld
        apply_transition(complaint, Action.ACKNOWLEDGE, actor=SYSTEM, at=at, data={"emailed": emailed})
        if emailed:
            emails.queue_acknowledgement(
                case_mail(complaint), at=at, in_reply_to=in_reply_to, refused_attachments=refused_attachments
            )
        elif withheld:
            limit, period = acknowledgement_rate()
            record_event(
                complaint,
                ACKNOWLEDGEMENT_WITHHELD,
                at=at,
                data={"reason": "recipient_limit", "recipient": person.email, "limit": limit, "period_seconds": period},
            )
    if not defer_analysis:
        transaction.on_commit(lambda: analyse_complaint_task(complaint.pk))
    return complaint


ACKNOWLEDGEMENT_WITHHELD = "acknowledgement.withheld"
RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def acknowledgement_rate() -> tuple[int, int]:
    """settings.ACKNOWLEDGEMENT_RATE ("5/d", "10/12h") as (mails, period in seconds)."""
    count, _slash, period = settings.ACKNOWLEDGEMENT_RATE.partition("/")
    number, unit = period[:-1] or "1", period[-1:]
    return int(count), int(number) * RATE_UNITS[unit]


def acknowledgement_limit_reached(person: Customer, *, at: datetime) -> bool:
    """Whether this address already got its share of acknowledgements: the public form must not
    mail attacker-chosen text to one address without end. Counted from the audit trail, with the
    customer row locked so that simultaneous complaints count one after the other."""
    limit, period = acknowledgement_rate()
    if connection.features.has_select_for_update:  # SQLite has no row locks: its write lock is held already
        Customer.objects.select_for_update().filter(pk=person.pk).first()
    sent = ComplaintEvent.objects.filter(
        action="complaint.acknowledged",
        created_at__gt=at - timedelta(seconds=period),
        complaint__customer__email=person.email,  # exact: from the email index, not every event
        data__emailed=True,
    ).count()
    return sent >= limit


def _create(
    customer: CustomerDetails,
    details: ComplaintDetails,
    *,
    team: Team | None,
    at: datetime,
    intake_key: str | None,
    customer_record: Customer | None = None,
    taken_by=None,
) -> tuple[Customer, Complaint]:
    person = customer_record if customer_record is not None else find_or_create_customer(customer, at=at)
    assert details.received_at is not None  # validate_details fills it in
    source = TeamSource.CHANNEL if team is not None else TeamSource.INTAKE
    team = team or queues.intake_team()
    complaint = Complaint(
        reference=allocate_reference(at),
        kind=details.kind,
        channel=details.channel,
        status=Status.RECEIVED,
        customer=person,
        team=team,
        team_source=source if team is not None else None,
        subject=details.subject,
        description=details.description,
        remedy_sought=details.remedy_sought,
        claimed_amount=details.claimed_amount,
        order_reference=details.order_reference,
        language=details.language,
        received_at=details.received_at,
        registered_at=at,
        updated_at=at,
        regulatory_profile=details.regulatory_profile,
        consent_at=at if details.consent else None,
        intake_key=intake_key or None,
        restatement=details.restatement,
        restatement_confirmed_at=at if details.restatement_confirmed else None,
        taken_by=taken_by,
    )
    if person.is_vip:
        complaint.priority = "high"
    set_initial_due_dates(complaint)  # the sweep writes its alarms (sla.services.schedule_new_complaints)
    complaint.save(force_insert=True)
    return person, complaint

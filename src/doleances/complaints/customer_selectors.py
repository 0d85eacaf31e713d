"""Reads of customer records (issue 17): the search an agent runs before registering a complaint,
and the customer page. Every read starts from `access.visible_customers(user)`, and the
complaints shown from `access.visible_complaints(user)`.

The search reads indexes only: an email address, a phone number (E.164) and a customer number by
equality, a name by prefix on its key (`models.name_key`) as a range, which both SQLite and
PostgreSQL serve from a b-tree index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import phonenumbers
from django.db.models import Q

from doleances.complaints import access
from doleances.complaints.enums import Channel, CustomerKind, Direction, Status, Visibility
from doleances.complaints.models import Customer, Message, name_key

SEARCH_LIMIT = 10
MIN_NAME_PREFIX = 3  # shorter prefixes match a large part of any directory
PHONE_LIKE = re.compile(r"^\+?[\d\s.\-()/]{6,}$")
# Past the last character a name key can hold: the upper bound of a prefix range.
PAST_ANY_CHARACTER = "\U0010ffff"


@dataclass(frozen=True)
class CustomerMatch:
    pk: int
    name: str
    kind: str
    email: str
    phone: str
    customer_number: str
    organisation: str
    department: str
    is_vip: bool

    @property
    def is_internal(self) -> bool:
        return self.kind == CustomerKind.INTERNAL


def _match(customer: Customer) -> CustomerMatch:
    return CustomerMatch(
        pk=customer.pk,
        name=customer.name,
        kind=customer.kind,
        email=customer.email,
        phone=customer.phone,
        customer_number=customer.customer_number,
        organisation=customer.organisation,
        department=customer.department,
        is_vip=customer.is_vip,
    )


def e164_or_none(raw: str, *, region: str = "FR") -> str | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def search_q(query: str) -> Q | None:
    """What a search box query stands for: None when it is too short to look anything up."""
    # Control characters (a NUL that PostgreSQL refuses in any text) are never part of a name.
    query = " ".join("".join(ch for ch in (query or "") if ch.isprintable() or ch.isspace()).split())
    if not query:
        return None
    condition = Q(customer_number=query)
    if "@" in query:
        return condition | Q(email=query.lower())
    if PHONE_LIKE.match(query) and (phone := e164_or_none(query)):
        condition |= Q(phone=phone)
    key = name_key(query)
    if len(key) >= MIN_NAME_PREFIX:
        condition |= Q(name_key__gte=key, name_key__lt=key + PAST_ANY_CHARACTER)
    return condition


def search_customers(user, query: str, *, limit: int = SEARCH_LIMIT) -> list[CustomerMatch]:
    """Customers a person may look up whose email, phone, customer number or name (its start)
    matches `query`; at most `limit`, by name."""
    condition = search_q(query)
    if condition is None:
        return []
    rows = access.visible_customers(user).filter(condition).order_by("name_key", "pk")[:limit]
    return [_match(customer) for customer in rows]


def customer_match(customer: Customer) -> CustomerMatch:
    return _match(customer)


@dataclass(frozen=True)
class CustomerComplaint:
    reference: str
    subject: str
    status: str
    status_label: str
    channel_label: str
    received_at: datetime
    answered_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    is_open: bool


@dataclass(frozen=True)
class CustomerMessage:
    reference: str
    direction: str
    direction_label: str
    channel_label: str
    excerpt: str
    created_at: datetime


@dataclass(frozen=True)
class CustomerPage:
    customer: CustomerMatch
    account_manager: str
    onsite_technician: str
    created_at: datetime
    complaints: list[CustomerComplaint]
    messages: list[CustomerMessage]
    outcomes: dict[str, int]  # status label → number of the customer's visible complaints
    open_count: int
    merged_records: list[CustomerMatch]


MESSAGES_SHOWN = 30
COMPLAINTS_SHOWN = 200


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def customer_page(user, customer: Customer) -> CustomerPage:
    """Everything about one customer that `user` may see: their complaints (only those in the
    person's scope), the messages exchanged on them, how they ended."""
    complaints = list(
        access.visible_complaints(user)
        .filter(customer=customer)
        .order_by("-received_at", "-id")
        .only("reference", "subject", "status", "channel", "received_at", "answered_at", "resolved_at", "closed_at")[
            :COMPLAINTS_SHOWN
        ]
    )
    rows = [
        CustomerComplaint(
            reference=c.reference,
            subject=c.subject,
            status=c.status,
            status_label=str(Status(c.status).label),
            channel_label=str(Channel(c.channel).label),
            received_at=c.received_at,
            answered_at=c.answered_at,
            resolved_at=c.resolved_at,
            closed_at=c.closed_at,
            is_open=c.is_open,
        )
        for c in complaints
    ]
    outcomes: dict[str, int] = {}
    for row in rows:
        outcomes[row.status_label] = outcomes.get(row.status_label, 0) + 1
    messages = (
        Message.objects.filter(complaint__in=[c.pk for c in complaints], visibility=Visibility.PUBLIC)
        .select_related("complaint")
        .only("complaint__reference", "direction", "channel", "body", "created_at")
        .order_by("-created_at", "-id")[:MESSAGES_SHOWN]
    )
    merged = Customer.objects.filter(merged_into=customer).order_by("pk")
    return CustomerPage(
        customer=_match(customer),
        account_manager=_person(customer.account_manager),
        onsite_technician=_person(customer.onsite_technician),
        created_at=customer.created_at,
        complaints=rows,
        messages=[
            CustomerMessage(
                reference=m.complaint.reference,
                direction=m.direction,
                direction_label=str(Direction(m.direction).label),
                channel_label=str(Channel(m.channel).label),
                excerpt=" ".join(m.body.split())[:240],
                created_at=m.created_at,
            )
            for m in messages
        ],
        outcomes=outcomes,
        open_count=sum(1 for row in rows if row.is_open),
        merged_records=[_match(record) for record in merged],
    )


def merge_candidates(user, customer: Customer, query: str) -> list[CustomerMatch]:
    """Records `customer` could be merged into: the search, without the record itself."""
    return [match for match in search_customers(user, query) if match.pk != customer.pk]

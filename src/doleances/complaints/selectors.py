"""Reads for screens. Every selector starts from `access.visible_complaints(user)` (or from a
complaint already fetched through `access.get_complaint_for`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from doleances.complaints import access, roles, search
from doleances.complaints.enums import Direction, Kind, Priority, Status, Visibility
from doleances.complaints.lifecycle import OPEN_STATES
from doleances.complaints.models import Complaint, ComplaintEvent, Message, Team
from doleances.core import clock
from doleances.core.models import OutboxStatus

REFERENCE_RE = re.compile(r"[A-Za-z]{1,16}-\d{4}-\d{6}")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# A complaint is "due soon" when its response is due within this delay.
DUE_SOON = timedelta(days=2)
OVERDUE, DUE_SOON_STATE = "overdue", "soon"
# Events that only announce a message: the timeline shows the message itself instead.
MESSAGE_EVENTS = frozenset({"message.note_added", "message.sent", "message.received"})


@dataclass(frozen=True)
class ComplaintFilters:
    """What the agent asked for on the list screen (already validated by the form)."""

    statuses: tuple[str, ...] = ()
    assignee: str = ""  # "me", "none" or a user's primary key
    team: int | None = None
    overdue: bool = False
    open_only: bool = False
    search: str = ""
    requester_kind: str = ""  # issue 17: "internal" or "external" (CustomerKind); "" for both
    deadline: str = ""  # issue 19: "breached", "today", "week", "at_risk" (on the next deadline)
    sort: str = ""  # "due" (next deadline first), "newest", "oldest"; blank: due first for "me"


# Issue 19: sort orders of the list, each a keyset (column, then id) — see agent.pagination.
SORTS = {"newest": ("received_at", True), "oldest": ("received_at", False), "due": ("next_due_at", False)}
DEADLINE_FILTERS = ("breached", "today", "week", "at_risk")


def sort_of(filters: ComplaintFilters) -> str:
    if filters.sort in SORTS:
        return filters.sort
    return "due" if filters.assignee == "me" else "newest"


def deadline_q(name: str, at: datetime) -> Q:
    """Open complaints by their next deadline (complaint_next_due_idx): passed, due before the end
    of today or of this week (Sunday), or at risk (due within DUE_SOON)."""
    if name == "breached":
        return Q(next_due_at__lt=at)
    if name == "at_risk":
        return Q(next_due_at__gte=at, next_due_at__lt=at + DUE_SOON)
    local = timezone.localtime(at)
    end_of_today = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    if name == "today":
        return Q(next_due_at__gte=at, next_due_at__lt=end_of_today)
    return Q(next_due_at__gte=at, next_due_at__lt=end_of_today + timedelta(days=6 - local.weekday()))


def open_q() -> Q:
    """Same rule as `Complaint.is_open`: resolved cases wait for closure, they run no deadline."""
    return Q(status__in=OPEN_STATES)


def overdue_q(at: datetime) -> Q:
    """Same rule as `Complaint.is_overdue`, in SQL."""
    return open_q() & Q(answered_at__isnull=True, response_due_at__lt=at)


def complaints_for_agent(user, filters: ComplaintFilters, *, at: datetime | None = None) -> QuerySet[Complaint]:
    """The agent's list: visible complaints, filtered, newest first (keyset order), no N+1.
    `at` is the moment "overdue" is judged against (now by default)."""
    at = at or clock.now()
    qs = visible_complaints_for_list(user)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.open_only:
        qs = qs.filter(open_q())
    if filters.assignee == "me":
        qs = qs.filter(assignee=user)
    elif filters.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        qs = qs.filter(assignee_id=int(filters.assignee))
    if filters.team is not None:
        qs = qs.filter(team_id=filters.team)
    if filters.overdue:
        qs = qs.filter(overdue_q(at))
    if filters.requester_kind:
        qs = qs.filter(customer__kind=filters.requester_kind)
    if filters.deadline in DEADLINE_FILTERS:
        qs = qs.filter(deadline_q(filters.deadline, at))
    term = filters.search.strip()
    if REFERENCE_RE.fullmatch(term):
        # A whole reference is what handlers paste most: one index lookup, not a table scan.
        qs = qs.filter(reference=term.upper())
    elif EMAIL_RE.fullmatch(term):
        qs = qs.filter(customer__email=term.lower())
    elif term:
        # Words and "phrases" of subject and description, customer name or email, part of a
        # reference: through indexes, and only ever narrowing the visible complaints.
        qs = search.search_complaints(qs, term)
    column, descending = SORTS[sort_of(filters)]
    if descending:
        return qs.order_by(f"-{column}", "-id")
    return qs.order_by(F(column).asc(nulls_last=True), "id")


@dataclass(frozen=True)
class ComplaintRow:
    """One line of the agent's list (labels in the language of the request)."""

    reference: str
    subject: str
    customer_name: str
    customer_is_vip: bool
    kind_display: str
    status: str
    status_display: str
    priority: str
    priority_display: str
    team_name: str
    assignee_name: str  # "" when nobody handles it
    received_at: datetime
    response_due_at: datetime | None
    is_open: bool
    due: str  # the response deadline: see `response_due_state`
    next_due_at: datetime | None  # issue 19: the earliest deadline still to meet
    regulatory_breached: bool


@dataclass(frozen=True)
class ChoiceLabels:
    """The labels of a complaint's kind, status and priority in the active language: worked out once
    per list rather than by `get_FOO_display()` per line (which hashes every lazy label each call)."""

    kind: Mapping[str, str]
    status: Mapping[str, str]
    priority: Mapping[str, str]


def choice_labels() -> ChoiceLabels:
    return ChoiceLabels(
        kind={code: str(label) for code, label in Kind.choices},
        status={code: str(label) for code, label in Status.choices},
        priority={code: str(label) for code, label in Priority.choices},
    )


def complaint_row(complaint: Complaint, *, at: datetime, labels: ChoiceLabels | None = None) -> ComplaintRow:
    """A complaint of `complaints_for_agent` as a list line (no query: its relations are joined).
    A list passes the same `labels` (`choice_labels()`) for all its lines."""
    labels = labels or choice_labels()
    return ComplaintRow(
        reference=complaint.reference,
        subject=complaint.subject,
        customer_name=complaint.customer.name,
        customer_is_vip=complaint.customer.is_vip,
        kind_display=labels.kind.get(complaint.kind, complaint.kind),
        status=complaint.status,
        status_display=labels.status.get(complaint.status, complaint.status),
        priority=complaint.priority,
        priority_display=labels.priority.get(complaint.priority, complaint.priority),
        team_name=complaint.team.name if complaint.team else "",
        assignee_name=person_name(complaint.assignee),
        received_at=complaint.received_at,
        response_due_at=complaint.response_due_at,
        is_open=complaint.is_open,
        due=response_due_state(complaint, at=at),
        next_due_at=complaint.next_due_at,
        regulatory_breached=complaint.regulatory_breached_at is not None,
    )


def response_due_state(complaint: Complaint, *, at: datetime) -> str:
    """ "overdue", "soon" (an open, unanswered complaint due within DUE_SOON) or "" at `at`."""
    if complaint.is_overdue(at):
        return OVERDUE
    due = complaint.response_due_at
    if complaint.is_open and complaint.answered_at is None and due is not None and due <= at + DUE_SOON:
        return DUE_SOON_STATE
    return ""


def person_name(person) -> str:
    """How the UI names a colleague: the full name, else the username ("" for nobody)."""
    if person is None:
        return ""
    return person.get_full_name() or person.get_username()


def visible_complaints_for_list(user) -> QuerySet[Complaint]:
    return access.visible_complaints(user).select_related("customer", "team", "assignee")


def teams_for_filter(user) -> QuerySet[Team]:
    """Teams offered in the list filter: all of them for people who see everything."""
    teams = Team.objects.filter(is_active=True).order_by("name")
    if access.sees_everything(user):
        return teams
    return teams.filter(members=user)


def handlers() -> QuerySet:
    """Active people who may handle complaints: handler roles or superusers, and no API key's
    service user (an integration is never handed a case)."""
    User = get_user_model()
    return User.objects.filter(is_active=True, api_key__isnull=True).filter(
        Q(is_superuser=True) | Q(groups__name__in=roles.HANDLER_ROLES)
    )


def people_for_filter(user) -> QuerySet:
    """Handlers offered in the assignee filter: colleagues of the user's teams (or everyone)."""
    people = handlers()
    if not access.sees_everything(user):
        people = people.filter(teams__in=user.teams.values("pk"))
    return people.distinct().order_by("first_name", "last_name", "username")


@dataclass(frozen=True)
class Candidate:
    """Someone the complaint may be assigned to."""

    pk: int
    name: str
    in_team: bool  # a member of the complaint's team (else a handler who sees every team)


def assignment_candidates(complaint: Complaint) -> list[Candidate]:
    """Exactly the people `assign_complaint` accepts: handlers of the complaint's team and handlers
    who see every team, without API keys' service users or the customer's account manager."""
    in_scope = Q(is_superuser=True) | Q(groups__name__in=roles.SEE_ALL_ROLES)
    if complaint.team_id is not None:
        in_scope |= Q(teams=complaint.team_id)
    people = (
        handlers()
        .filter(in_scope)
        .distinct()
        .order_by("first_name", "last_name", "username")
        .select_related("api_key")
        .prefetch_related("groups", "teams")
    )
    # access.may_be_assigned stays the judge; the query above only narrows the list.
    return [
        Candidate(pk=person.pk, name=person_name(person), in_team=access.is_team_member(person, complaint.team_id))
        for person in people
        if access.may_be_assigned(person, complaint)
    ]


@dataclass(frozen=True)
class TimelineEvent:
    """What the audit trail recorded, as the case page tells it."""

    at: datetime
    action: str
    data: Mapping[str, Any]  # the event's data, read-only
    actor_label: str
    is_internal: bool


@dataclass(frozen=True)
class TimelineMessage:
    at: datetime
    direction: str
    sender: str
    recipient: str
    author_name: str  # the colleague who wrote it ("" for the customer's messages)
    body: str
    is_internal: bool
    is_field_context: bool = False  # a note by the customer's account manager or technician
    # Issue 20: our mail that could not be delivered (its outbox row is a dead letter).
    subject: str = ""
    undelivered: bool = False
    delivery_error: str = ""


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    event: TimelineEvent | None = None
    message: TimelineMessage | None = None

    @property
    def is_internal(self) -> bool:
        item = self.event or self.message
        assert item is not None  # an item is an event or a message
        return item.is_internal


def _timeline_message(message: Message) -> TimelineMessage:
    return TimelineMessage(
        at=message.created_at,
        direction=message.direction,
        sender=message.sender,
        recipient=message.recipient,
        author_name=person_name(message.author),
        body=message.body,
        is_internal=message.visibility == Visibility.INTERNAL,
        is_field_context=message.is_field_context,
        subject=message.subject,
        undelivered=message.outbox is not None and message.outbox.status == OutboxStatus.DEAD,
        delivery_error=message.outbox.last_error[:300] if message.outbox is not None else "",
    )


def _timeline_event(event: ComplaintEvent) -> TimelineEvent:
    return TimelineEvent(
        at=event.created_at,
        action=event.action,
        data=MappingProxyType(event.data or {}),
        actor_label=event.actor_label,
        is_internal=event.visibility == Visibility.INTERNAL,
    )


def complaint_timeline(complaint: Complaint) -> list[TimelineItem]:
    """Events and messages of one complaint in order (two queries, whatever their number)."""
    messages = list(complaint.messages.select_related("author", "outbox").order_by("created_at", "id"))
    shown = {m.pk for m in messages}
    items = [TimelineItem(at=m.created_at, message=_timeline_message(m)) for m in messages]
    for event in complaint.events.order_by("sequence"):
        if event.action in MESSAGE_EVENTS and event.data.get("message") in shown:
            continue
        items.append(TimelineItem(at=event.created_at, event=_timeline_event(event)))
    # Stable sort: at equal times, events (recorded after their message) keep their order.
    items.sort(key=lambda item: item.at)
    return items


def display_names(usernames: set[str]) -> dict[str, str]:
    """Full names for the usernames that events record (one query, none when there are none)."""
    if not usernames:
        return {}
    User = get_user_model()
    people = User.objects.filter(username__in=usernames).only("username", "first_name", "last_name")
    return {person.get_username(): person.get_full_name() or person.get_username() for person in people}


@dataclass(frozen=True)
class AttachmentItem:
    pk: int
    name: str  # as the sender named the file
    size: int  # bytes


def complaint_attachments(complaint: Complaint) -> list[AttachmentItem]:
    rows = complaint.attachments.order_by("uploaded_at", "id").values_list("pk", "original_name", "size")
    return [AttachmentItem(pk=pk, name=name, size=size) for pk, name, size in rows]


@dataclass(frozen=True)
class PublicMessage:
    direction: str
    body: str


@dataclass(frozen=True)
class PublicEntry:
    """One line of what the customer may see: a public event, with its public message if any."""

    at: datetime
    action: str
    message: PublicMessage | None = None
    file_names: tuple[str, ...] = ()


def public_history(complaint: Complaint) -> list[PublicEntry]:
    """Public events and public messages, oldest first, in two queries whatever the length.

    The one definition of the customer's view, shared by the portal and the API. Event data is
    never passed on: a public transition may carry an agent's internal note.
    """
    fields = ("action", "data", "created_at", "sequence", "complaint_id")
    events = complaint.events.filter(visibility=Visibility.PUBLIC).only(*fields)
    messages = {
        m.pk: m
        for m in Message.objects.filter(complaint=complaint, visibility=Visibility.PUBLIC)
        .exclude(direction=Direction.INTERNAL)
        .only("direction", "body", "created_at", "complaint_id")
    }
    entries: list[PublicEntry] = []
    told: set[int] = set()
    for event in events.order_by("sequence"):
        data = event.data or {}
        message = None
        if event.action.startswith("message."):
            message = messages.get(data.get("message"))  # type: ignore[arg-type]  # no id (None) finds no message
            if message is None:
                continue  # a message that is not public (or no longer exists) is never told
            told.add(message.pk)
        files = tuple(str(n) for n in data.get("attachments", ())) if event.action == "message.received" else ()
        entries.append(PublicEntry(at=event.created_at, action=event.action, message=_public(message), file_names=files))
    for message in messages.values():
        if message.pk not in told:  # a public message recorded without its own event
            action = "message.received" if message.direction == Direction.INBOUND else "message.sent"
            entries.append(PublicEntry(at=message.created_at, action=action, message=_public(message)))
    entries.sort(key=lambda entry: entry.at)  # stable: the same instant keeps the audit order
    return entries


def _public(message: Message | None) -> PublicMessage | None:
    return PublicMessage(direction=message.direction, body=message.body) if message is not None else None

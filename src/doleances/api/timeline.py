"""The customer-visible timeline of a complaint, for integrations: public events and public
messages only (two queries whatever the history's length). Event data is never exposed: a
public transition may carry an agent's internal note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from doleances.complaints.enums import Direction, Visibility
from doleances.complaints.models import Complaint, Message


@dataclass(frozen=True)
class TimelineMessage:
    direction: str
    body: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    event: str
    message: TimelineMessage | None = None


def public_timeline(complaint: Complaint) -> list[TimelineEntry]:
    events = complaint.events.filter(visibility=Visibility.PUBLIC).only("action", "data", "created_at", "sequence")
    messages = {
        m.pk: m
        for m in Message.objects.filter(complaint=complaint, visibility=Visibility.PUBLIC)
        .exclude(direction=Direction.INTERNAL)
        .only("direction", "body", "created_at")
    }
    entries: list[TimelineEntry] = []
    told: set[int] = set()
    for event in events.order_by("sequence"):
        message = None
        if event.action.startswith("message."):
            message = messages.get((event.data or {}).get("message"))
            if message is None:
                continue  # a message that is not public is never told
            told.add(message.pk)
        entries.append(TimelineEntry(at=event.created_at, event=event.action, message=_told(message)))
    for message in messages.values():
        if message.pk not in told:  # a public message recorded without its own event
            action = "message.received" if message.direction == Direction.INBOUND else "message.sent"
            entries.append(TimelineEntry(at=message.created_at, event=action, message=_told(message)))
    entries.sort(key=lambda entry: entry.at)  # stable: the same instant keeps the audit order
    return entries


def _told(message: Message | None) -> TimelineMessage | None:
    return TimelineMessage(direction=message.direction, body=message.body) if message is not None else None

"""The customer-visible timeline of a complaint, for integrations (see `selectors.public_history`).
Event data is never exposed: a public transition may carry an agent's internal note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from doleances.complaints.models import Complaint
from doleances.complaints.selectors import public_history


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
    return [
        TimelineEntry(
            at=entry.at,
            event=entry.action,
            message=TimelineMessage(entry.message.direction, entry.message.body) if entry.message else None,
        )
        for entry in public_history(complaint)
    ]

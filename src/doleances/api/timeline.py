"""The customer-visible timeline of a complaint, for integrations (see `selectors.public_history`).
Event data is never exposed: a public transition may carry an agent's internal note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from doleances.complaints.models import Complaint
from doleances.complaints.selectors import PublicMessage, public_history


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    event: str
    message: PublicMessage | None = None  # direction and body only


def public_timeline(complaint: Complaint) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            at=entry.at,
            event=entry.action,
            message=entry.message,
        )
        for entry in public_history(complaint)
    ]

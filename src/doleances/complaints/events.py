"""Writing the audit trail: one append-only, hash-chained event per change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from doleances.complaints.enums import Visibility
from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.core.hashchain import GENESIS, chain_hash


def record_event(
    complaint: Complaint,
    action: str,
    *,
    actor=None,
    actor_label: str = "",
    at: datetime,
    data: dict[str, Any] | None = None,
    visibility: str = Visibility.INTERNAL,
) -> ComplaintEvent:
    """Append an event. The caller holds the complaint row lock (select_for_update) so the
    chain has one writer at a time."""
    last = complaint.events.order_by("-sequence").values_list("sequence", "hash").first()
    sequence, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    if actor is not None and not actor_label:
        actor_label = actor.get_full_name() or actor.get_username()
    event = ComplaintEvent(
        complaint=complaint,
        sequence=sequence,
        action=action,
        actor=actor,
        actor_label=actor_label,
        visibility=visibility,
        data=data or {},
        created_at=at,
        previous_hash=previous_hash,
    )
    event.hash = chain_hash(previous_hash, event.chained_content())
    event.save(force_insert=True)
    return event


def verify_chain(complaint: Complaint) -> ComplaintEvent | None:
    """The first event whose hash does not match its content and predecessor, or None."""
    previous_hash = GENESIS
    expected_sequence = 1
    for event in complaint.events.order_by("sequence"):
        expected = chain_hash(previous_hash, event.chained_content())
        if event.sequence != expected_sequence or event.previous_hash != previous_hash or event.hash != expected:
            return event
        previous_hash = event.hash
        expected_sequence += 1
    return None

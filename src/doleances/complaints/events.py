"""Writing the audit trail: one append-only, hash-chained event per change."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from django.db.models import QuerySet

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


@dataclass(frozen=True)
class BrokenLink:
    """Where a chain stops being trustworthy: the event, what its hash should be, what it is."""

    reference: str
    sequence: int
    event_id: int
    expected_hash: str
    found_hash: str
    reason: str


def _check(reference: str, events) -> BrokenLink | None:
    previous_hash = GENESIS
    for expected_sequence, event in enumerate(events, start=1):
        expected = chain_hash(previous_hash, event.chained_content())
        if event.sequence != expected_sequence:
            reason = "missing or reordered event"
        elif event.previous_hash != previous_hash:
            reason = "link to the previous event altered"
        elif event.hash != expected:
            reason = "content altered"
        else:
            previous_hash = event.hash
            continue
        return BrokenLink(reference, event.sequence, event.pk, expected, event.hash, reason)
    return None


def verify_chain(complaint: Complaint) -> BrokenLink | None:
    """The first broken link in one complaint's trail, or None when it is intact."""
    events = complaint.events.select_related("complaint").order_by("sequence")
    return _check(complaint.reference, events)


def verify_all_chains(complaints: QuerySet[Complaint] | None = None) -> Iterator[BrokenLink]:
    """Walk every trail in one streaming pass (ordered by complaint, then sequence)."""
    events = ComplaintEvent.objects.select_related("complaint").order_by("complaint_id", "sequence")
    if complaints is not None:
        events = events.filter(complaint__in=complaints)
    for _complaint_id, group in groupby(events.iterator(chunk_size=2000), key=lambda e: e.complaint_id):
        group = list(group)
        broken = _check(group[0].complaint.reference, group)
        if broken is not None:
            yield broken

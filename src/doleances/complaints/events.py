"""Writing and verifying the audit trail: one append-only, keyed hash-chained event per change.

What verification catches (docs/audit-trail.md): an event edited, removed or reordered; a chain
recomputed without the audit key; the last events deleted (the complaint records its head); a
message whose content changed after its event recorded it; and, given the anchor file written
outside the database, a chain rewritten even by someone holding the key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from doleances.complaints.enums import Visibility
from doleances.complaints.models import Attachment, Complaint, ComplaintEvent, Message
from doleances.core.actors import Actor, recorded_user
from doleances.core.hashchain import GENESIS, KEYED, chain_hash, content_digest, keyed_chain_hash

BATCH = 500  # complaints verified per round of queries


def message_content(message: Message, attachment_hashes: Iterable[str]) -> dict[str, Any]:
    """What of a message its event binds into the chain: who wrote what to whom, and the files."""
    return {
        "id": message.pk,
        "direction": message.direction,
        "channel": message.channel,
        "author": message.author_id,
        "sender": message.sender,
        "recipient": message.recipient,
        "subject": message.subject,
        "body": message.body,
        "visibility": message.visibility,
        "created_at": message.created_at.astimezone(UTC).isoformat(),
        "attachments": sorted(attachment_hashes),
    }


def message_digest(message: Message) -> str:
    hashes = Attachment.objects.filter(message=message).values_list("sha256", flat=True)
    return content_digest(message_content(message, hashes))


def record_event(
    complaint: Complaint,
    action: str,
    *,
    actor: Actor | None = None,
    actor_label: str = "",
    at: datetime,
    data: dict[str, Any] | None = None,
    visibility: str = Visibility.INTERNAL,
    message: Message | None = None,
) -> ComplaintEvent:
    """Append an event (with `message`: binding that message's content, attachments included, so
    call it once they are stored). The caller holds the complaint row lock (select_for_update) so
    the chain has one writer at a time. `actor`: the person who acts, or SYSTEM (an event that
    names no one); none at all for what the customer does (`actor_label` names them)."""
    user = recorded_user(actor)
    last = complaint.events.order_by("-sequence").values_list("sequence", "hash").first()
    sequence, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    if user is not None and not actor_label:
        actor_label = user.get_full_name() or user.get_username()
    data = dict(data or {})
    if message is not None:
        data.update(message=message.pk, message_sha256=message_digest(message))
    event = ComplaintEvent(
        complaint=complaint,
        sequence=sequence,
        action=action,
        actor=user,
        actor_label=actor_label,
        visibility=visibility,
        data=data,
        created_at=at,
        previous_hash=previous_hash,
        chain=KEYED,
    )
    event.hash = keyed_chain_hash(settings.DOLEANCES_AUDIT_KEY, previous_hash, event.chained_content())
    event.save(force_insert=True)
    Complaint.objects.filter(pk=complaint.pk).update(audit_sequence=sequence, audit_head=event.hash)
    complaint.audit_sequence, complaint.audit_head = sequence, event.hash
    return event


@dataclass(frozen=True)
class BrokenLink:
    """Where a chain stops being trustworthy: the event, what its hash should be, what it is.
    `event_id` is None when the event itself is missing."""

    reference: str
    sequence: int
    event_id: int | None
    expected_hash: str
    found_hash: str
    reason: str


def _check_link(event: ComplaintEvent, previous: ComplaintEvent | None, key: bytes) -> tuple[str, str] | None:
    """(expected hash, reason) when this event's own link is broken."""
    previous_hash = previous.hash if previous is not None else GENESIS
    content = event.chained_content()
    if event.chain == KEYED:
        expected = keyed_chain_hash(key, previous_hash, content)
    elif event.chain is None:
        expected = chain_hash(previous_hash, content)
    else:
        return "", "unknown link algorithm"
    expected_sequence = previous.sequence + 1 if previous is not None else 1
    if event.sequence != expected_sequence:
        return expected, "missing or reordered event"
    if event.previous_hash != previous_hash:
        return expected, "link to the previous event altered"
    if previous is not None and previous.chain == KEYED and event.chain != KEYED:
        downgraded = "plain link after a keyed one: chain recomputed without the audit key"
        return keyed_chain_hash(key, previous_hash, content), downgraded
    if event.hash != expected:
        if event.chain == KEYED and event.hash == chain_hash(previous_hash, content):
            return expected, "chain recomputed without the audit key (plain SHA-256 where a keyed link is due)"
        return expected, "content altered"
    return None


def _check(
    complaint: Complaint,
    events: list[ComplaintEvent],
    digests: dict[int, str],
    anchored: dict[int, str],
    key: bytes,
) -> BrokenLink | None:
    reference = complaint.reference
    previous = None
    for event in events:
        broken = _check_link(event, previous, key)
        if broken is not None:
            return BrokenLink(reference, event.sequence, event.pk, broken[0], event.hash, broken[1])
        if "message_sha256" in event.data:
            message_id, recorded = event.data.get("message"), event.data["message_sha256"]
            found = digests.get(message_id, "")
            if found != recorded:
                what = "deleted" if not found else "altered (body, sender, recipient or attachments)"
                return BrokenLink(reference, event.sequence, event.pk, recorded, found, f"message #{message_id} {what}")
        if event.sequence in anchored and anchored[event.sequence] != event.hash:
            expected = anchored[event.sequence]
            return BrokenLink(reference, event.sequence, event.pk, expected, event.hash, "differs from the anchored head")
        previous = event
    last_sequence, head = (previous.sequence, previous.hash) if previous is not None else (0, GENESIS)
    if previous is not None and previous.chain != KEYED:
        return BrokenLink(
            reference, last_sequence, previous.pk, "", head, "last link is not keyed: chain recomputed without the audit key"
        )
    recorded_sequence = complaint.audit_sequence or 0
    if recorded_sequence > last_sequence:
        return BrokenLink(
            reference, recorded_sequence, None, complaint.audit_head or "", head, f"events after #{last_sequence} deleted"
        )
    if (recorded_sequence, complaint.audit_head or GENESIS) != (last_sequence, head):
        return BrokenLink(
            reference,
            last_sequence,
            previous.pk if previous else None,
            complaint.audit_head or "",
            head,
            "head recorded on the complaint does not match its last event",
        )
    if anchored and max(anchored) > last_sequence:
        sequence = max(anchored)
        return BrokenLink(reference, sequence, None, anchored[sequence], head, f"anchored event #{sequence} missing")
    return None


def _message_digests(complaint_ids) -> dict[int, str]:
    """Content digests of every message of these complaints: two queries, however many there are."""
    hashes: dict[int, list[str]] = defaultdict(list)
    attachments = Attachment.objects.filter(complaint_id__in=complaint_ids, message__isnull=False)
    for message_id, sha256 in attachments.values_list("message_id", "sha256"):
        hashes[message_id].append(sha256)
    return {
        message.pk: content_digest(message_content(message, hashes[message.pk]))
        for message in Message.objects.filter(complaint_id__in=complaint_ids)
    }


def _verify_batch(complaints: list[Complaint], anchors: dict[str, dict[int, str]], key: bytes) -> Iterator[BrokenLink]:
    by_id = {complaint.pk: complaint for complaint in complaints}
    events = list(ComplaintEvent.objects.filter(complaint_id__in=by_id).order_by("complaint_id", "sequence"))
    digests = _message_digests(list(by_id))
    grouped = {complaint_id: list(group) for complaint_id, group in groupby(events, key=lambda e: e.complaint_id)}
    for complaint in complaints:
        chain = grouped.get(complaint.pk, [])
        for event in chain:
            event.complaint = complaint  # chained_content() names the complaint: no query per event
        broken = _check(complaint, chain, digests, anchors.get(complaint.reference, {}), key)
        if broken is not None:
            yield broken


def verify_chain(complaint: Complaint) -> BrokenLink | None:
    """The first broken link in one complaint's trail, or None when it is intact."""
    fresh = Complaint.objects.only("reference", "audit_sequence", "audit_head").get(pk=complaint.pk)
    return next(_verify_batch([fresh], {}, settings.DOLEANCES_AUDIT_KEY), None)


def verify_all_chains(
    complaints: QuerySet[Complaint] | None = None, *, anchors: dict[str, dict[int, str]] | None = None
) -> Iterator[BrokenLink]:
    """Walk every trail, a batch of complaints at a time. `anchors`: reference → {sequence: head}
    from the anchor file; an anchored complaint that no longer exists is reported too."""
    anchors = anchors or {}
    key = settings.DOLEANCES_AUDIT_KEY
    queryset = (complaints if complaints is not None else Complaint.objects.all()).order_by("pk")
    queryset = queryset.only("reference", "audit_sequence", "audit_head")
    seen: set[str] = set()
    last_pk = 0
    while batch := list(queryset.filter(pk__gt=last_pk)[:BATCH]):
        last_pk = batch[-1].pk
        seen.update(complaint.reference for complaint in batch)
        yield from _verify_batch(batch, anchors, key)
    if complaints is None:
        for reference in sorted(set(anchors) - seen):
            sequence = max(anchors[reference])
            yield BrokenLink(reference, sequence, None, anchors[reference][sequence], "", "anchored complaint missing")

"""Transactional outbox, the delivering side: the worker claims due rows, hands each to the
handler of its kind (`core.outbox_handlers`), retries with backoff and parks dead letters.
Rows are written by `core.outbox`."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from doleances.core import clock
from doleances.core.models import OutboxMessage, OutboxStatus
from doleances.core.outbox_handlers import handler_for

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)

# The leases this process holds (row id -> lease end), so that a worker told to stop gives them
# back at once instead of leaving the rows locked for the rest of the lease.
_claims: dict[int, datetime] = {}
_claims_lock = threading.Lock()
_stopping = threading.Event()


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min ... capped at 6 h."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def due_rows(at: datetime) -> list[int]:
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=at)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=at))
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:500]
    )


def claim(row_id: int, at: datetime) -> bool:
    """Take a lease on a row; another worker (or a crashed one) cannot deliver it meanwhile."""
    if _stopping.is_set():
        return False
    lease = at + LEASE
    claimed = (
        OutboxMessage.objects.filter(pk=row_id, status=OutboxStatus.PENDING, next_attempt_at__lte=at)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=at))
        .update(locked_until=lease)
    )
    if claimed == 1:
        with _claims_lock:
            _claims[row_id] = lease
    return claimed == 1


def release_claims() -> int:
    """This process stops (SIGTERM): give back the rows it claimed and has not delivered.

    The next worker delivers them now rather than when the lease runs out; the attempt is not
    counted, the delivery was cut short. A row whose lease already ran out and was claimed again
    elsewhere is left alone (its lease end differs). Returns the number of rows released."""
    _stopping.set()  # no new claim from the threads that are still running
    with _claims_lock:
        claims = dict(_claims)
        _claims.clear()
    released = 0
    for row_id, lease in claims.items():
        released += OutboxMessage.objects.filter(pk=row_id, status=OutboxStatus.PENDING, locked_until=lease).update(
            locked_until=None
        )
    if released:
        logger.info("released %s outbox row(s) claimed by this stopping worker", released)
    return released


def _forget_claim(row_id: int) -> None:
    with _claims_lock:
        _claims.pop(row_id, None)


def deliver_one(row_id: int, *, at: datetime | None = None) -> OutboxStatus | None:
    """Deliver one row if it is due and unclaimed; returns its new status (None if skipped)."""
    at = at or clock.now()
    if not claim(row_id, at):
        return None
    try:
        return _deliver_claimed(OutboxMessage.objects.get(pk=row_id))
    finally:
        _forget_claim(row_id)


def _deliver_claimed(row: OutboxMessage) -> OutboxStatus | None:
    try:
        handler_for(row.kind)(row)
    except Exception as exc:  # noqa: BLE001 - any failure of a side effect is retried, then parked
        if _stopping.is_set():
            return None  # cut short by the stop: the row was released, the attempt does not count
        row.attempts += 1
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        row.locked_until = None
        if row.attempts >= settings.DOLEANCES_OUTBOX_MAX_ATTEMPTS:
            row.status = OutboxStatus.DEAD
            logger.error("outbox row %s is dead after %s attempts: %s", row.pk, row.attempts, row.last_error)
        else:
            row.next_attempt_at = clock.now() + backoff(row.attempts)
            logger.warning("outbox row %s failed (attempt %s): %s", row.pk, row.attempts, row.last_error)
        row.save(update_fields=["attempts", "last_error", "locked_until", "status", "next_attempt_at"])
        return OutboxStatus(row.status)
    row.attempts += 1
    row.status = OutboxStatus.SENT
    row.sent_at = clock.now()
    row.locked_until = None
    row.last_error = ""
    row.save(update_fields=["attempts", "status", "sent_at", "locked_until", "last_error"])
    return OutboxStatus.SENT


def deliver_due(*, at: datetime | None = None) -> dict[str, int]:
    """Deliver every due row; safe to run concurrently and twice."""
    at = at or clock.now()
    counts = {"sent": 0, "failed": 0, "dead": 0, "skipped": 0}
    for row_id in due_rows(at):
        status = deliver_one(row_id, at=at)
        if status is None:
            counts["skipped"] += 1
        elif status == OutboxStatus.SENT:
            counts["sent"] += 1
        elif status == OutboxStatus.DEAD:
            counts["dead"] += 1
        else:
            counts["failed"] += 1
    return counts

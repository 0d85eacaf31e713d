"""Transactional outbox, the writing side: a side effect is a row written with the change that
causes it, delivered after commit by the worker (`core.outbox_worker`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from doleances.core.errors import Conflict
from doleances.core.models import OutboxMessage, OutboxStatus
from doleances.core.tasks import deliver_outbox


def enqueue(kind: str, payload: dict[str, Any], *, at: datetime, complaint_reference: str = "") -> OutboxMessage:
    """Write a row in the caller's transaction and ask the worker to deliver after commit."""
    row = OutboxMessage.objects.create(
        kind=kind,
        payload=payload,
        next_attempt_at=at,
        created_at=at,
        complaint_reference=complaint_reference,
    )
    transaction.on_commit(kick_worker)
    return row


def kick_worker() -> None:
    """Ask the worker to deliver now rather than at the next periodic sweep."""
    deliver_outbox()


def retry(row: OutboxMessage, *, at: datetime) -> OutboxMessage:
    """Give a dead or failing row a fresh start (staff action on the outbox page)."""
    if row.status == OutboxStatus.SENT:
        raise Conflict("outbox.already_sent", _("This message has already been sent."))
    row.status = OutboxStatus.PENDING
    row.attempts = 0
    row.next_attempt_at = at
    row.locked_until = None
    row.save(update_fields=["status", "attempts", "next_attempt_at", "locked_until"])
    transaction.on_commit(kick_worker)
    return row

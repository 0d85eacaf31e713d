"""`Idempotency-Key`: a retried creation gives back the first answer instead of a second complaint.

The record is claimed first and completed in the same transaction as the complaint, so a retry
after a lost answer (even a process killed between commit and answer) finds it, and concurrent
retries wait on the unique index (PostgreSQL) or the write lock (SQLite) and replay the winner.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from doleances.api.models import ApiKey, IdempotencyRecord
from doleances.api.problems import IdempotencyConflict
from doleances.complaints.models import Complaint

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# How long a key is remembered: clients retry within minutes; a week covers an outage and a weekend.
KEEP = timedelta(days=7)


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict
    replayed: bool


def request_fingerprint(data: object) -> str:
    """SHA-256 of the body as canonical JSON (sorted keys, no spaces): formatting does not matter."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def clean_key(raw: str | None) -> str | None:
    """The header's value, or None when absent; printable ASCII, at most 255 characters."""
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not all(" " <= char <= "~" for char in key):
        raise ValidationError(
            {HEADER: [_("Give 1 to %(max)d printable ASCII characters (a UUID is fine).") % {"max": MAX_KEY_LENGTH}]},
            code="invalid_idempotency_key",
        )
    return key


def find_replay(api_key: ApiKey, key: str, request_hash: str) -> Outcome | None:
    record = IdempotencyRecord.objects.filter(api_key=api_key, key=key, complaint__isnull=False).first()
    if record is None:
        return None
    if record.request_hash != request_hash:
        raise IdempotencyConflict()
    return Outcome(status=200, body=json.loads(record.response_body), replayed=True)


def create_once(
    api_key: ApiKey, key: str, request_hash: str, *, create: Callable[[], tuple[Complaint, dict]], at: datetime
) -> Outcome:
    """Run `create` (which returns the complaint and the answer's body) at most once per key."""
    replay = find_replay(api_key, key, request_hash)
    if replay is not None:
        return replay
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(api_key=api_key, key=key, request_hash=request_hash, created_at=at)
            complaint, body = create()
            record.complaint = complaint
            record.response_status = 201
            record.response_body = json.dumps(body, ensure_ascii=False)
            record.save(update_fields=["complaint", "response_status", "response_body"])
    except IntegrityError:
        replay = find_replay(api_key, key, request_hash)  # a concurrent retry won: answer as it did
        if replay is None:
            raise
        return replay
    return Outcome(status=201, body=json.loads(record.response_body), replayed=False)


def purge_expired(*, at: datetime) -> int:
    """Forget keys older than `KEEP` (the complaints stay): the table does not grow forever."""
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=at - KEEP).delete()
    return deleted

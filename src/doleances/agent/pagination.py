"""Keyset (cursor) pagination on (-received_at, -id): no OFFSET scan, no COUNT(*) per page."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def encode_cursor(received_at: datetime, pk: int) -> str:
    raw = f"{received_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    """The position in a cursor, or None for anything malformed (then the first page is shown)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.split("|")
        received_at = datetime.fromisoformat(stamp)
        if received_at.tzinfo is None:
            return None
        return received_at, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _same(obj):
    return obj


def keyset_page(qs: QuerySet, *, after: str = "", before: str = "", size: int = PAGE_SIZE, row: Callable = _same) -> Page:
    """One page of `qs` (ordered newest first) after or before a cursor; `row` turns each object of
    the page into what the page shows (a selector's dataclass)."""
    position = decode_cursor(before) if before else None
    if position is not None:
        received_at, pk = position
        older_first = qs.filter(Q(received_at__gt=received_at) | Q(received_at=received_at, id__gt=pk)).order_by(
            "received_at", "id"
        )
        rows = list(older_first[: size + 1])
        has_more = len(rows) > size
        rows = list(reversed(rows[:size]))
        return _page(rows, has_next=True, has_previous=has_more, row=row)
    position = decode_cursor(after) if after else None
    if position is not None:
        received_at, pk = position
        qs = qs.filter(Q(received_at__lt=received_at) | Q(received_at=received_at, id__lt=pk))
    rows = list(qs.order_by("-received_at", "-id")[: size + 1])
    has_more = len(rows) > size
    return _page(rows[:size], has_next=has_more, has_previous=position is not None, row=row)


def _page(rows: list, *, has_next: bool, has_previous: bool, row: Callable) -> Page:
    if not rows:
        return Page(rows=[], next_cursor=None, previous_cursor=None)
    first, last = rows[0], rows[-1]
    return Page(
        rows=[row(obj) for obj in rows],
        next_cursor=encode_cursor(last.received_at, last.pk) if has_next else None,
        previous_cursor=encode_cursor(first.received_at, first.pk) if has_previous else None,
    )

"""Keyset (cursor) pagination on (column, id) — newest first by default, or any sort order of the
list (issue 19: next deadline first, empty last): no OFFSET scan, no COUNT(*) per page."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, QuerySet

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def encode_cursor(value: datetime | None, pk: int) -> str:
    raw = f"{value.isoformat() if value else ''}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime | None, int] | None:
    """The position in a cursor, or None for anything malformed (then the first page is shown).
    A blank value is a row whose sort column is empty (a complaint with no deadline pending)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.split("|")
        if not stamp:
            return None, int(pk)
        value = datetime.fromisoformat(stamp)
        if value.tzinfo is None:
            return None
        return value, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _same(obj):
    return obj


# (column, descending). Descending columns are never empty; ascending ones put empty values last.
NEWEST_FIRST = ("received_at", True)


def _beyond(column: str, value: datetime | None, pk: int, *, forwards: bool, descending: bool) -> Q:
    """Rows after (forwards) or before a position in the order `column` (nulls last), id."""
    greater = forwards != descending  # walking towards larger values
    if value is None:  # among the empty values, ordered by id
        same = Q(**{f"{column}__isnull": True, f"id__{'gt' if forwards else 'lt'}": pk})
        return same if forwards else same | Q(**{f"{column}__isnull": False})
    op = "gt" if greater else "lt"
    id_op = "gt" if forwards != descending else "lt"
    q = Q(**{f"{column}__{op}": value}) | Q(**{column: value, f"id__{id_op}": pk})
    if forwards and not descending:
        q |= Q(**{f"{column}__isnull": True})
    return q


def _ordered(qs: QuerySet, column: str, *, descending: bool, reverse: bool) -> QuerySet:
    if descending:
        return qs.order_by(column, "id") if reverse else qs.order_by(f"-{column}", "-id")
    if reverse:
        return qs.order_by(F(column).desc(nulls_first=True), "-id")
    return qs.order_by(F(column).asc(nulls_last=True), "id")


def keyset_page(
    qs: QuerySet,
    *,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
    row: Callable = _same,
    order: tuple[str, bool] = NEWEST_FIRST,
) -> Page:
    """One page of `qs` in `order` (column, descending; then id) after or before a cursor; `row`
    turns each object of the page into what the page shows (a selector's dataclass)."""
    column, descending = order
    position = decode_cursor(before) if before else None
    if position is not None:
        value, pk = position
        backwards = _ordered(
            qs.filter(_beyond(column, value, pk, forwards=False, descending=descending)),
            column,
            descending=descending,
            reverse=True,
        )
        rows = list(backwards[: size + 1])
        has_more = len(rows) > size
        rows = list(reversed(rows[:size]))
        return _page(rows, has_next=True, has_previous=has_more, row=row, column=column)
    position = decode_cursor(after) if after else None
    if position is not None:
        value, pk = position
        qs = qs.filter(_beyond(column, value, pk, forwards=True, descending=descending))
    rows = list(_ordered(qs, column, descending=descending, reverse=False)[: size + 1])
    has_more = len(rows) > size
    return _page(rows[:size], has_next=has_more, has_previous=position is not None, row=row, column=column)


def _page(rows: list, *, has_next: bool, has_previous: bool, row: Callable, column: str = "received_at") -> Page:
    if not rows:
        return Page(rows=[], next_cursor=None, previous_cursor=None)
    first, last = rows[0], rows[-1]
    return Page(
        rows=[row(obj) for obj in rows],
        next_cursor=encode_cursor(getattr(last, column), last.pk) if has_next else None,
        previous_cursor=encode_cursor(getattr(first, column), first.pk) if has_previous else None,
    )

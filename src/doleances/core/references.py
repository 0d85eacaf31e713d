"""Gap-free, per-year complaint references: REC-YYYY-NNNNNN."""

from datetime import datetime

from django.conf import settings
from django.db import transaction

from doleances.core.models import ReferenceCounter


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:06d}"


def allocate_reference(at: datetime) -> str:
    """Take the next number for `at`'s year. Must run inside the transaction that stores the
    complaint: the counter row stays locked until it commits, and a rollback frees the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_reference() must run inside the creating transaction")
    prefix = settings.DOLEANCES_REFERENCE_PREFIX
    year = at.year
    number = _take_next(prefix, year)
    if number is None:
        # The year's first complaint: create the row; concurrent creators collide on the unique
        # constraint and simply find it.
        ReferenceCounter.objects.bulk_create([ReferenceCounter(prefix=prefix, year=year, last_number=0)], ignore_conflicts=True)
        number = _take_next(prefix, year)
    assert number is not None
    return format_reference(prefix, year, number)


def _take_next(prefix: str, year: int) -> int | None:
    """One statement (SQLite 3.35+ and PostgreSQL both return the updated row): the increment
    locks the counter row until the transaction ends, as select_for_update did in three."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    table = quote(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {quote('last_number')} = {quote('last_number')} + 1 "
            f"WHERE {quote('prefix')} = %s AND {quote('year')} = %s RETURNING {quote('last_number')}",
            [prefix, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None

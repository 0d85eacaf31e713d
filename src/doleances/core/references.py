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
    # Create the row if this is the year's first complaint; concurrent creators collide on the
    # unique constraint and simply find the row.
    ReferenceCounter.objects.bulk_create([ReferenceCounter(prefix=prefix, year=year, last_number=0)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(prefix, year, counter.last_number)

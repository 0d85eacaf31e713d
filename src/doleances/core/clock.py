"""The one clock: every service asks `now()` once and passes the value down."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)

"""The one clock: every service asks `now()` once and passes the value down."""

from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc)

"""Business-day arithmetic with French public holidays and Paris time."""

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from doleances.core.calendar import BusinessCalendar

PARIS = BusinessCalendar(country="FR", tz="Europe/Paris")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_two_business_days_from_a_friday_end_on_tuesday_evening_paris_time():
    # Friday 6 November 2026, 15:00 UTC; Wednesday 11 November is Armistice day.
    due = PARIS.add_business_days(utc(2026, 11, 6, 15), 2)
    assert due == utc(2026, 11, 10, 22, 59, 59)  # 23:59:59 in Paris (UTC+1)


def test_holiday_is_skipped():
    # Tuesday 10 Nov + 1 business day = Thursday 12 Nov (11 Nov is a holiday).
    assert PARIS.add_business_days(utc(2026, 11, 10, 9), 1) == utc(2026, 11, 12, 22, 59, 59)


def test_local_day_decides_not_utc_day():
    # 23:30 UTC on Monday 30 March 2026 is already Tuesday 01:30 in Paris (summer time).
    assert PARIS.add_business_days(utc(2026, 3, 30, 23, 30), 1) == utc(2026, 4, 1, 21, 59, 59)


def test_two_calendar_months_move_to_the_next_business_day():
    # Received 31 December 2025 -> 28 February 2026 is a Saturday -> Monday 2 March.
    assert PARIS.add_calendar_months(utc(2025, 12, 31, 10), 2) == utc(2026, 3, 2, 22, 59, 59)


def test_christmas_week():
    assert PARIS.is_business_day(date(2026, 12, 25)) is False
    assert PARIS.next_business_day(date(2026, 12, 24)) == date(2026, 12, 28)


@given(
    start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)),
    days=st.integers(min_value=0, max_value=80),
)
def test_business_days_between_inverts_add_business_days(start, days):
    due = PARIS.add_business_days(start, days)
    assert PARIS.business_days_between(start, due) == days
    assert due >= start.replace(hour=0, minute=0, second=0, microsecond=0)

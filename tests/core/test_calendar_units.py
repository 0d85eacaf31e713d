"""Duration units of service policies and regulatory texts (issue 19), pure: no database.

Each edge case of the issue is a test: Saturday 23:59 before a holiday, both daylight-saving
changes, French and UK holidays (substitute days), 31 January + 2 months, 29 February, a server
whose time zone is not the calendar's."""

import os
import time as time_module
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doleances.core.calendar import BusinessCalendar, Duration, Unit, add_months, elapsed_point

PARIS = BusinessCalendar(country="FR", tz="Europe/Paris")
LONDON = BusinessCalendar(country="GB", tz="Europe/London", subdivision="ENG")
NEW_YORK = BusinessCalendar(country="US", tz="America/New_York")
ALSACE = BusinessCalendar(country="FR", tz="Europe/Paris", subdivision="6AE")
SCOTLAND = BusinessCalendar(country="GB", tz="Europe/London", subdivision="SCT")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo("Europe/Paris"))


def end_of_paris_day(y, m, d) -> datetime:
    return paris(y, m, d, 23, 59, 59).astimezone(UTC)


def test_saturday_2359_in_paris_before_a_public_holiday_counts_from_the_next_open_day():
    # Saturday 31 October 2026 23:59; Sunday; Monday... 11 November (Wednesday) is Armistice day.
    received = paris(2026, 10, 31, 23, 59)
    assert PARIS.add_business_days(received, 1) == end_of_paris_day(2026, 11, 2)
    # Saturday 14 August 2027 23:59, Sunday 15 August (Assumption): 1 jour ouvrable = Monday 16.
    assert PARIS.add_working_days(paris(2027, 8, 14, 23, 59), 1) == end_of_paris_day(2027, 8, 16)


def test_jours_ouvrables_count_saturdays_and_skip_sundays_and_holidays():
    # Friday 1 May 2026 (Labour Day) received; Sat 2 counts, Sun 3 does not, Mon 4, ..., Fri 8 May is a holiday.
    due = PARIS.add_working_days(paris(2026, 4, 30, 10), 10)
    # Days: Sat 2, Mon 4, Tue 5, Wed 6, Thu 7, Sat 9, Mon 11, Tue 12, Wed 13, Fri 15 (Ascension Thu 14).
    assert due == end_of_paris_day(2026, 5, 15)


def test_business_days_skip_14_july_easter_monday_and_whit_monday():
    assert PARIS.add_business_days(paris(2026, 7, 13, 9), 1) == end_of_paris_day(2026, 7, 15)
    assert PARIS.add_business_days(paris(2026, 4, 3, 9), 1) == end_of_paris_day(2026, 4, 7)  # Easter Monday 6 April
    assert PARIS.add_business_days(paris(2026, 5, 22, 9), 1) == end_of_paris_day(2026, 5, 26)  # Whit Monday 25 May


def test_alsace_moselle_has_good_friday_and_saint_stephen():
    assert ALSACE.is_public_holiday(date(2026, 4, 3))
    assert not PARIS.is_public_holiday(date(2026, 4, 3))
    assert ALSACE.is_public_holiday(date(2026, 12, 26))


def test_uk_substitute_bank_holidays_are_skipped():
    # Boxing Day 2026 is a Saturday: Monday 28 December is the substitute day (and 25 Dec a Friday).
    assert LONDON.is_public_holiday(date(2026, 12, 28))
    received = datetime(2026, 12, 24, 10, tzinfo=ZoneInfo("Europe/London"))
    assert LONDON.add_business_days(received, 1) == datetime(2026, 12, 29, 23, 59, 59, tzinfo=ZoneInfo("Europe/London"))
    # Scotland keeps 2 January; England does not.
    assert SCOTLAND.is_public_holiday(date(2026, 1, 2))
    assert not LONDON.is_public_holiday(date(2026, 1, 2))


def test_two_months_from_31_january_is_31_march_and_from_31_december_the_end_of_february():
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    due = PARIS.add(paris(2026, 1, 31, 12), Duration(2, Unit.MONTHS))
    assert due == end_of_paris_day(2026, 3, 31)


def test_29_february():
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert PARIS.add(paris(2028, 2, 29, 8), Duration(1, Unit.MONTHS)) == end_of_paris_day(2028, 3, 29)
    assert PARIS.add(paris(2028, 2, 28, 8), Duration(1, Unit.CALENDAR_DAYS)) == end_of_paris_day(2028, 2, 29)


def test_french_two_months_ending_on_a_sunday_move_to_the_next_business_day():
    # 2 months from 31 March 2026 is 31 May 2026, a Sunday; Monday 1 June is open.
    rolled = PARIS.add(paris(2026, 3, 31, 10), Duration(2, Unit.MONTHS, roll_to_business_day=True))
    assert rolled == end_of_paris_day(2026, 6, 1)
    assert PARIS.add(paris(2026, 3, 31, 10), Duration(2, Unit.MONTHS)) == end_of_paris_day(2026, 5, 31)


def test_weeks_and_calendar_days():
    received = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Europe/London"))
    assert LONDON.add(received, Duration(8, Unit.WEEKS)) == datetime(2026, 4, 27, 23, 59, 59, tzinfo=ZoneInfo("Europe/London"))
    nyc = datetime(2026, 7, 1, 18, tzinfo=ZoneInfo("America/New_York"))
    assert NEW_YORK.add(nyc, Duration(15, Unit.CALENDAR_DAYS)) == datetime(
        2026, 7, 16, 23, 59, 59, tzinfo=ZoneInfo("America/New_York")
    )


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Spring forward, Sunday 29 March 2026: Friday 27 at 17:00 + 2 working hours = Monday 30 at 10:00.
        (paris(2026, 3, 27, 17), paris(2026, 3, 30, 10)),
        # Fall back, Sunday 25 October 2026.
        (paris(2026, 10, 23, 17), paris(2026, 10, 26, 10)),
    ],
)
def test_working_hours_across_both_daylight_saving_changes(received, expected):
    assert PARIS.add(received, Duration(2, Unit.HOURS)) == expected.astimezone(UTC)


def test_business_days_across_daylight_saving_changes_end_at_local_midnight():
    assert PARIS.add_business_days(paris(2026, 3, 27, 12), 1) == datetime(2026, 3, 30, 21, 59, 59, tzinfo=UTC)
    assert PARIS.add_business_days(paris(2026, 10, 23, 12), 1) == datetime(2026, 10, 26, 22, 59, 59, tzinfo=UTC)


def test_working_hours_with_a_lunch_break_and_a_closure():
    desk = BusinessCalendar(
        hours={d: ((time(9), time(12)), (time(14), time(18))) for d in range(5)},
        closures=frozenset({date(2026, 12, 7)}),
    )
    # Friday 4 December 11:00 + 3 h: 1 h before lunch, 2 h after (14:00-16:00).
    assert desk.add(paris(2026, 12, 4, 11), Duration(3, Unit.HOURS)) == paris(2026, 12, 4, 16).astimezone(UTC)
    # Friday 17:00 + 2 h: 1 h on Friday, Monday 7 is closed, 1 h on Tuesday 8.
    assert desk.add(paris(2026, 12, 4, 17), Duration(2, Unit.HOURS)) == paris(2026, 12, 8, 10).astimezone(UTC)
    # Closures do not change jours ouvrables (a legal unit), they do change business days.
    assert desk.add_business_days(paris(2026, 12, 4, 9), 1) == end_of_paris_day(2026, 12, 8)
    assert desk.add_working_days(paris(2026, 12, 4, 9), 1) == end_of_paris_day(2026, 12, 5)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="negative"):
        Duration(-1, Unit.WEEKS)
    with pytest.raises(ValueError, match="aware"):
        PARIS.add(datetime(2026, 1, 1), Duration(1, Unit.CALENDAR_DAYS))  # naive
    with pytest.raises(ValueError, match="fortnights"):
        Duration(1, "fortnights")
    with pytest.raises(ValueError, match="no opening hours"):
        BusinessCalendar(hours={}).add_working_hours(paris(2026, 1, 5, 9), 1)


def test_elapsed_point():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert elapsed_point(start, start + timedelta(hours=4), 0.75) == start + timedelta(hours=3)
    assert elapsed_point(start, start - timedelta(hours=1), 0.75) == start - timedelta(hours=1)


moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31), timezones=st.just(UTC))
calendars = st.sampled_from([PARIS, LONDON, NEW_YORK, ALSACE])


@given(start=moments, days=st.integers(0, 60), calendar=calendars)
def test_a_due_date_in_business_days_never_falls_on_a_closed_day(start, days, calendar):
    due = calendar.add(start, Duration(days, Unit.BUSINESS_DAYS))
    if days:
        assert calendar.is_business_day(calendar.local_date(due))
    assert due.tzinfo == UTC
    assert due >= start


@given(start=moments, days=st.integers(1, 60))
def test_a_due_date_in_jours_ouvrables_is_never_a_sunday_or_holiday(start, days):
    day = PARIS.local_date(PARIS.add(start, Duration(days, Unit.WORKING_DAYS)))
    assert day.weekday() != 6
    assert not PARIS.is_public_holiday(day)


@given(start=moments, hours=st.integers(1, 80))
def test_working_hours_end_inside_opening_hours(start, hours):
    due = PARIS.add(start, Duration(hours, Unit.HOURS))
    local = due.astimezone(PARIS.zone)
    assert PARIS.is_business_day(local.date())
    assert time(9) < local.time() <= time(18)


@settings(max_examples=30)
@given(start=moments, amount=st.integers(0, 40), unit=st.sampled_from(list(Unit)), calendar=calendars)
def test_results_do_not_depend_on_the_server_time_zone(start, amount, unit, calendar):
    duration = Duration(amount, unit)
    results = []
    original = os.environ.get("TZ")
    for zone in ("UTC", "Pacific/Auckland", "America/Los_Angeles"):
        os.environ["TZ"] = zone
        time_module.tzset()
        try:
            results.append(calendar.add(start, duration))
        finally:
            if original is None:
                os.environ.pop("TZ")
            else:
                os.environ["TZ"] = original
            time_module.tzset()
    assert results[0] == results[1] == results[2]

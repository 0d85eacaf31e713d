"""Business calendar arithmetic, pure (no Django): opening days and hours, public holidays,
closures, time zones, and the duration units of service policies and regulatory texts.

Deadlines are computed in the calendar's local time and returned as aware UTC datetimes.
Arithmetic jumps over days; it never loops over the database.

Units:
- hours: working hours (the calendar's opening hours, day by day);
- business days ("jours ouvrés"): the calendar's opening weekdays minus public holidays and closures;
- working days ("jours ouvrables", the unit of French banking texts): Monday to Saturday minus
  public holidays (a legal unit: the desk's own closures do not change it);
- calendar days, weeks, months (2 months from 31 January is 31 March; from 31 December the last
  day of February).

Day 0 is the local day of receipt: "within 10 business days" ends at the end of the 10th
qualifying day after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


class Unit(StrEnum):
    HOURS = "hours"
    BUSINESS_DAYS = "business_days"  # jours ouvrés
    WORKING_DAYS = "working_days"  # jours ouvrables (Mon–Sat)
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit
    # Regulatory periods counted in calendar days/weeks/months that end on a closed day move to
    # the next business day (French procedure, art. 642 CPC); FCA and CFPB periods do not.
    roll_to_business_day: bool = False

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("a duration cannot be negative")
        object.__setattr__(self, "unit", Unit(self.unit))


NINE_TO_SIX = ((time(9), time(18)),)
MONDAY_TO_FRIDAY = frozenset(range(5))
MONDAY_TO_SATURDAY = frozenset(range(6))


def _default_hours() -> dict[int, tuple[tuple[time, time], ...]]:
    return {day: NINE_TO_SIX for day in range(5)}


@dataclass(frozen=True)
class BusinessCalendar:
    """A complaint desk's calendar: opening weekdays (0=Monday) and hours, public holidays of a
    country (and subdivision: Alsace-Moselle "FR"/"6AE"... , Scotland "GB"/"SCT"), closures."""

    country: str = "FR"
    tz: str = "Europe/Paris"
    weekdays: frozenset[int] = field(default_factory=lambda: MONDAY_TO_FRIDAY)
    subdivision: str | None = None
    end_of_day: time = time(23, 59, 59)
    # Opening hours per weekday: intervals of local time, in order (a lunch break is two intervals).
    hours: dict[int, tuple[tuple[time, time], ...]] = field(default_factory=_default_hours, hash=False, compare=False)
    closures: frozenset[date] = frozenset()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def is_public_holiday(self, day: date) -> bool:
        return day in _holidays(self.country, self.subdivision, day.year)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in self.closures and not self.is_public_holiday(day)

    def is_working_day(self, day: date) -> bool:
        """A "jour ouvrable": Monday to Saturday, not a public holiday."""
        return day.weekday() in MONDAY_TO_SATURDAY and not self.is_public_holiday(day)

    def next_business_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def local_date(self, moment: datetime) -> date:
        if moment.tzinfo is None:
            raise ValueError("an aware datetime is needed")
        return moment.astimezone(self.zone).date()

    def end_of(self, day: date) -> datetime:
        return datetime.combine(day, self.end_of_day, tzinfo=self.zone).astimezone(UTC)

    def at_local(self, day: date, moment: time) -> datetime:
        """Local wall time → aware UTC (a time skipped by a daylight-saving change maps forward)."""
        local = datetime.combine(day, moment, tzinfo=self.zone)
        return local.astimezone(UTC).astimezone(self.zone).astimezone(UTC)

    # --- durations ---------------------------------------------------------------------------

    def add(self, start: datetime, duration: Duration) -> datetime:
        """The deadline `duration` after `start`, as aware UTC."""
        unit = duration.unit
        if unit == Unit.HOURS:
            return self.add_working_hours(start, duration.amount)
        if unit == Unit.BUSINESS_DAYS:
            return self.add_business_days(start, duration.amount)
        if unit == Unit.WORKING_DAYS:
            return self.add_working_days(start, duration.amount)
        local = self.local_date(start)
        if unit == Unit.CALENDAR_DAYS:
            day = local + timedelta(days=duration.amount)
        elif unit == Unit.WEEKS:
            day = local + timedelta(weeks=duration.amount)
        else:
            day = add_months(local, duration.amount)
        if duration.roll_to_business_day and not self.is_business_day(day):
            day = self.next_business_day(day)
        return self.end_of(day)

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """The end of the `days`-th business day after the local day of `start`.

        Day 0 is the day of receipt, so "within 10 business days" of a complaint received on a
        Friday evening ends on the second Friday after (no holiday between).
        """
        return self.end_of(self._count_days(self.local_date(start), days, self.is_business_day))

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The end of the `days`-th jour ouvrable after the local day of `start`."""
        return self.end_of(self._count_days(self.local_date(start), days, self.is_working_day))

    def _count_days(self, day: date, days: int, qualifies: Callable[[date], bool]) -> date:
        if days < 0:
            raise ValueError("days must be >= 0")
        # Day by day: at most a few dozen days, each a set lookup.
        for _ in range(days):
            day += timedelta(days=1)
            while not qualifies(day):
                day += timedelta(days=1)
        return day

    def add_calendar_months(self, start: datetime, months: int) -> datetime:
        """Same local day `months` later (clamped to the month's end), end of that day, moved to
        the next business day when it is closed (the French rule for "two months")."""
        return self.add(start, Duration(months, Unit.MONTHS, roll_to_business_day=True))

    def opening_intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The day's opening hours as aware UTC intervals (none on a closed day)."""
        if not self.is_business_day(day):
            return ()
        return tuple((self.at_local(day, start), self.at_local(day, end)) for start, end in self.hours.get(day.weekday(), ()))

    def add_working_hours(self, start: datetime, hours: int | float) -> datetime:
        """`hours` of opening time after `start` (time outside opening hours does not count)."""
        if hours < 0:
            raise ValueError("hours must be >= 0")
        if not any(self.hours.get(day) for day in self.weekdays):
            raise ValueError("this calendar has no opening hours")
        remaining = timedelta(hours=hours)
        moment = start.astimezone(UTC)
        day = self.local_date(start)
        while True:
            for open_at, close_at in self.opening_intervals(day):
                begin = max(open_at, moment)
                if begin >= close_at:
                    continue
                available = close_at - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            day += timedelta(days=1)

    def business_days_between(self, start: datetime, end: datetime) -> int:
        """Whole business days after start's local day up to and including end's local day."""
        first = self.local_date(start)
        last = self.local_date(end)
        if last <= first:
            return 0
        total_days = (last - first).days
        weeks, rest = divmod(total_days, 7)
        count = weeks * len(self.weekdays)
        for offset in range(1, rest + 1):
            if (first + timedelta(days=offset)).weekday() in self.weekdays:
                count += 1
        closed = set(self.closures)
        for year in range(first.year, last.year + 1):
            closed |= _holidays(self.country, self.subdivision, year)
        for day in closed:
            if first < day <= last and day.weekday() in self.weekdays:
                count -= 1
        return count


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    first_of_next = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (first_of_next - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def elapsed_point(start: datetime, due: datetime, fraction: float) -> datetime:
    """The moment `fraction` of the way from start to due (a warning threshold such as 75 %)."""
    if due <= start:
        return due
    return start + (due - start) * fraction


@lru_cache(maxsize=256)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year).keys())

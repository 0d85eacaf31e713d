"""Business-day arithmetic, pure (no Django): opening days, public holidays, time zones.

Deadlines are computed in the calendar's local time and returned as aware UTC datetimes.
Arithmetic jumps over whole days; it never loops over the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


@dataclass(frozen=True)
class BusinessCalendar:
    """Working days of a complaint desk: weekdays (0=Monday) minus public holidays."""

    country: str = "FR"
    tz: str = "Europe/Paris"
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))
    subdivision: str | None = None
    end_of_day: time = time(23, 59, 59)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in _holidays(self.country, self.subdivision, day.year)

    def next_business_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """The end of the `days`-th business day after the local day of `start`.

        Day 0 is the day of receipt, so "within 10 business days" of a complaint received on a
        Friday evening ends on the second Friday after (no holiday between).
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        day = start.astimezone(self.zone).date()
        for _ in range(days):
            day = self.next_business_day(day)
        return self.end_of(day)

    def add_calendar_months(self, start: datetime, months: int) -> datetime:
        """Same local day `months` later (clamped to the month's end), end of that day.

        Regulatory "two months" periods run on calendar days; if the last day is not a
        business day, the deadline moves to the next business day.
        """
        local = start.astimezone(self.zone).date()
        year, month = divmod(local.month - 1 + months, 12)
        year += local.year
        month += 1
        last_day = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
        day = date(year, month, min(local.day, last_day))
        if not self.is_business_day(day):
            day = self.next_business_day(day)
        return self.end_of(day)

    def end_of(self, day: date) -> datetime:
        return datetime.combine(day, self.end_of_day, tzinfo=self.zone).astimezone(UTC)

    def business_days_between(self, start: datetime, end: datetime) -> int:
        """Whole business days after start's local day up to and including end's local day."""
        first = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        if last <= first:
            return 0
        total_days = (last - first).days
        weeks, rest = divmod(total_days, 7)
        count = weeks * len(self.weekdays)
        for offset in range(1, rest + 1):
            if (first + timedelta(days=offset)).weekday() in self.weekdays:
                count += 1
        for year in range(first.year, last.year + 1):
            for holiday in _holidays(self.country, self.subdivision, year):
                if first < holiday <= last and holiday.weekday() in self.weekdays:
                    count -= 1
        return count


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year).keys())

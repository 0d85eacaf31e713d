"""Due dates of a complaint from the desk's business calendar.

This is the default service policy (acknowledge within N business days, answer within M
business days); regulatory profiles build on the same calendar arithmetic.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from doleances.core.calendar import BusinessCalendar


@dataclass(frozen=True)
class DueDates:
    acknowledgement: datetime
    response: datetime


def desk_calendar() -> BusinessCalendar:
    return BusinessCalendar(country=settings.DOLEANCES_CALENDAR_COUNTRY, tz=settings.TIME_ZONE)


def due_dates_for(received_at: datetime) -> DueDates:
    calendar = desk_calendar()
    return DueDates(
        acknowledgement=calendar.add_business_days(received_at, settings.DOLEANCES_ACKNOWLEDGE_BUSINESS_DAYS),
        response=calendar.add_business_days(received_at, settings.DOLEANCES_RESPONSE_BUSINESS_DAYS),
    )

"""The built-in regulatory profiles: who fixes the clocks, on which calendar, which letters.

A profile is code, not configuration: its clocks come from a text (ACPR recommendation, CMF,
FCA DISP, CFPB). An organisation chooses its default profile, and a profile per segment,
category or complaint (`Complaint.regulatory_profile`, blank for the default). The deadline
engine (`sla`) computes the clocks; the communication layer (`messaging`, `answers`) reads
`letters`, `extension_letter` and `jurisdiction` to enforce what each letter must carry (mediator
block in France, Financial Ombudsman wording in the UK, CFPB next steps in the US). It lives in
the kernel because both sit on either side of the deadline engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from doleances.core.calendar import Duration, Unit


class Letter(StrEnum):
    """Letters a regulatory text names; the communication layer has a template for each."""

    ACKNOWLEDGEMENT = "acknowledgement"
    HOLDING_REPLY = "holding_reply"  # with reasons, moves the answer deadline (CMF L133-45, DISP 1.6.2A)
    DELAY_LETTER = "delay_letter"  # FCA DISP 1.6.2R: final response not ready at 8 weeks
    SUMMARY_RESOLUTION = "summary_resolution"  # FCA DISP 1.5: resolved by the 3rd business day
    FINAL_RESPONSE = "final_response"


class Jurisdiction(StrEnum):
    NONE = "none"  # ISO 10002 only: the organisation's own rules
    FR = "fr"
    UK = "uk"
    US = "us"


@dataclass(frozen=True)
class CalendarRef:
    country: str
    tz: str
    subdivision: str | None = None


class Clock(StrEnum):
    """The deadlines of a complaint (the keys of `due_dates` in the API)."""

    ACKNOWLEDGEMENT = "acknowledgement"
    FIRST_RESPONSE = "first_response"  # internal: the channel's expected first response
    SUMMARY_RESOLUTION = "summary_resolution"  # FCA: resolved by the close of the 3rd business day
    ANSWER = "answer"  # the final-answer deadline: regulatory, or the policy's; never paused
    ANSWER_EXTENDED = "answer_extended"  # after a holding reply or a delay letter
    RESPONSE = "response"  # internal service target for the answer: pauses while waiting_customer
    RESOLUTION = "resolution"  # internal service target for the resolution: pauses too


@dataclass(frozen=True)
class RegulatoryClocks:
    """What a text fixes. None: the organisation's service policy sets it."""

    acknowledgement: Duration | None = None
    # ACPR: no acknowledgement is due when the answer is sent within the acknowledgement period.
    acknowledgement_waived_by_answer: bool = False
    summary_resolution: Duration | None = None
    answer: Duration | None = None
    # The furthest the answer may move with the extension letter (None: no limit set by the text,
    # the new date must still be told with its reason).
    answer_extended_limit: Duration | None = None


@dataclass(frozen=True)
class RegulatoryProfile:
    id: str
    label: str | Promise
    source: str  # the text the clocks come from, as cited to a customer or an auditor
    jurisdiction: Jurisdiction
    calendar: CalendarRef
    letters: frozenset[Letter]
    # The letter that lawfully moves the answer deadline (holding reply, delay letter), if any.
    extension_letter: Letter | None = None
    # A request for information is not a complaint: no regulatory clock runs for it.
    requests_have_no_clock: bool = False
    clocks: RegulatoryClocks = RegulatoryClocks()


FRANCE = CalendarRef(country="FR", tz="Europe/Paris")
ENGLAND = CalendarRef(country="GB", tz="Europe/London", subdivision="ENG")
UNITED_STATES = CalendarRef(country="US", tz="America/New_York")

DEFAULT_PROFILE = "iso-10002"

PROFILES: dict[str, RegulatoryProfile] = {
    profile.id: profile
    for profile in (
        RegulatoryProfile(
            id="iso-10002",
            label=_("ISO 10002 (the organisation's own deadlines)"),
            source="ISO 10002:2018",
            jurisdiction=Jurisdiction.NONE,
            calendar=FRANCE,
            letters=frozenset({Letter.ACKNOWLEDGEMENT, Letter.FINAL_RESPONSE}),
        ),
        RegulatoryProfile(
            id="fr-acpr",
            label=_("France — ACPR (banking and insurance)"),
            source="ACPR 2022-R-01 as amended by 2024-R-02",
            jurisdiction=Jurisdiction.FR,
            calendar=FRANCE,
            letters=frozenset({Letter.ACKNOWLEDGEMENT, Letter.FINAL_RESPONSE}),
            requests_have_no_clock=True,
            clocks=RegulatoryClocks(
                acknowledgement=Duration(10, Unit.WORKING_DAYS),
                acknowledgement_waived_by_answer=True,
                answer=Duration(2, Unit.MONTHS, roll_to_business_day=True),
            ),
        ),
        RegulatoryProfile(
            id="fr-payment-services",
            label=_("France — payment services"),
            source="Code monétaire et financier, L133-45",
            jurisdiction=Jurisdiction.FR,
            calendar=FRANCE,
            letters=frozenset({Letter.ACKNOWLEDGEMENT, Letter.HOLDING_REPLY, Letter.FINAL_RESPONSE}),
            extension_letter=Letter.HOLDING_REPLY,
            requests_have_no_clock=True,
            clocks=RegulatoryClocks(
                answer=Duration(15, Unit.WORKING_DAYS), answer_extended_limit=Duration(35, Unit.WORKING_DAYS)
            ),
        ),
        RegulatoryProfile(
            id="uk-fca-disp",
            label=_("United Kingdom — FCA DISP"),
            source="FCA Handbook DISP 1.5 and 1.6",
            jurisdiction=Jurisdiction.UK,
            calendar=ENGLAND,
            letters=frozenset({Letter.ACKNOWLEDGEMENT, Letter.SUMMARY_RESOLUTION, Letter.DELAY_LETTER, Letter.FINAL_RESPONSE}),
            extension_letter=Letter.DELAY_LETTER,
            clocks=RegulatoryClocks(summary_resolution=Duration(3, Unit.BUSINESS_DAYS), answer=Duration(8, Unit.WEEKS)),
        ),
        RegulatoryProfile(
            id="uk-fca-disp-payments",
            label=_("United Kingdom — FCA DISP, payment services"),
            source="FCA Handbook DISP 1.6.2A",
            jurisdiction=Jurisdiction.UK,
            calendar=ENGLAND,
            letters=frozenset({Letter.ACKNOWLEDGEMENT, Letter.HOLDING_REPLY, Letter.FINAL_RESPONSE}),
            extension_letter=Letter.HOLDING_REPLY,
            clocks=RegulatoryClocks(
                answer=Duration(15, Unit.BUSINESS_DAYS), answer_extended_limit=Duration(35, Unit.BUSINESS_DAYS)
            ),
        ),
        RegulatoryProfile(
            id="us-cfpb",
            label=_("United States — CFPB"),
            source="CFPB company portal response timelines",
            jurisdiction=Jurisdiction.US,
            calendar=UNITED_STATES,
            # The 15-day response may say the case is in progress (the holding reply): the final
            # response is then due within 60 days.
            letters=frozenset({Letter.ACKNOWLEDGEMENT, Letter.HOLDING_REPLY, Letter.FINAL_RESPONSE}),
            extension_letter=Letter.HOLDING_REPLY,
            clocks=RegulatoryClocks(
                answer=Duration(15, Unit.CALENDAR_DAYS), answer_extended_limit=Duration(60, Unit.CALENDAR_DAYS)
            ),
        ),
    )
}


class UnknownProfile(ValueError):
    def __init__(self, profile_id: str):
        super().__init__(f"unknown regulatory profile {profile_id!r}; valid: {', '.join(PROFILES)}")
        self.profile_id = profile_id


def get_profile(profile_id: str) -> RegulatoryProfile:
    """The profile of that id; blank is the default profile (an organisation setting later)."""
    try:
        return PROFILES[profile_id or DEFAULT_PROFILE]
    except KeyError:
        raise UnknownProfile(profile_id) from None

"""The deadline engine: a complaint's due dates from its regulatory profile and service policy.

`compute_due_dates` is pure arithmetic on `core.calendar` (benchmarked per complaint); `basis_for`
reads the configuration (profile of the complaint, category, segment or organisation; the most
specific service policy; the channel's expected first response).

Rules (DESIGN.md guarantee 5):
- regulatory clocks run from `received_at` on the profile's calendar and never pause; a request
  for information (`Kind.REQUEST`) has none;
- acknowledgement: the earlier of the policy's target and the text's limit;
- answer: the text's final-answer deadline, or the policy's answer target when the text sets none
  (never paused: it is what the customer is told);
- response, resolution, first response: internal targets on the policy's calendar, later by the
  time the case waited for the customer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches

from doleances.complaints.enums import Kind
from doleances.complaints.models import Complaint
from doleances.core.calendar import BusinessCalendar, Duration, Unit
from doleances.core.regulatory import PROFILES, Clock, RegulatoryProfile, get_profile
from doleances.sla.models import ChannelTarget, Closure, ProfileAssignment, ServicePolicy


@dataclass(frozen=True)
class PolicyTargets:
    name: str
    calendar_name: str
    calendar: BusinessCalendar
    acknowledgement: Duration | None
    first_response: Duration | None
    answer: Duration | None
    resolution: Duration | None
    warning_fraction: float = 0.75


@dataclass(frozen=True)
class Basis:
    """Everything the due dates of one complaint depend on, besides its own dates."""

    profile: RegulatoryProfile
    profile_source: str  # "complaint", "category", "segment" or "organisation"
    regulatory_calendar: BusinessCalendar
    policy: PolicyTargets
    regulatory: bool  # False for a request for information


@dataclass(frozen=True)
class DueDates:
    acknowledgement: datetime | None = None
    first_response: datetime | None = None
    summary_resolution: datetime | None = None
    answer: datetime | None = None
    response: datetime | None = None
    resolution: datetime | None = None
    # Which clock each date came from ("regulatory" or "policy"), for the case page.
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    # Back-compatible name: the internal response target.
    def as_dict(self) -> dict[str, datetime | None]:
        return {
            clock: getattr(self, clock)
            for clock in ("acknowledgement", "first_response", "summary_resolution", "answer", "response", "resolution")
        }


def compute_due_dates(received_at: datetime, basis: Basis, *, paused_seconds: int = 0) -> DueDates:
    """Pure: the due dates of a complaint received at `received_at` (aware), given its basis."""
    policy, reg_cal = basis.policy, basis.regulatory_calendar
    clocks = basis.profile.clocks if basis.regulatory else None
    pause = timedelta(seconds=max(paused_seconds, 0))
    sources: dict[str, str] = {}

    def internal(target: Duration | None) -> datetime | None:
        return policy.calendar.add(received_at, target) + pause if target is not None else None

    acknowledgement = policy.calendar.add(received_at, policy.acknowledgement) if policy.acknowledgement else None
    sources[Clock.ACKNOWLEDGEMENT] = "policy"
    if clocks and clocks.acknowledgement:
        legal = reg_cal.add(received_at, clocks.acknowledgement)
        if acknowledgement is None or legal < acknowledgement:
            acknowledgement, sources[Clock.ACKNOWLEDGEMENT] = legal, "regulatory"
    summary = reg_cal.add(received_at, clocks.summary_resolution) if clocks and clocks.summary_resolution else None
    if clocks and clocks.answer:
        answer, sources[Clock.ANSWER] = reg_cal.add(received_at, clocks.answer), "regulatory"
    else:
        answer, sources[Clock.ANSWER] = (policy.calendar.add(received_at, policy.answer) if policy.answer else None), "policy"
    if summary:
        sources[Clock.SUMMARY_RESOLUTION] = "regulatory"
    for clock in (Clock.FIRST_RESPONSE, Clock.RESPONSE, Clock.RESOLUTION):
        sources[clock] = "policy"
    return DueDates(
        acknowledgement=acknowledgement,
        first_response=internal(policy.first_response),
        summary_resolution=summary,
        answer=answer,
        response=internal(policy.answer),
        resolution=internal(policy.resolution),
        sources=sources,
    )


def extension_limit(received_at: datetime, basis: Basis) -> datetime | None:
    """The furthest date an extension may set under the profile (None: no limit in the text)."""
    clocks = basis.profile.clocks
    return basis.regulatory_calendar.add(received_at, clocks.answer_extended_limit) if clocks.answer_extended_limit else None


# --- configuration -------------------------------------------------------------------------------


def desk_calendar() -> BusinessCalendar:
    return BusinessCalendar(country=settings.DOLEANCES_CALENDAR_COUNTRY, tz=settings.TIME_ZONE)


def default_policy() -> PolicyTargets:
    """The organisation's targets when no service policy is configured (settings)."""
    return PolicyTargets(
        name="",
        calendar_name="",
        calendar=desk_calendar(),
        acknowledgement=Duration(settings.DOLEANCES_ACKNOWLEDGE_BUSINESS_DAYS, Unit.BUSINESS_DAYS),
        first_response=None,
        answer=Duration(settings.DOLEANCES_RESPONSE_BUSINESS_DAYS, Unit.BUSINESS_DAYS),
        resolution=None,
    )


def regulatory_calendar(profile: RegulatoryProfile) -> BusinessCalendar:
    ref = profile.calendar
    return BusinessCalendar(country=ref.country, tz=ref.tz, subdivision=ref.subdivision)


def calendar_label(calendar: BusinessCalendar) -> str:
    place = calendar.country + (f"-{calendar.subdivision}" if calendar.subdivision else "")
    return f"{place}, {calendar.tz}"


VERSION_KEY = "sla:configuration-version"
_cached: tuple[int, Configuration] | None = None


def configuration_changed() -> None:
    """Every process reads the configuration again (called on each save of an sla model)."""
    cache = caches["counters"]
    if not cache.add(VERSION_KEY, 1, timeout=None):
        cache.incr(VERSION_KEY)


@dataclass
class Configuration:
    """The service-level configuration, read once for many complaints (a recompute, the demo)."""

    policies: list[ServicePolicy]
    closures: dict[int, frozenset]
    channel_targets: dict[str, Duration]
    by_category: dict[int, str]
    by_segment: dict[str, str]

    @classmethod
    def current(cls) -> Configuration:
        """The configuration, read again only after a change (a version kept in the shared
        "counters" cache, bumped by every save of an sla model): intake and the case page pay no
        query for it."""
        global _cached
        version = caches["counters"].get(VERSION_KEY, 0)
        if _cached is None or _cached[0] != version:
            _cached = (version, cls.load())
        return _cached[1]

    @classmethod
    def load(cls) -> Configuration:
        policies = list(ServicePolicy.objects.filter(is_active=True).select_related("calendar").order_by("rank", "pk"))
        closures: dict[int, set] = {}
        for closure in Closure.objects.filter(calendar__in={p.calendar_id for p in policies}):
            days = closures.setdefault(closure.calendar_id, set())
            day = closure.first_day
            while day <= closure.last_day:
                days.add(day)
                day += timedelta(days=1)
        assignments = list(ProfileAssignment.objects.all())
        return cls(
            policies=policies,
            closures={pk: frozenset(days) for pk, days in closures.items()},
            channel_targets={t.channel: t.duration() for t in ChannelTarget.objects.all()},
            by_category={a.category_id: a.profile for a in assignments if a.category_id},
            by_segment={a.segment: a.profile for a in assignments if not a.category_id},
        )

    def profile_for(self, complaint: Complaint) -> tuple[RegulatoryProfile, str]:
        if complaint.regulatory_profile:
            return get_profile(complaint.regulatory_profile), "complaint"
        if complaint.category_id in self.by_category:
            return get_profile(self.by_category[complaint.category_id]), "category"
        segment = complaint.customer.segment
        if segment and segment in self.by_segment:
            return get_profile(self.by_segment[segment]), "segment"
        return get_profile(settings.DOLEANCES_REGULATORY_PROFILE), "organisation"

    def policy_for(self, complaint: Complaint) -> PolicyTargets:
        customer = complaint.customer
        best: tuple[int, ServicePolicy] | None = None
        for policy in self.policies:  # ordered by rank: the first of the best score wins
            criteria = (
                (policy.priority, complaint.priority),
                (policy.channel, complaint.channel),
                (policy.segment, customer.segment),
                (policy.vip, customer.is_vip),
                (policy.category_id, complaint.category_id),
            )
            if any(wanted not in ("", None) and wanted != actual for wanted, actual in criteria):
                continue
            score = sum(wanted not in ("", None) for wanted, _actual in criteria)
            if best is None or score > best[0]:
                best = (score, policy)
        channel_target = self.channel_targets.get(complaint.channel)
        if best is None:
            return _with_first_response(default_policy(), channel_target)
        policy = best[1]
        targets = PolicyTargets(
            name=policy.name,
            calendar_name=policy.calendar.name,
            calendar=policy.calendar.as_business_calendar(self.closures.get(policy.calendar_id, frozenset())),
            acknowledgement=policy.target("acknowledgement"),
            first_response=policy.target("first_response"),
            answer=policy.target("answer"),
            resolution=policy.target("resolution"),
            warning_fraction=policy.warning_percent / 100,
        )
        return _with_first_response(targets, channel_target)

    def basis_for(self, complaint: Complaint) -> Basis:
        profile, source = self.profile_for(complaint)
        return Basis(
            profile=profile,
            profile_source=source,
            regulatory_calendar=regulatory_calendar(profile),
            policy=self.policy_for(complaint),
            regulatory=complaint.kind != Kind.REQUEST,
        )


def _with_first_response(targets: PolicyTargets, channel_target: Duration | None) -> PolicyTargets:
    if targets.first_response is not None or channel_target is None:
        return targets
    return PolicyTargets(**{**targets.__dict__, "first_response": channel_target})


def valid_profile_ids() -> list[str]:
    return list(PROFILES)

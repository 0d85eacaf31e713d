"""Reads of deadlines for the case page: every clock, why it is where it is, and its history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from doleances.complaints.models import Complaint
from doleances.core.regulatory import Clock
from doleances.sla.deadlines import Configuration, calendar_label, extension_limit

CLOCK_NAMES = {
    Clock.ACKNOWLEDGEMENT: _("Acknowledgement"),
    Clock.FIRST_RESPONSE: _("First response"),
    Clock.SUMMARY_RESOLUTION: _("Summary resolution"),
    Clock.ANSWER: _("Answer"),
    Clock.ANSWER_EXTENDED: _("Answer (extended)"),
    Clock.RESPONSE: _("Response target"),
    Clock.RESOLUTION: _("Resolution target"),
}
REASONS = {
    "service_clock_resumed": _("the case waited for the customer (internal targets paused)"),
    "extension": _("extension told to the customer"),
    "priority_changed": _("priority changed"),
    "priority_raised_by_breach": _("priority raised after a missed deadline"),
    "category_changed": _("category changed"),
    "policy_changed": _("service policy changed"),
    "calendar_changed": _("calendar changed"),
    "channel_target_changed": _("channel's first response changed"),
    "profile_assignment_changed": _("regulatory profile of a segment or category changed"),
    "configuration_changed": _("service levels changed"),
}
CLOCK_VALUES = frozenset(clock.value for clock in Clock)
SOURCE_NAMES = {
    "complaint": _("chosen for this complaint"),
    "category": _("profile of its category"),
    "segment": _("profile of the customer's segment"),
    "organisation": _("the organisation's default"),
}


@dataclass(frozen=True)
class ClockView:
    name: str
    label: str | Promise
    due_at: datetime
    state: str  # "met", "passed", "running", "paused", "closed"
    why: str | Promise  # where the date comes from
    regulatory: bool


@dataclass(frozen=True)
class DueDateChange:
    at: datetime
    clock_labels: list[str]
    changes: list[tuple[str | Promise, datetime | None, datetime | None]]
    reason: str | Promise
    explanation: str


@dataclass(frozen=True)
class CaseDeadlines:
    profile_label: str | Promise
    profile_source: str | Promise
    source_text: str
    regulatory_calendar: str
    service_calendar: str
    policy_name: str
    paused_since: datetime | None
    paused_seconds: int
    regulatory_breached_at: datetime | None
    clocks: list[ClockView]
    history: list[DueDateChange]
    extension_letter: str  # "" when the profile allows no extension
    extension_limit: datetime | None


def case_deadlines(complaint: Complaint, *, at: datetime, events: Iterable[Any] | None = None) -> CaseDeadlines:
    """The complaint (already fetched through access) with its clocks explained. `events`: its
    audit events when the caller has them already (the case page's timeline)."""
    basis = Configuration.current().basis_for(complaint)
    clocks = basis.profile.clocks if basis.regulatory else None
    pending = complaint.pending_due_dates()
    policy = basis.policy.name or _("the organisation's default targets")
    rows = []
    for name, field in (
        (Clock.ACKNOWLEDGEMENT, "acknowledgement_due_at"),
        (Clock.FIRST_RESPONSE, "first_response_due_at"),
        (Clock.SUMMARY_RESOLUTION, "summary_resolution_due_at"),
        (Clock.ANSWER, "answer_due_at"),
        (Clock.ANSWER_EXTENDED, "answer_extended_due_at"),
        (Clock.RESPONSE, "response_due_at"),
        (Clock.RESOLUTION, "resolution_due_at"),
    ):
        due = getattr(complaint, field)
        if due is None:
            continue
        regulatory = clocks is not None and (
            name in (Clock.SUMMARY_RESOLUTION, Clock.ANSWER_EXTENDED)
            or (name == Clock.ANSWER and clocks.answer is not None)
            or (name == Clock.ACKNOWLEDGEMENT and clocks.acknowledgement is not None)
        )
        rows.append(
            ClockView(
                name=name.value,
                label=CLOCK_NAMES[name],
                due_at=due,
                state=_state(complaint, name, due, pending, at=at),
                why=basis.profile.source if regulatory else policy,
                regulatory=regulatory,
            )
        )
    ref = basis.regulatory_calendar
    return CaseDeadlines(
        profile_label=basis.profile.label,
        profile_source=SOURCE_NAMES[basis.profile_source],
        source_text=basis.profile.source,
        regulatory_calendar=calendar_label(ref),
        service_calendar=complaint.sla_calendar or calendar_label(basis.policy.calendar),
        policy_name=basis.policy.name,
        paused_since=complaint.service_paused_at,
        paused_seconds=complaint.service_paused_seconds or 0,
        regulatory_breached_at=complaint.regulatory_breached_at,
        clocks=rows,
        history=_history(complaint, events),
        extension_letter=basis.profile.extension_letter.value if basis.profile.extension_letter else "",
        extension_limit=extension_limit(complaint.received_at, basis),
    )


def _state(complaint: Complaint, name: Clock, due: datetime, pending: dict, *, at: datetime) -> str:
    key = Clock.ANSWER.value if name == Clock.ANSWER_EXTENDED else name.value
    if name == Clock.ANSWER and complaint.answer_extended_due_at and complaint.answered_at is None:
        return "moved"
    if name == Clock.SUMMARY_RESOLUTION:
        return "passed" if due < at else "running"
    if key in pending:
        return "passed" if due < at else "running"
    if not complaint.is_open and complaint.answered_at is None:
        return "closed"
    if complaint.service_paused_at is not None and name in (Clock.FIRST_RESPONSE, Clock.RESPONSE, Clock.RESOLUTION):
        return "paused"
    return "met"


def _history(complaint: Complaint, events: Iterable[Any] | None) -> list[DueDateChange]:
    """Audit events (models) or the timeline's events (dataclasses with `at`)."""
    entries = []
    if events is None:
        events = complaint.events.filter(action="complaint.due_dates_changed").order_by("sequence")
    for event in events:
        if event.action != "complaint.due_dates_changed":
            continue
        data = event.data or {}
        changes = [
            (CLOCK_NAMES.get(Clock(clock_name), clock_name), change.get("from"), change.get("to"))
            for clock_name, change in (data.get("changes") or {}).items()
            if clock_name in CLOCK_VALUES
        ]
        entries.append(
            DueDateChange(
                at=getattr(event, "at", None) or event.created_at,
                clock_labels=[str(label) for label, _old, _new in changes],
                changes=[(label, _parse(old), _parse(new)) for label, old, new in changes],
                reason=REASONS.get(data.get("reason", ""), data.get("reason", "")),
                explanation=data.get("explanation", ""),
            )
        )
    return entries


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None

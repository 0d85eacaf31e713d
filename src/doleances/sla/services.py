"""Writers of deadlines: start a complaint's clocks, recompute them, extend the answer deadline.

Every change of a due date is a timeline event with its reason (`complaint.due_dates_changed`);
the sweep's alarms follow the dates (they are re-checked when they fire, so an alarm left early
by a pause only wakes the sweep up, which sets it again).
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from doleances.complaints import access
from doleances.complaints.enums import Visibility
from doleances.complaints.events import record_event
from doleances.complaints.mail import case_mail
from doleances.complaints.models import Complaint
from doleances.complaints.selectors import open_q
from doleances.complaints.services import due_dates, record_due_date_changes
from doleances.core import clock
from doleances.core.actors import SYSTEM, Actor
from doleances.core.calendar import elapsed_point
from doleances.core.errors import Conflict, DoleancesError
from doleances.core.regulatory import Clock
from doleances.messaging import emails
from doleances.sla.deadlines import Basis, Configuration, calendar_label, compute_due_dates, extension_limit
from doleances.sla.models import Alarm, Step, SweepCursor

COMPUTED_FIELDS = {
    Clock.ACKNOWLEDGEMENT: "acknowledgement_due_at",
    Clock.FIRST_RESPONSE: "first_response_due_at",
    Clock.SUMMARY_RESOLUTION: "summary_resolution_due_at",
    Clock.ANSWER: "answer_due_at",
    Clock.RESPONSE: "response_due_at",
    Clock.RESOLUTION: "resolution_due_at",
}
SAVED_FIELDS = [*COMPUTED_FIELDS.values(), "sla_profile", "sla_calendar", "next_due_at"]


def _apply(complaint: Complaint, basis: Basis) -> None:
    due = compute_due_dates(complaint.received_at, basis, paused_seconds=complaint.service_paused_seconds or 0)
    for name, field in COMPUTED_FIELDS.items():
        setattr(complaint, field, getattr(due, name.value))
    complaint.sla_profile = basis.profile.id
    policy = basis.policy
    complaint.sla_calendar = (policy.calendar_name or calendar_label(policy.calendar))[:100]
    complaint.refresh_next_due()


def set_initial_due_dates(complaint: Complaint) -> Basis:
    """Fill in the due dates of a complaint not saved yet (intake saves it)."""
    basis = Configuration.current().basis_for(complaint)
    _apply(complaint, basis)
    return basis


def schedule_new_complaints(*, batch: int = 2000, config: Configuration | None = None) -> int:
    """Alarms of the complaints registered since the last sweep (primary-key order, from the
    cursor): intake writes none itself. Safe to run twice or at once (alarms are upserted)."""
    config = config or Configuration.current()
    cursor, _created = SweepCursor.objects.get_or_create(pk=1)
    new = list(Complaint.objects.filter(pk__gt=cursor.last_complaint_id).select_related("customer").order_by("pk")[:batch])
    if not new:
        return 0
    for complaint in new:
        if complaint.is_open:
            schedule_alarms(complaint, config.basis_for(complaint))
    SweepCursor.objects.filter(pk=1, last_complaint_id__lt=new[-1].pk).update(last_complaint_id=new[-1].pk)
    return len(new)


@transaction.atomic
def recompute(
    complaint: Complaint, *, at: datetime, reason: str, actor: Actor = SYSTEM, config: Configuration | None = None
) -> dict:
    """Compute the due dates again (priority, category, kind, profile or policy changed). A closed
    complaint keeps the dates it had. Returns the changes (recorded as one timeline event)."""
    complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)
    if not complaint.is_open:
        return {}
    basis = (config or Configuration.current()).basis_for(complaint)
    before = due_dates(complaint)
    _apply(complaint, basis)
    changes = record_due_date_changes(complaint, before, actor=actor, at=at, reason=reason)
    complaint.save(update_fields=SAVED_FIELDS)
    schedule_alarms(complaint, basis)
    return changes


def recompute_open_complaints(*, at: datetime, reason: str, batch: int = 500) -> int:
    """After a policy, calendar or profile assignment changed: every open complaint, by batches of
    primary keys (closed complaints keep their dates). Returns how many moved."""
    config = Configuration.load()
    moved, last = 0, 0
    while True:
        ids = list(Complaint.objects.filter(open_q(), pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return moved
        for pk in ids:
            moved += bool(recompute(Complaint(pk=pk), at=at, reason=reason, config=config))
        last = ids[-1]


def alarm_times(complaint: Complaint, basis: Basis) -> dict[tuple[str, str], datetime]:
    """When the sweep must look at each clock again, by (clock, step)."""
    times: dict[tuple[str, str], datetime] = {}
    warn = basis.policy.warning_fraction
    start = complaint.received_at
    for clock_name, due in complaint.pending_due_dates(while_paused=True).items():
        name = Clock.ANSWER_EXTENDED if clock_name == Clock.ANSWER and complaint.answer_extended_due_at else Clock(clock_name)
        times[(name, Step.WARN)] = elapsed_point(start, due, warn)
        times[(name, Step.BREACH)] = due
        if name == Clock.ANSWER:
            fraction = max(warn, settings.DOLEANCES_PROGRESS_REPORT_AT)
            times[(name, Step.PROGRESS_REPORT)] = elapsed_point(start, due, fraction)
    return times


def schedule_alarms(complaint: Complaint, basis: Basis) -> None:
    """Write (or move) the pending alarms of a complaint; a step already taken stays taken."""
    rows = [
        Alarm(complaint=complaint, clock=clock_name, step=step, fire_at=fire_at)
        for (clock_name, step), fire_at in alarm_times(complaint, basis).items()
    ]
    Alarm.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["complaint", "clock", "step"], update_fields=["fire_at"]
    )


@transaction.atomic
def extend_answer_deadline(
    complaint: Complaint, *, new_due: datetime | date, reason: str, actor: Actor, at: datetime | None = None
) -> Complaint:
    """Move the answer deadline, with a reason the customer is told in the profile's letter
    (holding reply, delay letter), queued in this transaction. Refused where the profile allows
    no extension, beyond the text's limit, or not later than the current deadline."""
    at = at or clock.now()
    complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)
    access.require(actor, access.HANDLE, complaint)
    reason = (reason or "").strip()
    if not reason:
        raise DoleancesError("reason_required", _("Give the reason for the new date: the customer is told it."), field="reason")
    basis = Configuration.current().basis_for(complaint)
    if not isinstance(new_due, datetime):  # a day: its end, on the profile's calendar
        new_due = basis.regulatory_calendar.end_of(new_due)
    letter = basis.profile.extension_letter
    if letter is None:
        raise Conflict(
            "extension_not_allowed",
            _("The answer deadline cannot be moved under %(profile)s: no letter of this profile extends it. Answer by %(date)s.")
            % {"profile": basis.profile.label, "date": _format(complaint.effective_answer_due_at)},
        )
    if not complaint.is_open or complaint.answered_at is not None:
        raise Conflict("extension_after_answer", _("This complaint is already answered or closed: its deadline no longer runs."))
    current = complaint.effective_answer_due_at
    if current is not None and new_due <= current:
        raise DoleancesError(
            "extension_not_later",
            _("The new date must be after the current deadline (%(date)s).") % {"date": _format(current)},
            field="new_due",
        )
    limit = extension_limit(complaint.received_at, basis)
    if limit is not None and new_due > limit:
        raise DoleancesError(
            "extension_beyond_limit",
            _("%(profile)s allows an extension up to %(date)s at most.")
            % {"profile": basis.profile.label, "date": _format(limit)},
            field="new_due",
        )
    before = due_dates(complaint)
    complaint.answer_extended_due_at = new_due
    complaint.refresh_next_due()
    complaint.updated_at = at
    complaint.save(update_fields=["answer_extended_due_at", "next_due_at", "updated_at"])
    mail = (
        emails.queue_extension_letter(case_mail(complaint), letter=letter.value, new_due=new_due, reason=reason, at=at)
        if complaint.customer.email
        else None
    )
    record_due_date_changes(
        complaint,
        before,
        actor=actor,
        at=at,
        reason="extension",
        data={"explanation": reason[:2000], "letter": letter.value, "emailed": mail is not None},
    )
    record_event(
        complaint,
        f"complaint.{letter.value}_sent",
        actor=actor,
        at=at,
        visibility=Visibility.PUBLIC,
        data={"new_due": new_due.isoformat(), "reason": reason[:2000], "emailed": mail is not None},
    )
    schedule_alarms(complaint, basis)
    return complaint


def _format(moment: datetime | None) -> str:
    return emails.format_date(moment) if moment else "—"

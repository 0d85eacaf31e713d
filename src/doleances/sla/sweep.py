"""The deadline sweep: take the steps that are due (warn, escalate at a breach, record a
regulatory breach, send the progress report), each exactly once.

It reads only pending alarms whose time has come (a partial index on `fire_at`), never every open
complaint. Each alarm is claimed by a conditional UPDATE (`fired_at IS NULL`) in the transaction
that takes its step: two sweeps at once, or a sweep run twice, take it once (the unique key
complaint × clock × step holds it done). An alarm whose clock moved later (pause, extension,
recompute) is set to its new time instead; one whose clock is met is closed as "obsolete".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doleances.complaints.enums import Visibility
from doleances.complaints.events import record_event
from doleances.complaints.mail import case_mail
from doleances.complaints.models import Complaint
from doleances.complaints.roles import SUPERVISOR
from doleances.core.actors import SYSTEM
from doleances.core.regulatory import Clock
from doleances.messaging import emails
from doleances.messaging.notifications import notify
from doleances.routing.escalation import Trigger, escalate
from doleances.sla.deadlines import Configuration
from doleances.sla.models import Alarm, Step
from doleances.sla.services import alarm_times, recompute, schedule_new_complaints

# While the service clock is paused, its alarms look again this often (the pause shifts them).
PAUSED_RECHECK = timedelta(hours=1)
COMMIT_EVERY = 50
CLOCK_LABELS = {
    Clock.ACKNOWLEDGEMENT: gettext_lazy("acknowledgement"),
    Clock.FIRST_RESPONSE: gettext_lazy("first response"),
    Clock.ANSWER: gettext_lazy("answer"),
    Clock.ANSWER_EXTENDED: gettext_lazy("answer (extended)"),
    Clock.RESPONSE: gettext_lazy("response"),
    Clock.RESOLUTION: gettext_lazy("resolution"),
}


@dataclass
class SweepResult:
    taken: dict[str, int]
    rescheduled: int = 0
    obsolete: int = 0
    scheduled: int = 0  # new complaints whose alarms were written


def due_alarm_ids(at: datetime, limit: int) -> list[int]:
    """The pending alarms whose time has come, oldest first (alarm_pending_idx)."""
    return list(
        Alarm.objects.filter(fired_at__isnull=True, fire_at__lte=at).order_by("fire_at").values_list("pk", flat=True)[:limit]
    )


def sweep(*, at: datetime, limit: int | None = None) -> SweepResult:
    result = SweepResult(taken={})
    config = Configuration.current()
    with transaction.atomic():
        result.scheduled = schedule_new_complaints(config=config)
    ids = due_alarm_ids(at, limit or settings.DOLEANCES_SWEEP_BATCH)
    outcomes = []
    # A few dozen alarms per commit: each commit is a disk flush on SQLite (synchronous=FULL);
    # a failure rolls back its chunk, whose alarms the next sweep takes again.
    for chunk in range(0, len(ids), COMMIT_EVERY):
        with transaction.atomic():
            outcomes += [_handle(pk, at=at, config=config) for pk in ids[chunk : chunk + COMMIT_EVERY]]
    for outcome in outcomes:
        if outcome == "rescheduled":
            result.rescheduled += 1
        elif outcome == "obsolete":
            result.obsolete += 1
        elif outcome:
            result.taken[outcome] = result.taken.get(outcome, 0) + 1
    return result


@transaction.atomic
def _handle(pk: int, *, at: datetime, config: Configuration) -> str:
    if not Alarm.objects.filter(pk=pk, fired_at__isnull=True).update(fired_at=at):
        return ""  # another sweep took it
    alarm = Alarm.objects.get(pk=pk)
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("customer", "team", "assignee")
        .get(pk=alarm.complaint_id)
    )
    basis = config.basis_for(complaint)
    internal = alarm.clock in (Clock.FIRST_RESPONSE, Clock.RESPONSE, Clock.RESOLUTION)
    if complaint.is_open and complaint.service_paused_at is not None and internal:
        return _reschedule(alarm, at + PAUSED_RECHECK)  # the pause will move it: look again later
    wanted = alarm_times(complaint, basis).get((alarm.clock, alarm.step))
    if wanted is None:
        return _close(alarm, "obsolete")
    if wanted > at:
        return _reschedule(alarm, wanted)
    regulatory = _is_regulatory(alarm.clock, complaint, basis)
    if alarm.step == Step.WARN:
        _warn(complaint, alarm, at=at)
    elif alarm.step == Step.PROGRESS_REPORT:
        _progress_report(complaint, at=at)
    elif alarm.step == Step.BREACH:
        _breach(complaint, alarm, at=at, regulatory=regulatory, config=config)
    return _close(alarm, f"{alarm.clock}.{alarm.step}")


def _is_regulatory(clock_name: str, complaint: Complaint, basis) -> bool:
    if not basis.regulatory:
        return False
    clocks = basis.profile.clocks
    if clock_name == Clock.ANSWER_EXTENDED:
        return True
    if clock_name == Clock.ANSWER:
        return clocks.answer is not None
    if clock_name == Clock.ACKNOWLEDGEMENT:
        return clocks.acknowledgement is not None
    return False


def _reschedule(alarm: Alarm, fire_at: datetime) -> str:
    Alarm.objects.filter(pk=alarm.pk).update(fired_at=None, fire_at=fire_at)
    return "rescheduled"


def _close(alarm: Alarm, outcome: str) -> str:
    Alarm.objects.filter(pk=alarm.pk).update(outcome=outcome[:32])
    return outcome


def _due(complaint: Complaint, clock_name: str) -> datetime | None:
    if clock_name in (Clock.ANSWER, Clock.ANSWER_EXTENDED):
        return complaint.effective_answer_due_at
    return getattr(complaint, f"{clock_name}_due_at")


def _link(complaint: Complaint) -> str:
    return reverse("agent:complaint_detail", args=[complaint.reference])


def _warn(complaint: Complaint, alarm: Alarm, *, at: datetime) -> None:
    people = [complaint.assignee] if complaint.assignee else list(complaint.team.members.all()) if complaint.team else []
    due = emails.format_date(_due(complaint, alarm.clock))
    label = CLOCK_LABELS[Clock(alarm.clock)]
    if alarm.clock in (Clock.ANSWER, Clock.ANSWER_EXTENDED):
        body = _(
            "Answer by %(date)s. If you cannot, record the new date and its reason on the case: the customer "
            "is told it; otherwise they get a progress report saying their case is still being handled."
        ) % {"date": due}
    else:
        body = _("The %(clock)s is due on %(date)s.") % {"clock": label, "date": due}
    notify(
        people,
        kind="sla.warning",
        title=_("%(reference)s: %(clock)s due soon") % {"reference": complaint.reference, "clock": label},
        body=body,
        link=_link(complaint),
        at=at,
        complaint_reference=complaint.reference,
        dedupe_key=f"sla:{complaint.pk}:{alarm.clock}:warn",
    )


def _supervisors(complaint: Complaint):
    users = get_user_model().objects.filter(is_active=True, groups__name=SUPERVISOR)
    in_team = users.filter(teams=complaint.team) if complaint.team_id else users.none()
    return list(in_team) or list(users)


def _breach(complaint: Complaint, alarm: Alarm, *, at: datetime, regulatory: bool, config: Configuration) -> None:
    due = _due(complaint, alarm.clock)
    label = CLOCK_LABELS[Clock(alarm.clock)]
    data = {"clock": alarm.clock, "due": due.isoformat() if due else None}
    if regulatory:
        record_event(
            complaint, "complaint.regulatory_breach", actor=SYSTEM, at=at, data={**data, "profile": complaint.sla_profile}
        )
        if complaint.regulatory_breached_at is None:
            complaint.regulatory_breached_at = at
            complaint.save(update_fields=["regulatory_breached_at"])
    else:
        record_event(complaint, "complaint.deadline_breached", actor=SYSTEM, at=at, data=data)
    reason = _("The %(clock)s deadline passed (%(date)s).") % {"clock": label, "date": emails.format_date(due) if due else "—"}
    escalate(complaint, actor=SYSTEM, reason=reason, trigger=Trigger.BREACH, at=at)
    # The escalation raised the priority: the targets follow it.
    recompute(complaint, at=at, reason="priority_raised_by_breach", config=config)
    notify(
        _supervisors(complaint),
        kind="sla.breach",
        title=(_("%(reference)s: regulatory deadline passed") if regulatory else _("%(reference)s: %(clock)s target missed"))
        % {"reference": complaint.reference, "clock": label},
        body=reason,
        link=_link(complaint),
        at=at,
        complaint_reference=complaint.reference,
        dedupe_key=f"sla:{complaint.pk}:{alarm.clock}:breach",
    )


def _progress_report(complaint: Complaint, *, at: datetime) -> None:
    due = complaint.effective_answer_due_at
    mail = emails.queue_progress_report(case_mail(complaint), next_contact=due, at=at) if complaint.customer.email else None
    record_event(
        complaint,
        "complaint.progress_report_sent",
        actor=SYSTEM,
        at=at,
        visibility=Visibility.PUBLIC,
        data={"next_contact": due.isoformat() if due else None, "emailed": mail is not None},
    )

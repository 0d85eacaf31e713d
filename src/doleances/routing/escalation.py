"""Escalating a complaint: the one door, for people (with a reason) and for automatic triggers
(a breach found by the deadline sweep, a risk score, a VIP customer).

Interface first: issue 18 builds the circuits behind it (levels, time budgets, the VIP lane,
conflicted levels skipped). Today it records the escalation on the timeline, raises the
priority one step (never lowers it) and notifies the complaint's team; callers (the sweep, the
agent screen, the API) already go through it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from doleances.complaints import access
from doleances.complaints.enums import Priority
from doleances.complaints.events import record_event
from doleances.complaints.models import Complaint
from doleances.complaints.services import reclassify_complaint
from doleances.core import clock
from doleances.core.actors import SYSTEM, Actor
from doleances.messaging.notifications import notify

PRIORITY_ORDER = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT]


class Trigger:
    MANUAL = "manual"
    BREACH = "breach"  # an internal target or a regulatory deadline passed (the deadline sweep)
    RISK = "risk"
    VIP = "vip"


@transaction.atomic
def escalate(
    complaint: Complaint, *, actor: Actor, reason: str, trigger: str = Trigger.MANUAL, at: datetime | None = None
) -> Complaint:
    """Escalate one step. A person needs the HANDLE permission and a reason."""
    at = at or clock.now()
    if actor is not SYSTEM:
        access.require(actor, access.HANDLE, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    rank = PRIORITY_ORDER.index(Priority(complaint.priority))
    if rank + 1 < len(PRIORITY_ORDER):
        complaint = reclassify_complaint(
            complaint,
            actor=actor,
            changes={"priority": PRIORITY_ORDER[rank + 1]},
            at=at,
            action="complaint.priority_raised",
            reason={"trigger": trigger},
        )
    record_event(complaint, "complaint.escalated", actor=actor, at=at, data={"trigger": trigger, "reason": reason[:2000]})
    if complaint.team is not None:
        notify(
            complaint.team.members.all(),
            kind="escalation.received",
            title=_("Complaint %(reference)s escalated") % {"reference": complaint.reference},
            body=reason,
            link=reverse("agent:complaint_detail", args=[complaint.reference]),
            at=at,
            complaint_reference=complaint.reference,
        )
    return complaint

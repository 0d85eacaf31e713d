"""Reads of the answers for the screens: the case's decision panel, the portal's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404

from doleances.answers.models import Decision, Survey
from doleances.answers.services import latest_decision, link_expired
from doleances.complaints.enums import Status
from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.core import clock
from doleances.core.models import OutboxMessage, OutboxStatus


def complaint_for_portal_token(token: str, *, at: datetime | None = None) -> Complaint:
    """The complaint of a portal link: 404 alike for an unknown, tampered, revoked (renewed) or
    expired link — the page never tells which."""
    complaint = Complaint.objects.select_related("customer").filter(portal_token=token).first()
    if complaint is None or link_expired(complaint, at=at or clock.now()):
        raise Http404
    return complaint


@dataclass(frozen=True)
class DecisionPanel:
    decision: Decision | None
    awaiting_customer: bool  # the customer may still accept or refuse
    survey: Survey | None


def decision_panel(complaint: Complaint) -> DecisionPanel:
    decision = latest_decision(complaint)
    survey = Survey.objects.filter(complaint=complaint).first()
    awaiting = decision is not None and not decision.customer_response and complaint.status == Status.ANSWERED
    return DecisionPanel(decision=decision, awaiting_customer=awaiting, survey=survey)


BOUNCED = "mail.bounced"  # the event mail intake records for a delivery report


@dataclass(frozen=True)
class FailedDelivery:
    outbox_id: int
    subject: str
    to: str
    error: str
    at: datetime


def failed_deliveries(complaint: Complaint) -> list[FailedDelivery]:
    """Mail about this case that did not reach its reader: dead letters of the outbox, and the
    bounces mail intake recorded. Shown on the case, newest first."""
    rows = OutboxMessage.objects.filter(complaint_reference=complaint.reference, status=OutboxStatus.DEAD).order_by("-created_at")[:10]
    failed = [
        FailedDelivery(
            outbox_id=row.pk,
            subject=str(row.payload.get("subject", "")),
            to=", ".join(row.payload.get("to", [])),
            error=row.last_error[:300],
            at=row.created_at,
        )
        for row in rows
    ]
    bounced = complaint.events.filter(action=BOUNCED).order_by("-created_at")[:10]
    failed += [
        FailedDelivery(
            outbox_id=int(event.data.get("outbox") or 0),
            subject=str(event.data.get("template", "")),
            to=str(event.data.get("recipient", "")),
            error=f"{event.data.get('status', '')} {event.data.get('diagnostic', '')}".strip()[:300],
            at=event.created_at,
        )
        for event in bounced
    ]
    return sorted(failed, key=lambda item: item.at, reverse=True)


def references_with_failed_delivery(references: list[str]) -> set[str]:
    """Which of these cases have an undelivered mail (one query, for the list)."""
    dead = OutboxMessage.objects.filter(complaint_reference__in=references, status=OutboxStatus.DEAD)
    bounced = ComplaintEvent.objects.filter(complaint__reference__in=references, action=BOUNCED)
    return set(dead.values_list("complaint_reference", flat=True)) | set(bounced.values_list("complaint__reference", flat=True))

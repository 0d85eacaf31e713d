"""Reads of the answers for the screens: the case's decision panel, the portal's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
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
    subject: str
    to: str
    error: str
    at: datetime


def failed_deliveries_in(timeline: list) -> list[FailedDelivery]:
    """Mail of this case that did not reach the customer, read from the case's timeline (no query):
    our messages whose outbox row is a dead letter, and the bounces mail intake recorded."""
    failed = []
    for item in timeline:
        message, event = item.message, item.event
        if message is not None and message.undelivered:
            failed.append(
                FailedDelivery(subject=message.subject, to=message.recipient, error=message.delivery_error, at=message.at)
            )
        elif event is not None and event.action == BOUNCED:
            data = event.data
            failed.append(
                FailedDelivery(
                    subject=str(data.get("template", "")),
                    to=str(data.get("recipient", "")),
                    error=f"{data.get('status', '')} {data.get('diagnostic', '')}".strip()[:300],
                    at=event.at,
                )
            )
    return sorted(failed, key=lambda f: f.at, reverse=True)


def with_failed_delivery(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """`complaints` with `has_failed_delivery`: a dead letter or a bounce on the case, computed in
    the list's own query (no query per page, none per row)."""
    dead = OutboxMessage.objects.filter(complaint_reference=OuterRef("reference"), status=OutboxStatus.DEAD)
    bounced = ComplaintEvent.objects.filter(complaint=OuterRef("pk"), action=BOUNCED)
    return complaints.annotate(has_failed_delivery=Exists(dead) | Exists(bounced))

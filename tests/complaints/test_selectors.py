"""Selectors return data: frozen dataclasses a screen shows, never the model rows themselves."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from doleances.complaints import selectors
from doleances.complaints.enums import Direction, Status
from doleances.complaints.models import Attachment, Complaint
from doleances.complaints.selectors import (
    AttachmentItem,
    ComplaintRow,
    PublicEntry,
    PublicMessage,
    TimelineEvent,
    TimelineItem,
    TimelineMessage,
)
from doleances.complaints.services import add_internal_note, assign_complaint, reply_to_customer
from doleances.core import clock
from tests.fixtures.objects import make_complaint


def listed(complaint: Complaint) -> Complaint:
    """The complaint as `complaints_for_agent` fetches it (relations joined)."""
    return Complaint.objects.select_related("customer", "team", "assignee").get(pk=complaint.pk)


def test_a_list_row_carries_what_the_list_shows(db, agent, team, complaint):
    assign_complaint(complaint, assignee=agent, actor=agent)
    at = complaint.response_due_at - timedelta(days=1)

    with translation.override("en"):
        row = selectors.complaint_row(listed(complaint), at=at)

    assert row == ComplaintRow(
        reference=complaint.reference,
        subject="Facture erronée",
        customer_name="Jeanne Martin",
        customer_is_vip=False,
        kind_display="Complaint",
        status=Status.ACKNOWLEDGED,
        status_display="Acknowledged",
        priority="normal",
        priority_display="Normal",
        team_name="Facturation",
        assignee_name="Alice Agent",
        received_at=complaint.received_at,
        response_due_at=complaint.response_due_at,
        is_open=True,
        due="soon",
        next_due_at=complaint.next_due_at,
        regulatory_breached=False,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.subject = "changed"


def test_a_row_without_team_or_assignee_has_empty_names(db):
    row = selectors.complaint_row(listed(make_complaint()), at=clock.now())
    assert (row.team_name, row.assignee_name) == ("", "")


@pytest.mark.parametrize(
    ("status", "answered", "offset", "expected"),
    [
        (Status.ACKNOWLEDGED, False, timedelta(days=3), ""),
        (Status.ACKNOWLEDGED, False, timedelta(days=2), "soon"),
        (Status.ACKNOWLEDGED, False, timedelta(seconds=-1), "overdue"),
        (Status.ACKNOWLEDGED, True, timedelta(seconds=-1), ""),  # answered in time: no longer running
        (Status.CLOSED, False, timedelta(seconds=-1), ""),
        (Status.RESOLVED, False, timedelta(days=1), ""),
    ],
)
def test_response_due_state(db, complaint, status, answered, offset, expected):
    Complaint.objects.filter(pk=complaint.pk).update(status=status, answered_at=clock.now() if answered else None)
    complaint.refresh_from_db()
    at = complaint.response_due_at - offset
    assert selectors.response_due_state(complaint, at=at) == expected


def test_the_timeline_is_data(db, agent, complaint):
    note = add_internal_note(complaint, body="Called the shop", actor=agent)

    items = selectors.complaint_timeline(complaint)

    assert all(isinstance(item, TimelineItem) for item in items)
    messages = [item.message for item in items if item.message]
    assert messages == [
        TimelineMessage(
            at=note.created_at,
            direction=Direction.INTERNAL,
            sender=note.sender,
            recipient="",
            author_name="Alice Agent",
            body="Called the shop",
            is_internal=True,
        )
    ]
    received = next(item.event for item in items if item.event and item.event.action == "complaint.received")
    assert isinstance(received, TimelineEvent)
    assert (received.actor_label, received.is_internal) == ("Jeanne Martin", False)
    with pytest.raises(TypeError):
        received.data["channel"] = "phone"  # the audit trail is read-only, here too


def test_attachments_are_data(db, complaint):
    attachment = Attachment.objects.create(
        complaint=complaint,
        file=ContentFile(b"%PDF-1.4", name="facture.pdf"),
        original_name="facture mars.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_at=clock.now(),
    )
    assert selectors.complaint_attachments(complaint) == [AttachmentItem(pk=attachment.pk, name="facture mars.pdf", size=8)]


def test_the_public_history_carries_messages_as_data(db, agent, complaint):
    Complaint.objects.filter(pk=complaint.pk).update(assignee=agent)
    complaint.refresh_from_db()
    reply_to_customer(complaint, body="Nous vous remboursons.", actor=agent)

    entries = selectors.public_history(complaint)

    assert all(isinstance(entry, PublicEntry) for entry in entries)
    assert [entry.message for entry in entries if entry.message] == [
        PublicMessage(direction=Direction.OUTBOUND, body="Nous vous remboursons.")
    ]

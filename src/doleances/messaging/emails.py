"""Composing outgoing mail. Rows go to the outbox in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.timezone import localtime

from doleances.core import outbox


def portal_url(complaint) -> str:
    return settings.DOLEANCES_PUBLIC_URL.rstrip("/") + reverse("portal:track", args=[complaint.portal_token])


def _context(complaint, **extra) -> dict:
    due = complaint.response_due_at
    return {
        "complaint": complaint,
        "customer": complaint.customer,
        "organisation": settings.DOLEANCES_ORGANISATION,
        "portal_url": portal_url(complaint),
        "response_due": formats.date_format(localtime(due), "DATE_FORMAT") if due else "",
        **extra,
    }


def _queue(complaint, template: str, *, at: datetime, context: dict) -> outbox.OutboxMessage:
    with translation.override(complaint.customer.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"messaging/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"messaging/email/{template}.txt", context)
    return outbox.enqueue(
        "email",
        {
            "to": [complaint.customer.email],
            "subject": " ".join(subject.split()),
            "body": body,
            "reference": complaint.reference,
            "template": template,
        },
        at=at,
        complaint_reference=complaint.reference,
    )


def queue_acknowledgement(complaint, *, at: datetime) -> outbox.OutboxMessage:
    return _queue(complaint, "acknowledgement", at=at, context=_context(complaint))


def queue_reply(complaint, message, *, at: datetime) -> outbox.OutboxMessage:
    row = _queue(complaint, "reply", at=at, context=_context(complaint, message=message))
    message.outbox = row
    message.message_id = message_id_for(row)
    message.save(update_fields=["outbox", "message_id"])
    return row


def message_id_for(row) -> str:
    """Stable per outbox row: a redelivery carries the same Message-ID, so it is recognisable."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "doleances.localhost"
    return f"<outbox-{row.pk}-{row.created_at:%Y%m%d%H%M%S}@{domain}>"

"""Composing outgoing mail. Rows go to the outbox in the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address

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


def sender_for(language: str) -> str:
    """Our address under the display name of the recipient's language ("Complaints department
    <…>" for an English reader, "Service réclamations <…>" for a French one)."""
    names = settings.DOLEANCES_FROM_NAMES
    name = names.get(language) or names.get(settings.LANGUAGE_CODE, "")
    return str(Address(display_name=name, addr_spec=settings.DOLEANCES_FROM_ADDRESS))


def _queue(complaint, template: str, *, at: datetime, **extra) -> outbox.OutboxMessage:
    language = complaint.customer.language or settings.LANGUAGE_CODE
    # Everything the customer reads, dates included, in the customer's language.
    with translation.override(language):
        context = _context(complaint, **extra)
        subject = render_to_string(f"messaging/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"messaging/email/{template}.txt", context)
    return outbox.enqueue(
        "email",
        {
            "from": sender_for(language),
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
    return _queue(complaint, "acknowledgement", at=at)


def queue_reply(complaint, message, *, at: datetime) -> outbox.OutboxMessage:
    row = _queue(complaint, "reply", at=at, message=message)
    message.outbox = row
    message.message_id = message_id_for(row)
    message.save(update_fields=["outbox", "message_id"])
    return row


def message_id_for(row) -> str:
    """Stable per outbox row: a redelivery carries the same Message-ID, so it is recognisable."""
    domain = settings.DOLEANCES_FROM_ADDRESS.rsplit("@", 1)[-1] or "doleances.localhost"
    return f"<outbox-{row.pk}-{row.created_at:%Y%m%d%H%M%S}@{domain}>"

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


def _queue(complaint, template: str, *, at: datetime, in_reply_to: str = "", **extra) -> outbox.OutboxMessage:
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
            # Threading headers when this mail answers one of the customer's (mail intake).
            **({"in_reply_to": in_reply_to} if in_reply_to else {}),
        },
        at=at,
        complaint_reference=complaint.reference,
    )


def queue_acknowledgement(
    complaint, *, at: datetime, in_reply_to: str = "", refused_attachments: tuple[str, ...] = ()
) -> outbox.OutboxMessage:
    return _queue(complaint, "acknowledgement", at=at, in_reply_to=in_reply_to, refused_attachments=list(refused_attachments))


def queue_refused_attachments_notice(
    complaint, *, at: datetime, in_reply_to: str, refused_attachments: tuple[str, ...]
) -> outbox.OutboxMessage:
    """Tells the sender of a reply by mail which of its files were not kept (the text was)."""
    return _queue(complaint, "refused_attachments", at=at, in_reply_to=in_reply_to, refused_attachments=list(refused_attachments))


def answered_message_id(complaint) -> str:
    """The customer's latest mail on this complaint (a reply, or the mail that opened it), which
    our reply answers; "" when the customer never wrote by mail."""
    from doleances.complaints.enums import Direction

    latest = (
        complaint.messages.filter(direction=Direction.INBOUND)
        .exclude(message_id="")
        .order_by("-created_at", "-id")
        .values_list("message_id", flat=True)
        .first()
    )
    if latest:
        return latest
    received = complaint.events.filter(action="complaint.received").values_list("data", flat=True).first() or {}
    return received.get("message_id", "")


def queue_reply(complaint, message, *, at: datetime) -> outbox.OutboxMessage:
    row = _queue(complaint, "reply", at=at, message=message, in_reply_to=answered_message_id(complaint))
    message.outbox = row
    message.message_id = message_id_for(row)
    message.save(update_fields=["outbox", "message_id"])
    return row


def message_id_for(row) -> str:
    """Stable per outbox row: a redelivery carries the same Message-ID, so it is recognisable."""
    domain = settings.DOLEANCES_FROM_ADDRESS.rsplit("@", 1)[-1] or "doleances.localhost"
    return f"<outbox-{row.pk}-{row.created_at:%Y%m%d%H%M%S}@{domain}>"

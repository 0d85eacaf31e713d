"""Composing outgoing mail from plain values. Rows go to the outbox in the caller's transaction.

Messaging knows no complaint model: the caller says what a mail needs (`CaseMail`, built by
`complaints.mail`) and gets back what was queued (`QueuedMail`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.timezone import localtime

from doleances.core import outbox
from doleances.messaging.headers import message_id_for


@dataclass(frozen=True)
class Addressee:
    name: str
    email: str
    language: str = ""  # the language the mail is written in ("" for the site's default)


@dataclass(frozen=True)
class CaseMail:
    """What a mail to the customer says about their case."""

    reference: str
    subject: str
    portal_token: str
    response_due_at: datetime | None
    customer: Addressee


@dataclass(frozen=True)
class QueuedMail:
    outbox_id: int
    message_id: str  # the Message-ID the mail will carry, on every delivery attempt


def portal_url(portal_token: str) -> str:
    return settings.DOLEANCES_PUBLIC_URL.rstrip("/") + reverse("portal:track", args=[portal_token])


def _context(case: CaseMail, **extra) -> dict:
    due = case.response_due_at
    return {
        "complaint": case,
        "customer": case.customer,
        "organisation": settings.DOLEANCES_ORGANISATION,
        "portal_url": portal_url(case.portal_token),
        "response_due": formats.date_format(localtime(due), "DATE_FORMAT") if due else "",
        **extra,
    }


def sender_for(language: str) -> str:
    """Our address under the display name of the recipient's language ("Complaints department
    <…>" for an English reader, "Service réclamations <…>" for a French one)."""
    names = settings.DOLEANCES_FROM_NAMES
    name = names.get(language) or names.get(settings.LANGUAGE_CODE, "")
    return str(Address(display_name=name, addr_spec=settings.DOLEANCES_FROM_ADDRESS))


def reply_to_address() -> str:
    """Where the customer's answer goes: the address mail intake reads (threaded back to the case
    by In-Reply-To and the reference in the subject)."""
    return settings.DOLEANCES_REPLY_TO or settings.DOLEANCES_FROM_ADDRESS


def _queue(case: CaseMail, template: str, *, at: datetime, in_reply_to: str = "", **extra) -> QueuedMail:
    language = case.customer.language or settings.LANGUAGE_CODE
    # Everything the customer reads, dates included, in the customer's language.
    with translation.override(language):
        context = _context(case, **extra)
        subject = render_to_string(f"messaging/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"messaging/email/{template}.txt", context)
    row = outbox.enqueue(
        "email",
        {
            "from": sender_for(language),
            "to": [case.customer.email],
            "subject": " ".join(subject.split()),
            "body": body,
            "reference": case.reference,
            "template": template,
            "reply_to": reply_to_address(),
            # Threading headers when this mail answers one of the customer's (mail intake).
            **({"in_reply_to": in_reply_to} if in_reply_to else {}),
        },
        at=at,
        complaint_reference=case.reference,
    )
    return QueuedMail(outbox_id=row.pk, message_id=message_id_for(row.pk, row.created_at))


def queue_acknowledgement(
    case: CaseMail, *, at: datetime, in_reply_to: str = "", refused_attachments: tuple[str, ...] = ()
) -> QueuedMail:
    return _queue(case, "acknowledgement", at=at, in_reply_to=in_reply_to, refused_attachments=list(refused_attachments))


def queue_refused_attachments_notice(
    case: CaseMail, *, at: datetime, in_reply_to: str, refused_attachments: tuple[str, ...]
) -> QueuedMail:
    """Tells the sender of a reply by mail which of its files were not kept (the text was)."""
    return _queue(case, "refused_attachments", at=at, in_reply_to=in_reply_to, refused_attachments=list(refused_attachments))


def queue_reply(case: CaseMail, *, body: str, at: datetime, in_reply_to: str = "") -> QueuedMail:
    """`in_reply_to`: the Message-ID of the customer's mail this reply answers (threading)."""
    return _queue(case, "reply", at=at, body=body, in_reply_to=in_reply_to)


def queue_written_record(
    case: CaseMail, *, at: datetime, words: str, restatement: str, received_at: datetime, channel: str | Promise
) -> QueuedMail:
    """The written record of a complaint made orally (issue 17; ACPR asks that the customer be
    invited to confirm it on a durable medium): what they said, how we understood it, and how to
    confirm or correct it. `channel`: how they told us, already in words."""
    language = case.customer.language or settings.LANGUAGE_CODE
    with translation.override(language):
        received_on = formats.date_format(localtime(received_at), "DATE_FORMAT")
    return _queue(
        case,
        "written_record",
        at=at,
        words=words,
        restatement=restatement,
        received_on=received_on,
        channel=channel,
    )


@dataclass(frozen=True)
class MailFile:
    """A file attached to a mail: a name in the default storage, as the case keeps it."""

    storage_name: str
    filename: str
    content_type: str


def subject_with_reference(subject: str, reference: str) -> str:
    subject = " ".join(subject.split())
    return subject if reference in subject else f"[{reference}] {subject}".strip()


def queue_letter(
    case: CaseMail,
    *,
    subject: str,
    body: str,
    template: str,
    at: datetime,
    in_reply_to: str = "",
    files: tuple[MailFile, ...] = (),
) -> QueuedMail:
    """A letter written from a response template (final answer, survey invitation...): the body is
    sent as it is, so that the PDF of the same letter says the same; the subject names the case."""
    language = case.customer.language or settings.LANGUAGE_CODE
    row = outbox.enqueue(
        "email",
        {
            "from": sender_for(language),
            "to": [case.customer.email],
            "subject": subject_with_reference(subject, case.reference),
            "body": body,
            "reference": case.reference,
            "template": template,
            "reply_to": reply_to_address(),
            "attachments": [
                {"storage_name": f.storage_name, "filename": f.filename, "content_type": f.content_type} for f in files
            ],
            **({"in_reply_to": in_reply_to} if in_reply_to else {}),
        },
        at=at,
        complaint_reference=case.reference,
    )
    return QueuedMail(outbox_id=row.pk, message_id=message_id_for(row.pk, row.created_at))


def format_date(moment: datetime) -> str:
    """A date as the reader's language writes it ("16 December 2026", "16 décembre 2026")."""
    return formats.date_format(localtime(moment), "DATE_FORMAT")


def queue_extension_letter(case: CaseMail, *, letter: str, new_due: datetime, reason: str, at: datetime) -> QueuedMail:
    """The holding reply or delay letter of a regulatory profile: the new date and its reason
    (issue 19; issue 20 makes the text editable and checks its mandatory content)."""
    return _queue(case, "extension_letter", at=at, letter=letter, new_due=new_due, reason=reason)


def queue_progress_report(case: CaseMail, *, next_contact: datetime, at: datetime) -> QueuedMail:
    """The automatic progress report before the answer deadline: the case is still being handled
    and the customer will hear from us by `next_contact`."""
    return _queue(case, "progress_report", at=at, next_contact=next_contact)

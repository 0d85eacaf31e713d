"""Sending one outbox email row through the configured Django email backend."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, get_connection

from doleances.messaging import headers

# RFC 3834: an automatic answer to a message is "auto-replied"; a person's reply is "no".
AUTOMATIC_TEMPLATES = frozenset({"acknowledgement", "refused_attachments"})
# Sent by the system on a schedule to the customer (the survey and its reminder).
SCHEDULED_TEMPLATES = frozenset({"survey_invitation", "survey_reminder"})
# Mail to staff written by the system (escalations, deadline warnings): RFC 3834 auto-generated.
GENERATED_TEMPLATES = frozenset({"staff_notification"})


def _auto_submitted(template: str | None) -> str:
    if template in AUTOMATIC_TEMPLATES:
        return "auto-replied"
    return "auto-generated" if template in GENERATED_TEMPLATES | SCHEDULED_TEMPLATES else "no"


def send_outbox_email(row) -> None:
    payload = row.payload
    threading = {}
    if payload.get("in_reply_to"):
        threading = {"In-Reply-To": payload["in_reply_to"], "References": payload["in_reply_to"]}
    email = EmailMessage(
        subject=payload["subject"],
        body=payload["body"],
        # Rows queued before the sender was chosen per language carry no "from".
        from_email=payload.get("from") or settings.DEFAULT_FROM_EMAIL,
        to=payload["to"],
        headers={
            "Message-ID": headers.message_id_for(row.pk, row.created_at),
            headers.REFERENCE: payload.get("reference", ""),
            "Auto-Submitted": _auto_submitted(payload.get("template")),
            **threading,
        },
        reply_to=[payload["reply_to"]] if payload.get("reply_to") else None,
        connection=get_connection(fail_silently=False),
    )
    for file in payload.get("attachments", []):
        with default_storage.open(file["storage_name"], "rb") as handle:
            email.attach(file["filename"], handle.read(), file["content_type"])
    if email.send() != 1:
        raise RuntimeError("the email backend did not accept the message")

"""Tell staff that something needs them: one in-app notification per recipient, and a mail.

Rows are written in the caller's transaction (an escalation and its notice commit together);
the mail goes through the outbox. `dedupe_key` makes a notice idempotent per recipient: the
deadline sweep and automatic escalation may run twice, on two workers, and notify once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise

from doleances.core import outbox
from doleances.messaging.emails import sender_for
from doleances.messaging.models import Notification


def notify(
    recipients: Iterable[AbstractBaseUser],
    *,
    kind: str,
    title: str | Promise,
    body: str | Promise = "",
    link: str = "",
    at: datetime,
    complaint_reference: str = "",
    dedupe_key: str | None = None,
    email: bool = True,
) -> list[Notification]:
    """Notify each active recipient once; returns the notifications written now (not the ones a
    previous call with the same `dedupe_key` already wrote). Lazy strings are rendered in the
    site's language (staff share one working language)."""
    written = []
    seen: set[int] = set()
    for user in recipients:
        if not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
            continue
        with translation.override(settings.LANGUAGE_CODE):
            note = Notification(
                recipient=user,
                kind=kind,
                title=str(title)[:200],
                body=str(body),
                link=link,
                complaint_reference=complaint_reference,
                dedupe_key=dedupe_key,
                created_at=at,
            )
            try:
                with transaction.atomic():  # a concurrent sweep wrote it first: the constraint says so
                    note.save()
            except IntegrityError:
                if dedupe_key:
                    continue
                raise
            address = getattr(user, "email", "")
            if email and address:
                note.outbox = _queue_mail(note, address, at=at)
                note.save(update_fields=["outbox"])
        written.append(note)
    return written


def _queue_mail(note: Notification, address: str, *, at: datetime):
    context = {"note": note, "url": settings.DOLEANCES_PUBLIC_URL.rstrip("/") + note.link if note.link else ""}
    body = render_to_string("messaging/email/staff_notification.txt", context)
    return outbox.enqueue(
        "email",
        {
            "from": sender_for(settings.LANGUAGE_CODE),
            "to": [address],
            "subject": " ".join(note.title.split()),
            "body": body,
            "reference": note.complaint_reference,
            "template": "staff_notification",
        },
        at=at,
        complaint_reference=note.complaint_reference,
    )


def unread_count(user: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: AbstractBaseUser, *, at: datetime, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones when `ids` is None)."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=at)

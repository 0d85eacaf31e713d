"""Mail about a staff account (a password-reset link). It is marked so that the "Sent mail" page,
which supervisors read, never shows it: a reset link read there would open someone else's account."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from doleances.messaging import headers


def send_account_mail(*, to: str, subject_template: str, body_template: str, context: dict) -> None:
    subject = " ".join(render_to_string(subject_template, context).split())
    body = render_to_string(body_template, context)
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={headers.KIND: headers.ACCOUNT},
    ).send()

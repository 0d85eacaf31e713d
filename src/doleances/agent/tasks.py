"""Background work of the staff UI."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from huey.contrib.djhuey import db_task

from doleances.agent.account_mail import send_account_mail


@db_task()
def send_password_reset_mail(user_id: int, *, language: str) -> None:
    """The token is made here, in the worker: the queue holds only the user's id."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(language):
        context = {
            "user": user,
            "organisation": settings.DOLEANCES_ORGANISATION,
            "reset_url": settings.DOLEANCES_PUBLIC_URL.rstrip("/") + reverse("agent:password_reset_confirm", args=[uid, token]),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        send_account_mail(
            to=user.email,
            subject_template="agent/signin/password_reset_subject.txt",
            body_template="agent/signin/password_reset_email.txt",
            context=context,
        )

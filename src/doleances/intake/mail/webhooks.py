"""Providers' inbound webhooks (django-anymail's views, with their signature checks): each message
posted goes through `receive_mail` like a polled one. A provider whose secret is not configured
has no webhook at all (404), rather than one open to anyone."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.webhooks.mailgun import MailgunInboundWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.views.decorators.csrf import csrf_exempt

from doleances.core import clock
from doleances.intake.mail.services import keep_unreadable, receive_mail
from doleances.intake.posts.signing import REPLAY_WINDOW_SECONDS

logger = logging.getLogger(__name__)


class InboundMailMixin:
    """Replaces anymail's signal with an explicit call: validate (signature, basic auth), unpack,
    receive each message. An authentic payload that cannot be unpacked is kept in quarantine and
    acknowledged (200): sent again, it would fail again."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.run_validators(request)  # AnymailWebhookValidationFailure: 400, nothing stored
        origin = f"webhook:{self.esp_name.lower()}"
        try:
            events = self.parse_events(request)
            messages = [raw_message(request, event) for event in events]
        except Exception as error:  # noqa: BLE001 - authentic but unreadable: quarantined, never a 500
            keep_unreadable(
                payload_bytes(request), origin=origin, reason="webhook_payload", detail=f"{type(error).__name__}: {error}"
            )
            return HttpResponse()
        for raw in messages:
            receive_mail(raw, origin=origin)
        return HttpResponse()


def payload_bytes(request: HttpRequest) -> bytes:
    """What was posted, as bytes to keep (a form post's body is gone once its fields are read)."""
    try:
        return request.body
    except RawPostDataException:
        return json.dumps(dict(request.POST.lists()), ensure_ascii=False).encode()


def raw_message(request: HttpRequest, event) -> bytes:
    """The message as the provider received it when it passes it on (Mailgun's body-mime,
    Postmark's RawEmail), else as anymail rebuilt it."""
    if "body-mime" in request.POST:
        return request.POST["body-mime"].encode("utf-8", "surrogateescape")
    if request.content_type == "application/json":
        payload = json.loads(request.body)
        if isinstance(payload, dict) and isinstance(payload.get("RawEmail"), str):
            return payload["RawEmail"].encode("utf-8", "surrogateescape")
    return event.message.as_bytes()


class MailgunMail(InboundMailMixin, MailgunInboundWebhookView):
    def validate_request(self, request: HttpRequest) -> None:
        """anymail checks the signature of the timestamp, not its age: an old signed post replayed
        later would pass (the message's unique key still stops a second complaint)."""
        super().validate_request(request)
        timestamp = request.POST.get("timestamp", "")
        if not timestamp and request.content_type == "application/json":
            try:
                timestamp = str(json.loads(request.body).get("signature", {}).get("timestamp", ""))
            except (ValueError, AttributeError):
                timestamp = ""
        try:
            age = abs(clock.now().timestamp() - float(timestamp))
        except ValueError:
            age = float("inf")
        if not age <= REPLAY_WINDOW_SECONDS:
            raise AnymailWebhookValidationFailure("Mailgun webhook timestamp missing or older than the replay window")


class PostmarkMail(InboundMailMixin, PostmarkInboundWebhookView):
    pass


PROVIDERS: dict[str, tuple[type, Callable[[], bool]]] = {
    # Mailgun signs each post with its webhook signing key (and basic auth is checked when set).
    "mailgun": (MailgunMail, lambda: bool(settings.ANYMAIL.get("MAILGUN_WEBHOOK_SIGNING_KEY"))),
    # Postmark's only proof is the basic-auth secret in the URL it calls.
    "postmark": (PostmarkMail, lambda: bool(settings.ANYMAIL.get("WEBHOOK_SECRET"))),
}


@csrf_exempt
def inbound_mail(request: HttpRequest, provider: str) -> HttpResponse:
    view_class, configured = PROVIDERS.get(provider, (None, lambda: False))
    if view_class is None or not configured():
        raise Http404
    return view_class.as_view()(request)

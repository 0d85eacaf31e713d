"""Providers' inbound webhooks: a signed post is received like a polled mail; a forged one stores
nothing; no payload ever gets a 500."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from doleances.complaints.models import Complaint
from doleances.intake.models import InboundMail, InboundStatus
from tests.intake.mail.builders import mail

SIGNING_KEY = "key-mailgun-test-0123456789"
SECRET = "provider:s3cret-basic-auth"


@pytest.fixture
def providers(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def basic_auth(secret: str = SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def mailgun_fields(raw: bytes, *, key: str = SIGNING_KEY, timestamp: str | None = None, token: str = "tok-1") -> dict:
    timestamp = timestamp or str(int(time.time()))
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "token": token,
        "timestamp": timestamp,
        "signature": signature,
        "recipient": "reclamations@doleances.localhost",
        "sender": "jeanne.martin@example.org",
        "body-mime": raw.decode(),
    }


@pytest.mark.django_db
def test_a_signed_mailgun_post_opens_a_complaint_once(providers):
    raw = mail(subject="Colis jamais livré")
    client = Client()
    for _ in range(2):  # the provider retries
        response = client.post("/inbound/email/mailgun/", mailgun_fields(raw), **basic_auth())
        assert response.status_code == 200
    (inbound,) = InboundMail.objects.all()
    assert (inbound.origin, inbound.status) == ("webhook:mailgun", InboundStatus.CREATED)
    with inbound.raw.open("rb") as stored:
        assert stored.read() == raw
    assert Complaint.objects.get().subject == "Colis jamais livré"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forgery",
    ["wrong_key", "altered_signature", "no_signature", "wrong_basic_auth", "no_basic_auth"],
)
def test_a_forged_mailgun_post_is_refused_and_stores_nothing(providers, forgery):
    fields = mailgun_fields(mail(), key="not-the-key" if forgery == "wrong_key" else SIGNING_KEY)
    auth = basic_auth()
    if forgery == "altered_signature":
        fields["signature"] = fields["signature"][:-1] + ("0" if fields["signature"][-1] != "0" else "1")
    elif forgery == "no_signature":
        del fields["signature"]
    elif forgery == "wrong_basic_auth":
        auth = basic_auth("provider:guess")
    elif forgery == "no_basic_auth":
        auth = {}
    response = Client().post("/inbound/email/mailgun/", fields, **auth)
    assert response.status_code == 400
    assert (InboundMail.objects.count(), Complaint.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_a_postmark_post_with_the_secret_is_received_and_without_it_refused(providers):
    payload = json.dumps({"RawEmail": mail(subject="Facture").decode(), "Headers": [], "FromFull": {"Email": "x@example.org"}})
    refused = Client().post("/inbound/email/postmark/", payload, content_type="application/json", **basic_auth("a:b"))
    assert (refused.status_code, InboundMail.objects.count()) == (400, 0)
    accepted = Client().post("/inbound/email/postmark/", payload, content_type="application/json", **basic_auth())
    assert accepted.status_code == 200
    assert InboundMail.objects.get().origin == "webhook:postmark"


@pytest.mark.django_db
def test_a_provider_without_its_secret_has_no_webhook(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "", "MAILGUN_WEBHOOK_SIGNING_KEY": ""}
    for provider in ("mailgun", "postmark", "unknown"):
        assert Client().post(f"/inbound/email/{provider}/", {"x": "y"}).status_code == 404


@pytest.mark.django_db
def test_an_authentic_payload_that_cannot_be_unpacked_is_quarantined_not_lost(providers):
    response = Client().post("/inbound/email/postmark/", "[1, 2", content_type="application/json", **basic_auth())
    assert response.status_code == 200
    inbound = InboundMail.objects.get()
    assert (inbound.status, inbound.reason) == (InboundStatus.QUARANTINED, "webhook_payload")


@pytest.mark.django_db
@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    extra=st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=50), max_size=5),
    body=st.binary(max_size=2000),
    keep_mime=st.booleans(),
)
def test_no_signed_mailgun_payload_gets_a_500_and_none_is_lost(providers, extra, body, keep_mime):
    fields = {**extra, **mailgun_fields(body.decode("utf-8", "replace").encode(), token=f"t{len(extra)}{len(body)}")}
    if not keep_mime:
        del fields["body-mime"]
    before = InboundMail.objects.count()
    response = Client(raise_request_exception=False).post("/inbound/email/mailgun/", fields, **basic_auth())
    assert response.status_code in (200, 400)
    if response.status_code == 200 and keep_mime:
        assert InboundMail.objects.count() >= before  # received, a duplicate of an earlier example, or quarantined

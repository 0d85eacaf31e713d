"""`POST /api/v1/inbound/<source>`: a signed post opens a complaint once; every refusal is
problem+json and stores nothing; no payload ever gets a 500 or is lost."""

from __future__ import annotations

import json
import time

import pytest
import time_machine
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.intake.models import InboundPost, WebhookSignature
from tests.fixtures.objects import make_team, make_user
from tests.intake.posts.conftest import post_signed, signed_headers

MESSAGE = {"conversation_id": "c-1001", "visitor": {"name": "Jeanne"}, "message": {"body": "Mon colis n'est jamais arrivé."}}


def nothing_stored() -> bool:
    return not (Complaint.objects.exists() or InboundPost.objects.exists() or WebhookSignature.objects.exists())


def test_a_signed_post_opens_a_chat_complaint_with_its_metadata(chat):
    response, _headers = post_signed(MESSAGE)

    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert response.json() == {"status": "created", "reference": complaint.reference, "channel": "chat", "truncated": False}
    assert (complaint.channel, complaint.description, complaint.customer.name) == (
        "chat",
        "Mon colis n'est jamais arrivé.",
        "Jeanne",
    )
    post = InboundPost.objects.get()
    assert (post.source, post.external_id, post.handle, post.origin) == (chat, "c-1001", "Jeanne", "webhook")
    assert ComplaintEvent.objects.filter(complaint=complaint, action="intake.post_received").count() == 1


def test_the_same_post_sent_again_with_a_new_signature_is_one_complaint(chat):
    first, _ = post_signed(MESSAGE)
    with time_machine.travel(time.time() + 2):
        second, _ = post_signed(MESSAGE)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["status"] == "duplicate"
    assert second.json()["reference"] == first.json()["reference"]
    assert Complaint.objects.count() == InboundPost.objects.count() == 1


def test_a_replay_of_the_same_signed_request_is_refused(chat):
    body = json.dumps(MESSAGE).encode()
    response, headers = post_signed(MESSAGE, body=body)
    replay = Client().post("/api/v1/inbound/chat", body, content_type="application/json", **headers)
    assert (response.status_code, replay.status_code) == (201, 409)
    assert replay["Content-Type"] == "application/problem+json"
    assert replay.json()["code"] == "replayed"
    assert WebhookSignature.objects.count() == 1


def problem_of(response) -> tuple[int, str, str]:
    assert response["Content-Type"] == "application/problem+json"
    return response.status_code, response.json()["code"], response.json()["type"]


def test_a_forged_signature_is_refused_and_stores_nothing(chat):
    response, _ = post_signed(MESSAGE, secret="not-the-secret")
    assert problem_of(response) == (401, "signature_invalid", "https://doleances.example/problems/signature-invalid")
    assert nothing_stored()


def test_an_old_timestamp_is_refused_and_stores_nothing(chat):
    response, _ = post_signed(MESSAGE, timestamp=int(time.time()) - 6 * 60)
    assert problem_of(response)[:2] == (401, "timestamp_expired")
    assert nothing_stored()


def test_a_post_without_signature_headers_is_refused(chat):
    response = Client().post("/api/v1/inbound/chat", MESSAGE, content_type="application/json")
    assert problem_of(response)[:2] == (401, "signature_missing")
    assert nothing_stored()


def test_an_unknown_source_is_a_404(chat):
    response, _ = post_signed(MESSAGE, source="nope")
    assert problem_of(response)[:2] == (404, "unknown_source")
    assert nothing_stored()


def test_an_inactive_source_is_a_404(chat):
    chat.is_active = False
    chat.save()
    response, _ = post_signed(MESSAGE)
    assert problem_of(response)[:2] == (404, "unknown_source")
    assert nothing_stored()


def test_a_source_whose_secret_variable_is_not_set_has_no_webhook(chat, monkeypatch):
    monkeypatch.delenv(chat.secret_variable)
    response, _ = post_signed(MESSAGE)
    assert problem_of(response)[:2] == (404, "unknown_source")


def test_a_source_without_a_secret_variable_has_no_webhook(reviews):
    response, _ = post_signed({"text": "Nul"}, source="avis")
    assert problem_of(response)[:2] == (404, "unknown_source")


def test_malformed_json_is_refused_and_stores_nothing(chat):
    response, _ = post_signed(None, body=b'{"message": ')
    assert problem_of(response)[:2] == (400, "malformed_json")
    assert nothing_stored()


def test_a_payload_without_text_is_refused_naming_the_field(chat):
    response, _ = post_signed({"conversation_id": "c-2"})
    assert problem_of(response)[:2] == (422, "text_missing")
    assert response.json()["errors"][0]["field"] == "text"
    assert nothing_stored()


def test_an_oversize_body_is_refused_before_it_is_read(chat, settings):
    settings.DOLEANCES_MAX_WEBHOOK_BYTES = 1024
    response, _ = post_signed({**MESSAGE, "message": {"body": "x" * 2000}})
    assert problem_of(response)[:2] == (413, "request_too_large")
    assert nothing_stored()


def test_a_get_is_refused_with_a_problem(chat):
    response = Client().get("/api/v1/inbound/chat")
    assert problem_of(response)[:2] == (405, "method_not_allowed")
    assert response["Allow"] == "POST"


def test_a_long_text_is_truncated_and_kept_whole_with_the_post(chat, settings):
    settings.DOLEANCES_MAX_DESCRIPTION_CHARS = 500
    text = "Très long récit. " * 100
    response, _ = post_signed({**MESSAGE, "message": {"body": text}})
    assert response.status_code == 201
    assert response.json()["truncated"] is True
    complaint = Complaint.objects.get()
    assert len(complaint.description) <= 500
    assert str(len(text.strip())) in complaint.description  # says how long the post was
    assert InboundPost.objects.get().full_text == text.strip()


def test_a_post_goes_to_the_sources_team(chat):
    chat.default_team = make_team("Réseaux sociaux")
    chat.save()
    post_signed(MESSAGE)
    assert Complaint.objects.get().team.name == "Réseaux sociaux"


def test_the_post_date_is_when_the_customer_complained(chat):
    chat.mapping = {**chat.mapping, "date": "sent_at"}
    chat.save()
    with time_machine.travel("2026-12-16 10:00:00Z"):
        post_signed({**MESSAGE, "sent_at": "2026-12-15T18:00:00Z"})
    assert Complaint.objects.get().received_at.isoformat() == "2026-12-15T18:00:00+00:00"


PAYLOADS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=16,
)


@pytest.mark.django_db
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.one_of(
        PAYLOADS,
        st.fixed_dictionaries(
            {"conversation_id": st.text(max_size=20), "message": st.fixed_dictionaries({"body": st.text(max_size=200)})}
        ),
    )
)
def test_any_payload_gets_an_answer_never_a_500_and_never_a_lost_post(chat, payload):
    before = InboundPost.objects.count()
    body = json.dumps(payload).encode()
    response = Client().post("/api/v1/inbound/chat", body, content_type="application/json", **signed_headers(body))
    assert response.status_code in {200, 201, 400, 409, 422}
    if response.status_code == 201:  # accepted: exactly one new post and its complaint
        assert InboundPost.objects.count() == before + 1
        assert InboundPost.objects.filter(complaint__reference=response.json()["reference"]).exists()
    elif response.status_code == 200:  # already received: findable
        assert InboundPost.objects.filter(complaint__reference=response.json()["reference"]).exists()
    else:  # refused: told, nothing stored
        assert response["Content-Type"] == "application/problem+json"
        assert InboundPost.objects.count() == before


@pytest.mark.django_db
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=300), timestamp=st.text(max_size=14), signature=st.text(max_size=80))
def test_any_bytes_and_headers_get_a_problem_never_a_500(chat, body, timestamp, signature):
    headers = {"HTTP_X_DOLEANCES_TIMESTAMP": timestamp, "HTTP_X_DOLEANCES_SIGNATURE": signature}
    try:
        response = Client().post("/api/v1/inbound/chat", body, content_type="application/json", **headers)
    except ValueError:
        return  # the test client itself refuses header values it cannot send (newlines)
    assert response.status_code == 401
    assert not InboundPost.objects.exists()


def test_the_case_page_shows_the_channel_and_the_public_address(chat, client):
    chat.mapping = {**chat.mapping, "url": "link"}
    chat.save()
    post_signed({**MESSAGE, "link": "https://chat.example/c/1001"})
    complaint = Complaint.objects.get()
    client.force_login(make_user("administrator"))
    page = client.get(f"/agent/complaints/{complaint.reference}/").content.decode()
    assert 'data-testid="post-origin"' in page
    assert 'href="https://chat.example/c/1001"' in page
    assert "Chat du site" in page

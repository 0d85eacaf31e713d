from __future__ import annotations

import json
import time

import pytest
from django.test import Client

from doleances.intake.models import PostChannel, PostSource
from doleances.intake.posts.signing import signature_for

SECRET = "chat-signing-secret-0123456789"
VARIABLE = "DOLEANCES_TEST_WEBHOOK_SECRET_CHAT"


@pytest.fixture
def chat(db, monkeypatch) -> PostSource:
    monkeypatch.setenv(VARIABLE, SECRET)
    return PostSource.objects.create(
        name="chat",
        label="Chat du site",
        channel=PostChannel.CHAT,
        secret_variable=VARIABLE,
        mapping={"text": "message.body", "handle": "visitor.name", "external_id": "conversation_id"},
    )


@pytest.fixture
def reviews(db) -> PostSource:
    return PostSource.objects.create(name="avis", label="Avis Google", channel=PostChannel.REVIEW)


def signed_headers(body: bytes, *, secret: str = SECRET, timestamp: int | None = None) -> dict:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"HTTP_X_DOLEANCES_TIMESTAMP": stamp, "HTTP_X_DOLEANCES_SIGNATURE": "sha256=" + signature_for(secret, stamp, body)}


def post_signed(payload, *, source: str = "chat", body: bytes | None = None, **options):
    body = json.dumps(payload).encode() if body is None else body
    headers = signed_headers(body, **options)
    return Client().post(f"/api/v1/inbound/{source}", body, content_type="application/json", **headers), headers

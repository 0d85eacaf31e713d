"""Bearer API keys: unknown, revoked, expired or missing keys get a 401 problem and nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from doleances.api.keys import hash_key, revoke_api_key
from doleances.api.models import ApiKey
from doleances.core import clock
from tests.api.conftest import JsonClient, complaint_body, make_api_key

URL = "/api/v1/complaints"


def _assert_401(response, type_slug: str) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    problem = response.json()
    assert problem["type"] == f"https://doleances.example/problems/{type_slug}"
    assert problem["status"] == 401


def test_no_key_is_401_with_www_authenticate(anonymous, assert_nothing_written):
    _assert_401(anonymous.post(URL, complaint_body()), "not-authenticated")
    _assert_401(anonymous.get(URL), "not-authenticated")
    assert_nothing_written()


@pytest.mark.parametrize(
    "authorization",
    ["Bearer dol_wrong", "Bearer", "Bearer a b", "bearer dol_" + "x" * 40],
)
def test_a_wrong_or_malformed_key_is_401(db, authorization, assert_nothing_written):
    client = JsonClient(None)
    response = client.post(URL, complaint_body(), Authorization=authorization)

    _assert_401(response, "invalid-api-key")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert_nothing_written()


def test_another_scheme_is_not_authenticated(db):
    _assert_401(JsonClient(None).get(URL, Authorization="Basic dXNlcjpwYXNz"), "not-authenticated")


def test_a_revoked_key_is_401(api, api_key, assert_nothing_written):
    revoke_api_key(api_key[0])

    response = api.post(URL, complaint_body())

    _assert_401(response, "invalid-api-key")
    assert "revoked" in response.json()["detail"] or "révoquée" in response.json()["detail"]
    assert_nothing_written()


def test_an_expired_key_is_401(team, assert_nothing_written):
    _, secret = make_api_key(team, expires_at=clock.now() + timedelta(days=1))
    client = JsonClient(secret)
    assert client.get(URL).status_code == 200

    with time_machine.travel(clock.now() + timedelta(days=1, seconds=1)):
        response = client.post(URL, complaint_body())

    _assert_401(response, "invalid-api-key")
    assert_nothing_written()


def test_an_inactive_service_user_is_refused(api, api_key):
    api_key[0].user.is_active = False
    api_key[0].user.save()

    _assert_401(api.get(URL), "invalid-api-key")


def test_only_the_hash_of_the_key_is_stored(api_key):
    stored, secret = api_key
    stored.refresh_from_db()

    assert secret.startswith("dol_")
    assert len(secret) == 44
    assert stored.prefix == secret[:8]
    assert stored.key_hash == hash_key(secret)
    row = ApiKey.objects.filter(pk=stored.pk).values().get()
    assert secret not in {str(value) for value in row.values()}


def test_last_used_at_is_written_at_most_once_a_minute(api, api_key):
    start = clock.now()
    with time_machine.travel(start, tick=False):
        api.get(URL)
    api_key[0].refresh_from_db()
    assert api_key[0].last_used_at == start

    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        api.get(URL)
    api_key[0].refresh_from_db()
    assert api_key[0].last_used_at == start

    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        api.get(URL)
    api_key[0].refresh_from_db()
    assert api_key[0].last_used_at == start + timedelta(seconds=61)

"""Idempotency-Key: a retried creation never makes a second complaint, even under concurrent
retries or when the first answer was lost after the commit."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from rest_framework.renderers import JSONRenderer

from doleances.api.idempotency import KEEP, purge_expired
from doleances.api.models import IdempotencyRecord
from doleances.api.tasks import purge_idempotency_keys
from doleances.complaints.models import Complaint
from doleances.core import clock
from doleances.core.models import OutboxMessage
from tests.api.conftest import JsonClient, complaint_body, make_api_key

URL = "/api/v1/complaints"


def test_keys_are_forgotten_after_a_week_and_their_complaints_stay(api):
    api.post(URL, complaint_body(), **{"Idempotency-Key": "old"})
    api.post(URL, complaint_body(subject="Another"), **{"Idempotency-Key": "recent"})
    now = clock.now()
    IdempotencyRecord.objects.filter(key="old").update(created_at=now - KEEP - timedelta(minutes=1))

    assert purge_expired(at=now) == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["recent"]
    assert Complaint.objects.count() == 2
    # Past the week, the same key is a new request: the client was told how long keys live.
    assert api.post(URL, complaint_body(), **{"Idempotency-Key": "old"}).status_code == 201
    assert purge_idempotency_keys.call_local() == 0


def test_the_same_key_and_body_replays_the_first_answer(api):
    first = api.post(URL, complaint_body(), **{"Idempotency-Key": "order-4512"})
    again = api.post(URL, complaint_body(), **{"Idempotency-Key": "order-4512"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.content == first.content
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Complaint.objects.count() == IdempotencyRecord.objects.count() == 1


def test_the_replay_is_the_first_answer_even_after_the_complaint_moved_on(api):
    first = api.post(URL, complaint_body(), **{"Idempotency-Key": "k1"})
    Complaint.objects.update(status="in_progress")

    assert api.post(URL, complaint_body(), **{"Idempotency-Key": "k1"}).json() == first.json()


def test_key_order_and_spacing_of_the_body_do_not_matter(api):
    api.post(URL, complaint_body(), **{"Idempotency-Key": "k1"})
    reordered = dict(reversed(list(complaint_body().items())))

    assert api.post(URL, reordered, **{"Idempotency-Key": "k1"}).status_code == 200


def test_the_same_key_with_another_body_is_a_409(api, assert_nothing_written):
    api.post(URL, complaint_body(), **{"Idempotency-Key": "k1"})
    assert_written = Complaint.objects.count()

    response = api.post(URL, complaint_body(subject="Autre chose"), **{"Idempotency-Key": "k1"})

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "https://doleances.example/problems/idempotency-key-reused"
    assert Complaint.objects.count() == assert_written == 1


def test_keys_are_scoped_to_the_api_key(api, team):
    other = JsonClient(make_api_key(team)[1])

    first = api.post(URL, complaint_body(), **{"Idempotency-Key": "k1"})
    second = other.post(URL, complaint_body(), **{"Idempotency-Key": "k1"})

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["reference"] != second.json()["reference"]


def test_a_refused_body_does_not_use_up_the_key(api, assert_nothing_written):
    refused = api.post(URL, complaint_body(customer={"name": "J", "email": "bad"}), **{"Idempotency-Key": "k1"})
    assert refused.status_code == 400
    assert_nothing_written()

    assert api.post(URL, complaint_body(), **{"Idempotency-Key": "k1"}).status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 256, "clé-ünicode"])
def test_an_invalid_idempotency_key_is_a_400(api, assert_nothing_written, key):
    response = api.post(URL, complaint_body(), **{"Idempotency-Key": key})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["Idempotency-Key"]
    assert_nothing_written()


@pytest.mark.django_db(transaction=True)
def test_an_answer_lost_after_the_commit_is_replayed_on_retry(api, monkeypatch):
    """The process dies between commit and answer: simulated by a renderer that fails once."""
    real_render = JSONRenderer.render

    def crash(*args, **kwargs):
        raise ConnectionResetError("killed before answering")

    monkeypatch.setattr(JSONRenderer, "render", crash)
    with pytest.raises(ConnectionResetError):
        api.post(URL, complaint_body(), **{"Idempotency-Key": "lost"})
    monkeypatch.setattr(JSONRenderer, "render", real_render)
    committed = Complaint.objects.get()  # committed although nobody heard of it

    retry = api.post(URL, complaint_body(), **{"Idempotency-Key": "lost"})

    assert retry.status_code == 200
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json()["reference"] == committed.reference
    assert Complaint.objects.count() == 1
    assert OutboxMessage.objects.filter(complaint_reference=committed.reference).count() == 1  # acknowledged once


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_retries_make_exactly_one_complaint(api):
    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory test database of SQLite (shared cache) refuses concurrent writers outright; "
            "test_idempotency_server.py runs this storm against a real server on an SQLite file"
        )
    barrier = threading.Barrier(50)
    answers: list[tuple[int, str, str | None]] = []
    errors: list[BaseException] = []

    def retry() -> None:
        try:
            barrier.wait()
            response = api.post(URL, complaint_body(), **{"Idempotency-Key": "storm"})
            answers.append((response.status_code, response.json().get("reference"), response.get("Idempotent-Replayed")))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    complaint = Complaint.objects.get()
    assert sorted(status for status, _, _ in answers) == [200] * 49 + [201]
    assert {reference for _, reference, _ in answers} == {complaint.reference}
    assert IdempotencyRecord.objects.count() == 1
    assert OutboxMessage.objects.count() == 1

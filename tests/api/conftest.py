"""API test helpers: keys, an authenticated JSON client, counts of what a request may write."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from doleances.api.keys import create_api_key
from doleances.api.models import ApiKey, IdempotencyRecord
from doleances.complaints import roles
from doleances.complaints.models import Complaint, Customer, Team
from doleances.core.models import OutboxMessage

_names = itertools.count(1)


def make_api_key(*teams: Team, name: str | None = None, expires_at: datetime | None = None) -> tuple[ApiKey, str]:
    Group.objects.get_or_create(name=roles.AGENT)  # flushed by transactional tests, made by a data migration
    created = create_api_key(name=name or f"integration-{next(_names)}", teams=teams, expires_at=expires_at)
    return created.api_key, created.secret


class JsonClient:
    """Django's test client speaking JSON with a Bearer key."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, data: dict | None = None, **headers):
        return self.client.get(path, data, headers={**self.headers, **headers})

    def post(self, path: str, data=None, *, content_type: str = "application/json", **headers):
        return self.client.post(path, data, content_type=content_type, headers={**self.headers, **headers})

    def generic(self, method: str, path: str, body: str | bytes = "", *, content_type: str = "application/json", **headers):
        return self.client.generic(method, path, body, content_type=content_type, headers={**self.headers, **headers})


def complaint_body(**overrides) -> dict:
    body = {
        "customer": {"name": "Jeanne Martin", "email": "jeanne.martin@example.org", "phone": "+33 6 12 34 56 78"},
        "kind": "claim",
        "subject": "Colis jamais livré",
        "description": "Commande 4512 payée le 2 mars, jamais reçue.",
        "remedy_sought": "Remboursement",
        "claimed_amount": "49.90",
        "order_reference": "CMD-4512",
    }
    body.update(overrides)
    return body


def written_rows() -> dict[str, int]:
    """What a refused request must leave untouched."""
    return {
        "complaints": Complaint.objects.count(),
        "customers": Customer.objects.count(),
        "outbox": OutboxMessage.objects.count(),
        "idempotency": IdempotencyRecord.objects.count(),
    }


@pytest.fixture
def api_key(team) -> tuple[ApiKey, str]:
    return make_api_key(team, name="crm")


@pytest.fixture
def api(api_key) -> JsonClient:
    return JsonClient(api_key[1])


@pytest.fixture
def anonymous() -> JsonClient:
    return JsonClient(None)


@pytest.fixture
def assert_nothing_written(db) -> Callable[[], None]:
    before = written_rows()

    def check() -> None:
        assert written_rows() == before

    return check

"""Schemathesis against the whole WSGI application: every generated request, valid or not, gets an
answer its OpenAPI schema describes (status, content type, headers, body), never a 5xx, and a
request that breaks the schema is refused.

Bounded and derandomised so CI sees the same few hundred cases every run; the much larger run
is `bench/api_fuzz.py`.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils.connection import ConnectionProxy
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from doleances.api.openapi import EXAMPLE_REFERENCE
from doleances.complaints.models import Complaint
from tests.api.conftest import make_api_key
from tests.fixtures.objects import make_complaint

# Where the API's rate limit counts. Named here, not in the test: derandomize seeds the examples
# with the test's source, and a change there would draw other cases.
cache = ConnectionProxy(caches, "counters")

CHECKED = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
]


# Loaded at import from the running application (the schema view needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def connection_kept_between_requests():
    """As with Django's test client: the end of a request must not close the connection that holds
    the test's transaction (PostgreSQL would lose every row the test made)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def secret(team, connection_kept_between_requests) -> str:
    example = make_complaint(team=team)  # the documented example reference exists
    Complaint.objects.filter(pk=example.pk).update(reference=EXAMPLE_REFERENCE)
    return make_api_key(team, name="schemathesis")[1]


@schema.parametrize()
@settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_generated_request_gets_an_answer_the_schema_describes(case, secret):
    cache.clear()  # each case starts under the rate limit, so the run reaches past the 429s
    case.call_and_validate(
        headers={"Authorization": f"Bearer {secret}"},
        checks=[CHECKS.get_one(name) for name in CHECKED],
    )

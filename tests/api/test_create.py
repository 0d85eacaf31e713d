"""POST /api/v1/complaints: one door into receive_complaint, 201 with what the integration needs."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from doleances.complaints.enums import Channel, Kind, Status
from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.core import clock
from doleances.core.models import OutboxMessage
from tests.api.conftest import JsonClient, complaint_body, make_api_key
from tests.fixtures.objects import make_team

URL = "/api/v1/complaints"


def test_create_answers_201_with_reference_due_dates_portal_link_and_location(api, team):
    response = api.post(URL, complaint_body())

    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get()
    body = response.json()
    assert body["reference"] == complaint.reference
    assert body["status"] == Status.ACKNOWLEDGED
    assert set(body["due_dates"]) == {"acknowledgement", "answer", "response"}
    assert body["portal_url"].endswith(f"/track/{complaint.portal_token}/")
    assert body["created_at"]
    assert response["Location"] == f"http://testserver/api/v1/complaints/{complaint.reference}"
    assert response["Content-Type"] == "application/json"


def test_create_stores_the_complaint_for_the_key_team_through_the_intake_service(api, api_key, team):
    api.post(URL, complaint_body(received_at="2026-03-02T09:30:00+01:00"))

    complaint = Complaint.objects.select_related("customer").get()
    assert (complaint.team, complaint.channel, complaint.kind) == (team, Channel.API, Kind.CLAIM)
    assert complaint.claimed_amount == Decimal("49.90")
    assert complaint.received_at.isoformat() == "2026-03-02T08:30:00+00:00"
    assert complaint.customer.phone == "+33612345678"  # normalised by the service
    received = ComplaintEvent.objects.get(complaint=complaint, action="complaint.received")
    assert received.actor == api_key[0].user
    assert OutboxMessage.objects.filter(complaint_reference=complaint.reference).count() == 1  # acknowledgement


def test_amount_may_be_a_json_number_and_language_defaults_to_the_customer(api):
    body = complaint_body(claimed_amount=12.5)
    body["customer"]["language"] = "en"
    assert api.post(URL, body).status_code == 201
    complaint = Complaint.objects.get()
    assert (complaint.claimed_amount, complaint.language) == (Decimal("12.50"), "en")


def test_a_key_with_several_teams_chooses_one_of_its_own(db):
    north, south, other = make_team("Nord"), make_team("Sud"), make_team("Autre")
    client = JsonClient(make_api_key(north, south)[1])

    assert client.post(URL, complaint_body()).status_code == 201
    assert client.post(URL, complaint_body(team=south.pk)).status_code == 201
    refused = client.post(URL, complaint_body(team=other.pk))

    assert list(Complaint.objects.order_by("pk").values_list("team", flat=True)) == [None, south.pk]
    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["team"]


# --- Bad input: a clear problem+json naming the field, and nothing written -------------------


def _errors(response) -> list[tuple[str, str]]:
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "https://doleances.example/problems/validation-error"
    assert problem["status"] == response.status_code == 400
    assert problem["title"]
    assert problem["detail"]
    return [(error["field"], error["code"]) for error in problem["errors"]]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"subject": 42}, [("subject", "invalid")]),
        ({"claimed_amount": "abc"}, [("claimed_amount", "invalid")]),
        ({"claimed_amount": "1.234"}, [("claimed_amount", "max_decimal_places")]),
        ({"claimed_amount": "-5"}, [("claimed_amount", "invalid_amount")]),
        ({"kind": "rant"}, [("kind", "invalid_choice")]),
        ({"received_at": "2026-03-02T09:30:00"}, [("received_at", "offset_required")]),
        ({"received_at": "yesterday"}, [("received_at", "invalid")]),
        ({"customer": "Jeanne"}, [("customer", "invalid")]),
        ({"description": "x" * (2 * 1024 * 1024)}, [("description", "too_long")]),
        ({"subject": "  "}, [("subject", "required")]),
        ({"priority": "high", "colour": "red"}, [("colour", "unknown_field"), ("priority", "unknown_field")]),
    ],
)
def test_bad_fields_are_named_and_nothing_is_written(api, assert_nothing_written, overrides, expected):
    response = api.post(URL, complaint_body(**overrides))

    assert _errors(response) == expected
    assert_nothing_written()


@pytest.mark.parametrize(
    ("customer", "expected"),
    [
        ({"name": "Jeanne", "email": "jeanne@"}, [("customer.email", "invalid_email")]),
        ({"name": "Jeanne", "phone": "12"}, [("customer.phone", "invalid_phone")]),
        ({"name": "", "email": "jeanne@example.org"}, [("customer.name", "required")]),
        ({"email": "jeanne@example.org"}, [("customer.name", "required")]),
        ({"name": "Jeanne", "vip": True}, [("customer.vip", "unknown_field")]),
        (
            {"name": "Jeanne", "email": "jeanne@", "phone": "12"},
            [("customer.email", "invalid_email"), ("customer.phone", "invalid_phone")],
        ),
    ],
)
def test_bad_customer_fields_are_named_with_their_path(api, assert_nothing_written, customer, expected):
    response = api.post(URL, complaint_body(customer=customer))

    assert _errors(response) == expected
    assert_nothing_written()


def test_received_in_the_future_is_refused(api, assert_nothing_written):
    tomorrow = (clock.now() + timedelta(days=1)).isoformat()

    assert _errors(api.post(URL, complaint_body(received_at=tomorrow))) == [("received_at", "received_in_future")]
    assert_nothing_written()


def test_several_shape_errors_are_reported_together(api, assert_nothing_written):
    response = api.post(URL, {"customer": {"name": 1}, "subject": 2})

    assert _errors(response) == [("customer.name", "invalid"), ("subject", "invalid"), ("description", "required")]
    assert_nothing_written()


def test_malformed_json_is_a_400_problem(api, assert_nothing_written):
    response = api.post(URL, '{"customer": {"name": "Jeanne"', content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "https://doleances.example/problems/malformed-request"
    assert_nothing_written()


def test_a_json_array_is_not_a_complaint(api, assert_nothing_written):
    assert _errors(api.post(URL, [1, 2])) == [(None, "invalid")]
    assert_nothing_written()


def test_text_plain_is_415(api, assert_nothing_written):
    response = api.post(URL, "Ma réclamation", content_type="text/plain")

    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "https://doleances.example/problems/unsupported-media-type"
    assert_nothing_written()


def test_a_body_over_the_upload_limit_is_413(api, assert_nothing_written, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    response = api.post(URL, complaint_body(description="x" * 2000))

    assert response.status_code == 413
    assert response.json()["type"] == "https://doleances.example/problems/request-too-large"
    assert_nothing_written()


def test_the_description_limit_is_the_setting(api, assert_nothing_written, settings):
    settings.DOLEANCES_MAX_DESCRIPTION_CHARS = 40

    refused = api.post(URL, complaint_body(description="x" * 41))
    assert _errors(refused) == [("description", "too_long")]
    assert_nothing_written()
    assert api.post(URL, complaint_body(description="x" * 40)).status_code == 201

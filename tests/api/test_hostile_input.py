"""Input that used to answer an HTML 500: every one is now a problem+json 400 naming what is wrong."""

from __future__ import annotations

import base64

import pytest

from doleances.complaints.models import Complaint
from tests.api.conftest import complaint_body
from tests.fixtures.objects import make_complaint

URL = "/api/v1/complaints"
PROBLEM = "application/problem+json"


def _fields(response) -> list[tuple[str | None, str]]:
    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM), response.content
    return [(error["field"], error["code"]) for error in response.json()["errors"]]


def _cursor(querystring: str) -> str:
    return base64.b64encode(querystring.encode()).decode()


@pytest.mark.parametrize("team_id", [2**63, 10**30, 0, -1])
def test_a_team_filter_outside_the_database_range_is_400(api, team_id):
    assert _fields(api.get(URL, {"team": team_id})) == [("team", "max_value" if team_id > 0 else "min_value")]


def test_the_largest_team_id_the_database_holds_matches_nothing(api, complaint):
    response = api.get(URL, {"team": 2**63 - 1})

    assert (response.status_code, response.json()["results"]) == (200, [])


def test_a_team_in_the_body_outside_the_database_range_is_400(api, assert_nothing_written):
    assert _fields(api.post(URL, complaint_body(team=2**63))) == [("team", "max_value")]
    assert_nothing_written()


def test_a_hundred_thousand_nested_brackets_are_a_400_not_a_recursion_error(api, assert_nothing_written):
    response = api.post(URL, "[" * 100_000 + "]" * 100_000)

    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)
    assert response.json()["type"] == "https://doleances.example/problems/malformed-request"
    assert "32" in response.json()["detail"]
    assert_nothing_written()


def test_nesting_is_counted_outside_strings_only(api):
    body = complaint_body(description="[[[[" * 100 + "{{{{" * 100)

    assert api.post(URL, body).status_code == 201


@pytest.mark.parametrize("text", ['"Jeanne \\ud800 Martin"', '"Jeanne\\u0000Martin"', '"\\udfff"'])
def test_a_lone_surrogate_or_a_nul_in_a_string_is_a_400_naming_the_field(api, assert_nothing_written, text):
    raw = '{"customer": {"name": NAME}, "subject": "Colis", "description": "Jamais reçu."}'.replace("NAME", text)

    response = api.post(URL, raw)

    assert _fields(response) == [("customer.name", "unstorable_characters")]
    assert_nothing_written()


def test_a_lone_surrogate_in_a_field_name_is_a_400_naming_it_readably(api, assert_nothing_written):
    raw = '{"customer": {"name": "Jeanne", "\\ud800x": 1}, "subject": "Colis", "description": "Jamais reçu."}'

    assert _fields(api.post(URL, raw)) == [("customer.\\ud800x", "unstorable_characters")]
    assert_nothing_written()


def test_an_escaped_surrogate_pair_is_ordinary_text(api):
    raw = '{"customer": {"name": "Jeanne \\ud83d\\ude00"}, "subject": "Colis", "description": "Jamais reçu."}'

    assert api.post(URL, raw).status_code == 201
    assert Complaint.objects.get().customer.name == "Jeanne \N{GRINNING FACE}"


@pytest.mark.parametrize("parameter", ["status", "team", "updated_since", "cursor", "page_size"])
def test_an_empty_query_parameter_is_refused_by_name(api, parameter):
    assert _fields(api.get(f"{URL}?{parameter}=")) == [(parameter, "blank")]


@pytest.mark.parametrize(("page_size", "code"), [(0, "min_value"), (201, "max_value"), ("lots", "invalid")])
def test_a_page_size_out_of_range_is_refused_rather_than_clamped(api, page_size, code):
    assert _fields(api.get(URL, {"page_size": page_size})) == [("page_size", code)]


@pytest.mark.parametrize(
    "cursor",
    [_cursor("p=not-a-date"), _cursor("p=2026-03-01 09:30:00"), _cursor("o=x"), "é"],
)
def test_a_cursor_that_does_not_decode_to_a_position_is_a_400_naming_it(api, complaint, cursor):
    assert _fields(api.get(URL, {"cursor": cursor})) == [("cursor", "invalid")]


def test_a_cursor_from_a_next_link_still_works(api, team):
    made = {make_complaint(team=team).reference for _ in range(3)}
    first = api.get(URL, {"page_size": 2}).json()
    second = api.get(first["next"]).json()

    assert {c["reference"] for c in first["results"] + second["results"]} == made


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "2026-02-30T00:00:00Z"])
def test_an_updated_since_outside_what_can_be_stored_is_400(api, since):
    assert _fields(api.get(URL, {"updated_since": since})) == [("updated_since", "invalid")]


def test_an_updated_since_without_offset_is_refused_like_received_at(api):
    assert _fields(api.get(URL, {"updated_since": "2026-03-01T09:30:00"})) == [("updated_since", "offset_required")]


def test_a_received_at_before_year_one_in_utc_is_400(api, assert_nothing_written):
    response = api.post(URL, complaint_body(received_at="0001-01-01T00:00:00+01:00"))

    assert _fields(response) == [("received_at", "invalid")]
    assert_nothing_written()

"""The API's deadlines (issue 19): the regulatory profile chosen at creation, every due date with
its offset, the profile and calendar used; bad profiles and dates of receipt refused."""

from __future__ import annotations

from doleances.complaints.models import Complaint
from tests.api.conftest import complaint_body
from tests.api.test_create import _errors

URL = "/api/v1/complaints"


def test_a_complaint_created_under_fr_acpr_has_its_regulatory_due_dates(api, team):
    response = api.post(URL, complaint_body(received_at="2025-12-31T10:00:00+01:00", regulatory_profile="fr-acpr"))
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get()
    assert complaint.regulatory_profile == "fr-acpr"
    detail = api.get(f"{URL}/{complaint.reference}").json()
    assert detail["regulatory_profile"] == "fr-acpr"
    assert detail["calendar"]["regulatory"] == {"country": "FR", "subdivision": None, "time_zone": "Europe/Paris"}
    assert detail["calendar"]["service"]
    due = detail["due_dates"]
    # Two months from 31 December: 28 February 2026 is a Saturday, so Monday 2 March.
    assert due["answer"] == "2026-03-02T23:59:59+01:00"
    assert due["acknowledgement"] == "2026-01-05T23:59:59+01:00"  # 1 January off
    assert "answer_extended" not in due
    assert "summary_resolution" not in due


def test_uk_fca_disp_lists_the_summary_resolution_deadline(api, team):
    api.post(URL, complaint_body(received_at="2025-12-23T15:00:00+00:00", regulatory_profile="uk-fca-disp"))
    listed = api.get(URL).json()["results"][0]
    assert listed["regulatory_profile"] == "uk-fca-disp"
    assert listed["due_dates"]["summary_resolution"] == "2025-12-31T00:59:59+01:00"  # 30 Dec, 23:59:59 London
    assert listed["calendar"]["regulatory"]["time_zone"] == "Europe/London"


def test_without_a_profile_the_organisation_default_is_told(api, team):
    api.post(URL, complaint_body())
    assert api.get(URL).json()["results"][0]["regulatory_profile"] == "iso-10002"


def test_an_unknown_profile_is_a_400_naming_the_valid_ones(api, assert_nothing_written):
    response = api.post(URL, complaint_body(regulatory_profile="fr-amf"))
    assert _errors(response) == [("regulatory_profile", "unknown_regulatory_profile")]
    message = response.json()["errors"][0]["message"]
    for valid in ("iso-10002", "fr-acpr", "fr-payment-services", "uk-fca-disp", "uk-fca-disp-payments", "us-cfpb"):
        assert valid in message
    assert_nothing_written()


def test_a_date_of_receipt_before_1990_is_refused(api, assert_nothing_written):
    response = api.post(URL, complaint_body(received_at="1989-12-31T23:00:00+00:00"))
    assert _errors(response) == [("received_at", "received_too_early")]
    assert_nothing_written()

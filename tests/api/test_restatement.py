"""POST /api/v1/complaints accepts the restatement of whoever took the complaint (issue 17), and
refuses the bad dates of receipt the assisted screen refuses."""

from __future__ import annotations

from doleances.complaints.models import Complaint
from tests.api.conftest import complaint_body

URL = "/api/v1/complaints"


def test_the_restatement_is_stored_and_read_back(api):
    response = api.post(URL, complaint_body(channel="phone", restatement="Double prélèvement de novembre."))
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.restatement) == ("phone", "Double prélèvement de novembre.")
    assert complaint.restatement_confirmed_at is None  # only a person who heard the customer confirms
    detail = api.get(f"{URL}/{complaint.reference}").json()
    assert detail["restatement"] == "Double prélèvement de novembre."


def test_without_a_restatement_nothing_changes(api):
    assert api.post(URL, complaint_body()).status_code == 201
    assert Complaint.objects.get().restatement == ""


def test_a_date_of_receipt_before_1990_is_refused_with_a_clear_problem(api):
    response = api.post(URL, complaint_body(received_at="1026-12-19T10:00:00+01:00"))
    assert response.status_code == 400
    assert Complaint.objects.count() == 0
    assert "1990" in response.content.decode()


def test_a_restatement_that_is_not_text_is_refused(api):
    assert api.post(URL, complaint_body(restatement=["x"])).status_code == 400
    assert Complaint.objects.count() == 0

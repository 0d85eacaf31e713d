"""A flood of complaints from one address is refused with a clear page that keeps the text."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import time_machine
from django.test import override_settings

from doleances.complaints.models import Complaint
from tests.portal.helpers import NOTHING, row_counts


@override_settings(PUBLIC_FORM_RATE="2/h")
def test_the_third_complaint_in_an_hour_from_one_address_is_refused_and_keeps_the_text(client, db, form_data):
    for n in range(2):
        response = client.post("/", {**form_data, "form_nonce": f"n{n}", "email": f"client{n}@example.org"})
        assert response.status_code == 302

    refused = client.post(
        "/",
        {**form_data, "form_nonce": "n3", "subject": "Troisième envoi", "email": "client3@example.org"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Too many complaints were sent from this connection recently" in html
    assert 'value="Troisième envoi"' in html  # nothing typed is lost
    assert Complaint.objects.count() == 2
    # Another address is not affected.
    other = client.post("/", {**form_data, "form_nonce": "n4"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302
    assert Complaint.objects.count() == 3


@override_settings(PUBLIC_FORM_RATE="1/h")
def test_the_refusal_says_when_to_try_again_in_a_retry_after_header(client, db, form_data):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        client.post("/", {**form_data, "form_nonce": "n1"})
        refused = client.post("/", {**form_data, "form_nonce": "n2"}, HTTP_ACCEPT_LANGUAGE="en")

    wait = int(refused["Retry-After"])
    assert refused.status_code == 429
    assert 1 <= wait <= 3600
    minutes = math.ceil(wait / 60)
    unit = "minute" if minutes == 1 else "minutes"
    assert refused.context["form"].non_field_errors() == [
        "Too many complaints were sent from this connection recently. Your text is kept below: "
        f"please send it again in {minutes} {unit}."
    ]


def test_a_robot_filling_the_hidden_field_is_dropped_silently(client, db, form_data, caplog):
    response = client.post("/", {**form_data, "website": "http://cheap-pills.example"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Your request has been sent" in response.content.decode()
    assert row_counts() == NOTHING
    assert [r.getMessage() for r in caplog.records if r.name == "doleances.portal.views"] == [
        "Public form: honeypot field filled, submission dropped (address 127.0.0.1)"
    ]


def test_the_hidden_field_is_out_of_reach_of_people_and_assistive_technology(client, db):
    html = client.get("/").content.decode()

    trap = html[html.index('<div class="trap"') : html.index("</div>", html.index('<div class="trap"'))]
    assert 'aria-hidden="true"' in trap
    assert '<input type="text" name="website" id="id_website" value="" tabindex="-1" autocomplete="off">' in trap

"""A flood of complaints from one address is refused with a clear page that keeps the text."""

from __future__ import annotations

from django.test import override_settings

from doleances.complaints.models import Complaint


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

from decimal import Decimal

from django.test import Client
from django.utils import formats, translation
from django.utils.timezone import localtime

from doleances.complaints.models import Complaint
from doleances.core.models import OutboxMessage
from tests.portal.helpers import row_counts


def test_valid_form_redirects_to_confirmation_with_reference_and_due_date(client, db, form_data):
    response = client.post("/", form_data)

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/track/{complaint.portal_token}/confirmation/"
    assert complaint.reference not in response["Location"]
    page = client.get(response["Location"])
    html = page.content.decode()
    with translation.override("fr"):
        due = formats.date_format(localtime(complaint.response_due_at), "DATE_FORMAT")
    assert f'<p class="reference" data-testid="reference">{complaint.reference}</p>' in html
    assert f">{due}</time>" in html
    assert "<strong>jeanne.martin@example.org</strong>" in html
    assert f"/track/{complaint.portal_token}/" in html
    assert row_counts() == {"complaints": 1, "customers": 1, "attachments": 0, "outbox": 1}


def test_form_values_reach_the_service(client, db, form_data):
    client.post("/", form_data)

    complaint = Complaint.objects.select_related("customer").get()
    assert (complaint.kind, complaint.channel, complaint.language) == ("claim", "web", "fr")
    assert complaint.claimed_amount == Decimal("12.50")
    assert (complaint.order_reference, complaint.remedy_sought) == ("CMD-123", "Un remboursement")
    assert complaint.customer.customer_number == "C-42"
    assert complaint.consent_at is not None


def test_english_submission_records_english(client, db, form_data):
    client.post("/", form_data, HTTP_ACCEPT_LANGUAGE="en")

    assert Complaint.objects.get().language == "en"


def test_phone_only_says_no_email_will_be_sent(client, db, form_data):
    form_data.update(email="", phone="06 12 34 56 78")

    response = client.post("/", form_data, HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert "You did not give an email address, so we will not send you an email." in response.content.decode()
    assert OutboxMessage.objects.count() == 0


def test_replayed_post_shows_the_same_confirmation_without_a_second_complaint(client, db, form_data):
    first = client.post("/", form_data)
    second = client.post("/", form_data)

    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert row_counts() == {"complaints": 1, "customers": 1, "attachments": 0, "outbox": 1}


def test_the_same_form_sent_before_the_session_knew_the_first_makes_one_complaint(client, db, form_data):
    """What a double click racing itself looks like: the second request carries the same nonce and
    content but its session does not yet record the first submission."""
    first = client.post("/", form_data)
    second = Client().post("/", form_data)

    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert row_counts() == {"complaints": 1, "customers": 1, "attachments": 0, "outbox": 1}


def test_the_same_nonce_with_other_content_is_another_complaint_and_never_shows_the_first(client, db, form_data):
    first = client.post("/", form_data)
    other = Client().post("/", {**form_data, "email": "someone.else@example.org"})

    assert other.status_code == 302
    assert other["Location"] != first["Location"]
    assert Complaint.objects.count() == 2


def test_end_to_end_one_acknowledgement_reaches_the_smtp_server(
    client, db, form_data, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/", form_data)

    complaint = Complaint.objects.get()
    with translation.override("fr"):
        due = formats.date_format(localtime(complaint.response_due_at), "DATE_FORMAT")
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    body = mail.get_content()
    assert mail["To"] == "jeanne.martin@example.org"
    assert complaint.reference in body
    assert due in body

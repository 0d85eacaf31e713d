from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from doleances.complaints.enums import Channel, Status
from doleances.complaints.lifecycle import Action
from doleances.complaints.services import add_internal_note, reply_to_customer, transition_complaint
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
from doleances.portal.timeline import public_timeline
from tests.fixtures.objects import make_complaint
from tests.portal.helpers import PDF


def track_url(complaint) -> str:
    return f"/track/{complaint.portal_token}/"


def test_unknown_token_is_a_friendly_404(client, db):
    response = client.get("/track/not-a-token/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "We cannot find this page" in response.content.decode()


def test_portal_page_is_secret(client, complaint):
    response = client.get(track_url(complaint))

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_portal_shows_the_request_and_its_due_date(client, complaint):
    html = client.get(track_url(complaint), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'<dd data-testid="reference">{complaint.reference}</dd>' in html
    assert "Facture erronée" in html
    assert '<span class="badge neutral" data-testid="status">Received</span>' in html
    assert 'data-testid="due-date"' in html


def test_timeline_tells_public_things_only_in_order(complaint, agent):
    for action in (Action.QUALIFY, Action.START):
        transition_complaint(complaint, action, actor=agent)
    add_internal_note(complaint, body="Internal: customer is difficult", actor=agent)
    reply_to_customer(complaint, body="Nous avons annulé la facture.", actor=agent)

    with translation.override("en"):
        entries = [(e.title, e.body, e.author) for e in public_timeline(complaint)]

    assert entries == [
        ("We received your request", "", "us"),
        ("Acknowledgement sent", "", "us"),
        ("We are handling your request", "", "us"),
        ("Our reply", "Nous avons annulé la facture.", "us"),
    ]


def test_portal_page_never_shows_internal_notes_or_events(client, complaint, agent):
    for action in (Action.QUALIFY, Action.START):
        transition_complaint(complaint, action, actor=agent)
    add_internal_note(complaint, body="Internal: customer is difficult", actor=agent)

    html = client.get(track_url(complaint), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "customer is difficult" not in html
    assert "qualified" not in html.lower()
    assert "Alice" not in html


def test_add_information_resumes_a_waiting_complaint(client, complaint, agent):
    for action in (Action.QUALIFY, Action.START, Action.WAIT_FOR_CUSTOMER):
        transition_complaint(complaint, action, actor=agent)

    response = client.post(
        track_url(complaint),
        {"form_nonce": "n1", "body": "Voici ma facture.", "attachments": [SimpleUploadedFile("facture.pdf", PDF)]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    complaint.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == track_url(complaint)
    assert complaint.status == Status.IN_PROGRESS
    with translation.override("en"):
        entries = [(e.title, e.body, e.file_names) for e in public_timeline(complaint)]
    assert entries[-2:] == [
        ("Your message", "Voici ma facture.", ("facture.pdf",)),
        ("We are handling your request", "", ()),
    ]
    page = client.get(track_url(complaint), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Thank you. Your information has been added to your request." in page
    assert "facture.pdf" in page


def test_information_from_the_portal_is_recorded_as_from_the_web(client, complaint):
    client.post(track_url(complaint), {"form_nonce": "n1", "body": "Voici ma facture."})

    assert list(complaint.messages.values_list("channel", "sender")) == [(Channel.WEB, "jeanne.martin@example.org")]


def test_replayed_add_information_adds_once(client, complaint):
    data = {"form_nonce": "n1", "body": "Voici ma facture."}
    client.post(track_url(complaint), data)
    client.post(track_url(complaint), data)

    assert complaint.messages.count() == 1


def test_empty_information_is_refused(client, complaint):
    response = client.post(track_url(complaint), {"form_nonce": "n1", "body": ""}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.context["form"].errors["body"] == ["Write your message."]
    assert complaint.messages.count() == 0


def test_closed_request_explains_instead_of_the_form(client, db, agent, team):
    complaint = make_complaint(team=team)
    transition_complaint(complaint, Action.WITHDRAW, actor=agent)

    html = client.get(track_url(complaint), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.post(track_url(complaint), {"form_nonce": "n1", "body": "Encore moi"})

    assert "This request has been withdrawn, so we can no longer add information to it." in html
    assert 'name="body"' not in html
    assert response.status_code == 302
    assert complaint.messages.count() == 0


def test_attachment_is_downloaded_through_the_token_only(client, db, team):
    complaint = receive_complaint(
        CustomerDetails(name="Jeanne", email="j@example.org"),
        ComplaintDetails(subject="S", description="D", consent=True),
        attachments=[SimpleUploadedFile("facture.pdf", PDF)],
    )
    other = make_complaint(email="other@example.org")
    document = complaint.attachments.get()

    ok = client.get(f"{track_url(complaint)}documents/{document.pk}/")
    wrong = client.get(f"{track_url(other)}documents/{document.pk}/")

    assert ok.status_code == 200
    assert ok["Content-Disposition"] == 'attachment; filename="facture.pdf"'
    assert b"".join(ok.streaming_content) == PDF
    assert wrong.status_code == 404


def count_queries(client, complaint) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(track_url(complaint)).status_code == 200
    return len(queries)


def test_portal_query_count_does_not_grow_with_history(client, db, agent, team):
    short = make_complaint(team=team)
    long = make_complaint(team=team, email="other@example.org")
    for action in (Action.QUALIFY, Action.START):
        transition_complaint(long, action, actor=agent)
    for n in range(3):
        reply_to_customer(long, body=f"Réponse {n}", actor=agent)

    assert count_queries(client, long) == count_queries(client, short)


def test_an_empty_message_and_a_refused_document_are_told_together(client, complaint):
    response = client.post(
        track_url(complaint),
        {"body": "", "form_nonce": "n1", "attachments": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 64)]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "body": ["Write your message."],
        "attachments": [
            "“virus.pdf” is not an accepted file type. Accepted: PDF, images (JPEG, PNG, GIF, WebP, HEIC, TIFF), "
            "Word, Excel, PowerPoint, OpenDocument and plain text."
        ],
    }
    assert complaint.messages.count() == 0

"""Attachment downloads (no IDOR), the sent mail pages and the outbox."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from doleances.complaints.attachments import store_attachments
from doleances.core import clock
from doleances.core.models import OutboxMessage, OutboxStatus
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach(complaint, name: str, data: bytes):
    with transaction.atomic():
        (attachment,) = store_attachments(complaint, [SimpleUploadedFile(name, data)], at=clock.now())
    return attachment


def download_url(complaint, attachment_id: int) -> str:
    return reverse("agent:attachment_download", args=[complaint.reference, attachment_id])


def test_attachment_download_headers(db, agent_client, complaint):
    attachment = attach(complaint, "facture mars é.pdf", PDF)
    response = agent_client.get(download_url(complaint, attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''facture%20mars%20%C3%A9.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_detail_links_the_attachments(db, agent_client, complaint):
    attachment = attach(complaint, "photo.pdf", PDF)
    page = agent_client.get(reverse("agent:complaint_detail", args=[complaint.reference])).content.decode()
    assert download_url(complaint, attachment.pk) in page


def test_attachment_of_another_complaint_is_404(db, agent_client, team, other_team, complaint):
    mine = attach(make_complaint(team=team), "mine.pdf", PDF)
    theirs = attach(make_complaint(team=other_team), "theirs.pdf", PDF)
    assert agent_client.get(download_url(complaint, theirs.pk)).status_code == 404
    assert agent_client.get(download_url(complaint, mine.pk)).status_code == 404
    assert agent_client.get(download_url(complaint, 999_999)).status_code == 404


@pytest.fixture
def mail_dir(settings, tmp_path) -> Path:
    # pytest-django swaps in the locmem backend; these tests read the default mode's files.
    settings.EMAIL_BACKEND = "doleances.messaging.backends.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "mail"
    return settings.MAIL_DIR


def test_sent_mail_lists_the_acknowledgement(db, supervisor, team, mail_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint(team=team)
    client = login(supervisor)
    response = client.get(reverse("agent:sent_mail"))
    (mail,) = response.context["mails"]
    assert mail.to == "jeanne.martin@example.org"
    assert mail.reference == complaint.reference
    assert complaint.reference in mail.subject
    detail = client.get(reverse("agent:sent_mail_detail", args=[mail.name]))
    assert detail.status_code == 200
    assert complaint.reference in detail.context["mail"].body


def test_sent_mail_of_another_team_is_hidden_from_a_supervisor(
    db, supervisor, other_team, mail_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_complaint(team=other_team)
    client = login(supervisor)
    assert client.get(reverse("agent:sent_mail")).context["mails"] == []
    (name,) = [p.name for p in mail_dir.iterdir()]
    assert client.get(reverse("agent:sent_mail_detail", args=[name])).status_code == 404
    assert len(login(make_user("administrator")).get(reverse("agent:sent_mail")).context["mails"]) == 1


@pytest.mark.parametrize("name", ["..%2Fsecret.eml", "..", "...eml", "secret.eml", "%2Fetc%2Fpasswd", "..%5Csecret.eml"])
def test_sent_mail_detail_refuses_anything_but_a_listed_file(db, mail_dir, name):
    mail_dir.mkdir()
    (mail_dir.parent / "secret.eml").write_bytes(b"Subject: secret\r\n\r\nsecret\r\n")
    response = login(make_user("administrator")).get(f"/agent/mail/{name}/")
    assert response.status_code == 404


def dead_row(complaint) -> OutboxMessage:
    at = clock.now()
    return OutboxMessage.objects.create(
        payload={"to": ["x@example.org"], "subject": "Hello", "body": "…"},
        status=OutboxStatus.DEAD,
        attempts=8,
        last_error="SMTPServerDisconnected: gone",
        next_attempt_at=at,
        created_at=at,
        complaint_reference=complaint.reference,
    )


def test_outbox_lists_dead_rows_with_their_error(db, supervisor, complaint):
    row = dead_row(complaint)
    page = login(supervisor).get(reverse("agent:outbox")).content.decode()
    assert "SMTPServerDisconnected: gone" in page
    assert reverse("agent:outbox_retry", args=[row.pk]) in page


def test_outbox_retry_delivers_a_dead_row_again(db, supervisor, complaint, mail_dir, django_capture_on_commit_callbacks):
    row = dead_row(complaint)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(supervisor).post(reverse("agent:outbox_retry", args=[row.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 1, "")


def test_outbox_retry_of_another_teams_row_is_404(db, supervisor, other_team):
    row = dead_row(make_complaint(team=other_team))
    assert login(supervisor).post(reverse("agent:outbox_retry", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.status == OutboxStatus.DEAD

"""The sent-mail page: pages of 25 newest first, every message once, scoped, no server path."""

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from doleances.agent.sent_mail import PAGE_SIZE
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint, make_user


@pytest.fixture
def mail_dir(settings, tmp_path) -> Path:
    settings.EMAIL_BACKEND = "doleances.messaging.backends.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "mail"
    return settings.MAIL_DIR


def send(count: int, *, reference: str, start: int = 0) -> None:
    for n in range(start, start + count):
        EmailMessage(
            subject=f"Message {n:03d}", body="…", to=["x@example.org"], headers={"X-Doleances-Reference": reference}
        ).send()


def walk(client, url: str) -> tuple[list[list[str]], list[list[str]]]:
    """Subjects page by page following "Older", then back following "Newer"."""
    forwards, backwards = [], []
    response = client.get(url)
    while True:
        forwards.append([m.subject for m in response.context["mails"]])
        if not response.context["page"].older:
            break
        response = client.get(url, {"after": response.context["page"].older})
    while response.context["page"].newer:
        response = client.get(url, {"before": response.context["page"].newer})
        backwards.append([m.subject for m in response.context["mails"]])
    return forwards, backwards


def test_pages_walk_every_message_once_newest_first_and_back(db, mail_dir):
    complaint = make_complaint()
    send(60, reference=complaint.reference)
    client = login(make_user("administrator"))

    forwards, backwards = walk(client, reverse("agent:sent_mail"))

    newest_first = [f"Message {n:03d}" for n in range(59, -1, -1)]
    assert [len(page) for page in forwards] == [PAGE_SIZE, PAGE_SIZE, 10]
    assert [subject for page in forwards for subject in page] == newest_first
    assert backwards == [forwards[1], forwards[0]]


def test_pages_of_a_supervisor_hold_only_the_mail_of_complaints_they_see(db, supervisor, team, mail_dir):
    other_team = make_user("agent").teams.create(name="Livraison")
    mine, theirs = make_complaint(team=team), make_complaint(team=other_team)
    for batch in range(6):
        send(5, reference=mine.reference, start=batch * 10)
        send(5, reference=theirs.reference, start=batch * 10 + 5)

    forwards, backwards = walk(login(supervisor), reverse("agent:sent_mail"))

    mine_newest_first = [f"Message {n:03d}" for n in range(59, -1, -1) if n % 10 < 5]
    assert [len(page) for page in forwards] == [PAGE_SIZE, 5]
    assert [subject for page in forwards for subject in page] == mine_newest_first
    assert backwards == [forwards[0]]


def test_the_page_shows_no_server_path(db, mail_dir):
    send(1, reference="")

    page = login(make_user("administrator")).get(reverse("agent:sent_mail")).content.decode()

    assert "Message 000" in page
    assert str(mail_dir) not in page
    assert str(mail_dir.parent) not in page


@pytest.mark.parametrize("cursor", ["../../etc/passwd", "%00", "zzz"])
def test_a_malformed_cursor_shows_the_first_page(db, mail_dir, cursor):
    send(2, reference="")

    response = login(make_user("administrator")).get(reverse("agent:sent_mail"), {"after": cursor})

    assert [m.subject for m in response.context["mails"]] == ["Message 001", "Message 000"]


@pytest.mark.parametrize("roles", [("supervisor", "quality_manager"), ("administrator",)])
def test_a_password_reset_link_is_never_shown_on_the_sent_mail_pages(db, mail_dir, roles, django_capture_on_commit_callbacks):
    """The reset mail is written to the folder (the operator reads it on disk in the default
    mode), but a supervisor who sees every complaint must not read another account's link."""
    make_user("administrator", username="alice")
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint()
    client = login(make_user(*roles))

    client.post(reverse("agent:password_reset"), {"email": "alice@staff.example"})

    [reset_file] = [p for p in mail_dir.iterdir() if b"/agent/password-reset/" in p.read_bytes()]
    reset_mail = message_from_bytes(reset_file.read_bytes(), policy=policy.default)
    link = re.search(r"https?://\S+/agent/password-reset/\S+", reset_mail.get_content()).group(0)
    listed = client.get(reverse("agent:sent_mail"))
    detail = client.get(reverse("agent:sent_mail_detail", args=[reset_file.name]))
    assert [m.reference for m in listed.context["mails"]] == [complaint.reference]
    assert link not in listed.content.decode()
    assert reset_mail["Subject"] not in listed.content.decode()
    assert detail.status_code == 404
    assert link not in detail.content.decode()
    assert reset_mail["X-Doleances-Kind"] == "account"


def test_mail_without_the_outbox_reference_header_is_not_listed(db, mail_dir):
    EmailMessage(subject="Not from the outbox", body="…", to=["x@example.org"]).send()
    send(1, reference="")
    (stray,) = [p.name for p in mail_dir.iterdir() if b"Not from the outbox" in p.read_bytes()]
    client = login(make_user("administrator"))

    listed = client.get(reverse("agent:sent_mail"))

    assert [m.subject for m in listed.context["mails"]] == ["Message 000"]
    assert client.get(reverse("agent:sent_mail_detail", args=[stray])).status_code == 404


def test_query_count_does_not_grow_with_the_mails_of_a_page(db, supervisor, team, mail_dir):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(supervisor)
    complaints = [make_complaint(team=team) for _ in range(3)]
    send(1, reference=complaints[0].reference)
    client.get(reverse("agent:sent_mail"))  # session and language settled
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(reverse("agent:sent_mail")).context["mails"]) == 1

    for n, complaint in enumerate(complaints):
        send(3, reference=complaint.reference, start=10 * (n + 1))
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(reverse("agent:sent_mail")).context["mails"]) == 10

    assert len(ten) == len(one)

"""Outbox delivery against a real SMTP server: exactly once, retries, dead letters."""

from datetime import timedelta

import pytest
from django.utils import formats
from django.utils.timezone import localtime

from doleances.core import clock, outbox, outbox_worker
from doleances.core.models import OutboxMessage, OutboxStatus
from tests.fixtures.objects import make_complaint


def test_acknowledgement_reaches_the_smtp_server_exactly_once(db, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint(subject="Compteur mal relevé")
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    body = mail.get_content()
    assert mail["To"] == "jeanne.martin@example.org"
    assert complaint.reference in mail["Subject"]
    assert complaint.reference in body
    assert formats.date_format(localtime(complaint.response_due_at), "DATE_FORMAT") in body
    assert f"/track/{complaint.portal_token}/" in body
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.SENT
    assert mail["Message-ID"] == f"<outbox-{row.pk}-{row.created_at:%Y%m%d%H%M%S}@doleances.localhost>"
    # The periodic sweep running again sends nothing more.
    assert outbox_worker.deliver_due() == {"sent": 0, "failed": 0, "dead": 0, "skipped": 0}
    assert len(smtp_server.messages) == 1


def test_refused_delivery_stays_pending_and_next_run_sends_once(db, smtp_server):
    complaint = make_complaint()  # on_commit not run: the row waits for the worker
    row = OutboxMessage.objects.get()
    smtp_server.handler.refuse_next = 1
    assert outbox_worker.deliver_due() == {"sent": 0, "failed": 1, "dead": 0, "skipped": 0}
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert "451" in row.last_error
    assert row.next_attempt_at > clock.now()
    assert smtp_server.messages == []
    # Not due yet: nothing happens; once due, it goes exactly once.
    assert outbox_worker.deliver_due()["sent"] == 0
    later = row.next_attempt_at + timedelta(seconds=1)
    assert outbox_worker.deliver_due(at=later)["sent"] == 1
    assert outbox_worker.deliver_due(at=later + timedelta(minutes=10))["sent"] == 0
    assert [m["X-Doleances-Reference"] for m in smtp_server.messages] == [complaint.reference]


def test_smtp_server_down_keeps_the_row(db, settings):
    make_complaint()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens on port 9
    assert outbox_worker.deliver_due()["failed"] == 1
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.PENDING
    assert "ConnectionRefusedError" in row.last_error


def test_worker_killed_after_claiming_is_redelivered_after_the_lease(db, smtp_server):
    make_complaint()
    row = OutboxMessage.objects.get()
    now = clock.now()
    assert outbox_worker.claim(row.pk, now) is True  # ... and the worker dies here
    assert outbox_worker.deliver_due(at=now + timedelta(seconds=30)) == {"sent": 0, "failed": 0, "dead": 0, "skipped": 0}
    assert outbox_worker.deliver_due(at=now + outbox_worker.LEASE + timedelta(seconds=1))["sent"] == 1
    assert len(smtp_server.messages) == 1


def test_row_becomes_dead_letter_after_max_attempts_and_can_be_retried(db, smtp_server, settings):
    settings.DOLEANCES_OUTBOX_MAX_ATTEMPTS = 3
    make_complaint()
    row = OutboxMessage.objects.get()
    smtp_server.handler.refuse_next = 3
    at = clock.now()
    for _ in range(3):
        outbox_worker.deliver_due(at=at)
        at += timedelta(hours=7)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.DEAD, 3)
    outbox.retry(row, at=at)
    assert outbox_worker.deliver_due(at=at)["sent"] == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    with pytest.raises(outbox.Conflict):
        outbox.retry(row, at=at)


def test_backoff_doubles_and_is_capped():
    assert [outbox_worker.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert outbox_worker.backoff(40) == timedelta(hours=6)


def test_a_row_of_a_kind_nobody_delivers_stays_pending_and_says_why(db):
    outbox.enqueue("webhook", {"url": "https://example.org/hook"}, at=clock.now())

    assert outbox_worker.deliver_due()["failed"] == 1
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert row.last_error == "LookupError: no delivery handler is registered for outbox rows of kind 'webhook'"

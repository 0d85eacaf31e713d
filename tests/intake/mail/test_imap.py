"""Polling a real IMAP server (a private Dovecot): fetched, committed, then flagged or moved."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from doleances.complaints.models import Complaint
from doleances.intake.mail.imap import poll_source
from doleances.intake.models import AfterImport, InboundMail, InboundStatus, MailSecurity, MailSource
from tests.intake.mail.builders import mail

PASSWORD_VARIABLE = "DOLEANCES_TEST_IMAP_PASSWORD"


@pytest.fixture
def source(imap_server, transactional_db, monkeypatch) -> MailSource:
    monkeypatch.setenv(PASSWORD_VARIABLE, imap_server.password)
    return MailSource.objects.create(
        name="support",
        host=imap_server.host,
        port=imap_server.port,
        security=MailSecurity.NONE,
        username=imap_server.user,
        password_variable=PASSWORD_VARIABLE,
    )


def test_a_poll_reads_each_message_once_and_flags_it(imap_server, source):
    imap_server.append(mail(subject="Colis perdu"))
    imap_server.append(mail(subject="Absent", headers={"Auto-Submitted": "auto-replied"}))
    imap_server.append(b"\x00\xff not a mail at all")

    first = poll_source(source)
    again = poll_source(source)

    assert (first.counts, first.error) == ({"created": 1, "ignored": 1, "quarantined": 1}, "")
    assert again.counts == {}
    assert all("\\Seen" in flags for flags in imap_server.flags())
    assert Complaint.objects.count() == 1
    source.refresh_from_db()
    assert (source.last_status, source.last_error) == ("ok", "")
    assert source.last_polled_at is not None


def test_a_reply_arriving_later_joins_its_complaint(imap_server, source):
    imap_server.append(mail(subject="Colis perdu"))
    poll_source(source)
    complaint = Complaint.objects.get()
    imap_server.append(mail(subject=f"RE: {complaint.reference}", body="Toujours rien."))
    assert poll_source(source).counts == {"threaded": 1}
    assert complaint.messages.get().body == "Toujours rien."


def test_a_message_seen_again_after_someone_unflagged_it_is_a_duplicate(imap_server, source):
    imap_server.append(mail())
    poll_source(source)
    client = imap_server.client()
    client.select("INBOX")
    client.store("1", "-FLAGS", "\\Seen")
    client.logout()
    assert poll_source(source).counts == {"duplicate": 1}
    assert InboundMail.objects.count() == 1


def test_moved_to_another_folder_after_import(imap_server, source):
    source.after_import, source.move_to = AfterImport.MOVE, "Traité"
    source.save()
    imap_server.append(mail())
    assert poll_source(source).counts == {"created": 1}
    assert (imap_server.count("INBOX"), InboundMail.objects.get().status) == (0, InboundStatus.CREATED)


def test_a_mailbox_that_cannot_be_read_records_why_and_the_others_are_still_polled(imap_server, source, monkeypatch):
    MailSource.objects.create(
        name="broken", host="127.0.0.1", port=imap_server.port, security=MailSecurity.NONE, username="x", password_variable="NOPE"
    )
    monkeypatch.delenv("NOPE", raising=False)
    imap_server.append(mail())

    with pytest.raises(CommandError, match="could not be read"):
        call_command("mail", "poll")
    broken = MailSource.objects.get(name="broken")
    assert (broken.last_status, "NOPE" in broken.last_error) == ("error", True)
    assert Complaint.objects.count() == 1  # the good mailbox was read


def test_wrong_password_is_an_error_on_the_source(imap_server, source, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, "wrong")
    result = poll_source(source)
    source.refresh_from_db()
    assert result.error
    assert source.last_status == "error"


def test_the_worker_task_polls_every_active_mailbox(imap_server, source):
    from doleances.intake.tasks import poll_mailboxes

    MailSource.objects.create(name="off", host="127.0.0.1", port=1, username="x", password_variable="X", is_active=False)
    imap_server.append(mail())
    assert poll_mailboxes.call_local() == [{"source": "support", "counts": {"created": 1}, "error": ""}]

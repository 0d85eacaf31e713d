"""`doleances import-mail PATH...`: .eml, mbox and folders, streamed, summary line, exactly once."""

from __future__ import annotations

import mailbox
import tracemalloc
from io import StringIO

import pytest
from django.core.management import call_command

from doleances.cli import main
from doleances.complaints.models import Complaint
from doleances.intake.mail.files import iter_mbox, iter_messages
from doleances.intake.models import InboundMail
from tests.intake.mail.builders import mail


def write_mbox(path, messages: list[bytes]) -> None:
    box = mailbox.mbox(path)
    for raw in messages:
        box.add(raw)
    box.close()


def run(*paths) -> str:
    out, err = StringIO(), StringIO()
    call_command("import_mail", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_the_same_mbox_imported_twice_adds_nothing_the_second_time(tmp_path):
    messages = [mail(subject=f"Réclamation {n}", sender=f"client{n}@example.org") for n in range(3)]
    messages.append(mail(sender="no-reply@shop.example.com"))
    messages.append(b"From nobody\nthis is not a mail")
    write_mbox(tmp_path / "archive.mbox", messages)

    first = run(tmp_path / "archive.mbox")
    second = run(tmp_path / "archive.mbox")

    assert first == "created 3, threaded 0, ignored as automatic 1, duplicates 0, quarantined 1"
    assert second == "created 0, threaded 0, ignored as automatic 0, duplicates 5, quarantined 0"
    assert (Complaint.objects.count(), InboundMail.objects.count()) == (3, 5)


@pytest.mark.django_db
def test_a_folder_of_eml_and_mbox_files_and_a_reply_threaded(tmp_path):
    (tmp_path / "a.eml").write_bytes(mail(subject="Facture", message_id="<first@example.org>"))
    (tmp_path / "sub").mkdir()
    write_mbox(tmp_path / "sub" / "later.mbox", [mail(subject="Re: Facture", in_reply_to="<first@example.org>")])
    (tmp_path / "notes.txt").write_text("not mail")
    assert run(tmp_path) == "created 1, threaded 1, ignored as automatic 0, duplicates 0, quarantined 0"


def test_the_mbox_reader_gives_back_each_message_as_written_before_mbox_quoted_it(tmp_path):
    body = "From the start, a line that mbox must quote.\nAnd the end.\n"
    messages = [mail(subject=f"n{n}", body=body) for n in range(4)]
    write_mbox(tmp_path / "box.mbox", messages)
    assert b"\n>From the start" in (tmp_path / "box.mbox").read_bytes()
    assert list(iter_mbox(tmp_path / "box.mbox")) == messages
    assert [found.raw for found in iter_messages([tmp_path])] == messages


def test_the_mbox_reader_holds_one_message_at_a_time(tmp_path):
    """Memory flat whatever the size: reading 40 MB of mbox peaks near one message, not the file."""
    path = tmp_path / "big.mbox"
    message = mail(body="x" * 200_000)
    with path.open("wb") as handle:
        for _ in range(200):
            handle.write(b"From sender@example.org Mon Jan  5 10:00:00 2026\n" + message.replace(b"\r\n", b"\n") + b"\n")
    tracemalloc.start()
    count = sum(1 for _ in iter_mbox(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 200
    assert path.stat().st_size > 40_000_000
    assert peak < 5 * len(message)


@pytest.mark.django_db
def test_the_console_command_is_import_mail_and_a_missing_path_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "one.eml").write_bytes(mail())
    main(["doleances", "import-mail", "--no-progress", str(tmp_path / "one.eml")])
    assert capsys.readouterr().out.strip() == "created 1, threaded 0, ignored as automatic 0, duplicates 0, quarantined 0"
    with pytest.raises(SystemExit):
        main(["doleances", "import-mail", str(tmp_path / "missing.mbox")])
    assert "No such file or folder" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_progress_bar_is_drawn_on_a_terminal(tmp_path, monkeypatch):
    import sys

    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    (tmp_path / "one.eml").write_bytes(mail())
    call_command("import_mail", str(tmp_path), stdout=StringIO())
    assert "100.0%" in terminal.getvalue()
    assert "1 messages" in terminal.getvalue()


@pytest.mark.django_db
def test_an_import_commits_by_batches_and_queues_one_analysis_per_batch(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from doleances.intake.management.commands import import_mail

    queued = []
    monkeypatch.setattr(import_mail, "analyse_imported_complaints", lambda ids: queued.append(list(ids)))
    write_mbox(tmp_path / "box.mbox", [mail(subject=f"n{n}", sender=f"c{n}@example.org") for n in range(5)])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_mail", "--batch", "2", str(tmp_path / "box.mbox"), stdout=StringIO())
    ids = list(Complaint.objects.order_by("pk").values_list("pk", flat=True))
    assert queued == [ids[0:2], ids[2:4], ids[4:5]]

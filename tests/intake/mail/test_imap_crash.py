"""Exactly once with real processes: the poller killed (SIGKILL) after the database commit and
before the server copy is flagged; the next poll finds the message already received; one complaint
and one acknowledgement reach the SMTP server."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.fixtures.processes import start, stop, wait_until
from tests.intake.mail.builders import mail
from tests.test_crash_safety import migrated_environment

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="runs its own processes on a fresh SQLite data folder"
)

# The poller exactly as `doleances mail poll` runs it, except that the step which flags the
# server's copy kills the process instead: the database has committed, the server knows nothing.
KILLED_BEFORE_FLAG = """
import os, signal, django
django.setup()
from doleances.intake.mail import imap
imap.mark_done = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
from django.core.management import call_command
call_command("mail", "poll")
"""

CREATE_SOURCE = """
from doleances.intake.models import MailSource
MailSource.objects.create(name="support", host="127.0.0.1", port={port}, security="none", username="{user}",
                          password_variable="DOLEANCES_TEST_IMAP_PASSWORD")
"""


def rows(data_dir, sql: str) -> list[tuple]:
    with sqlite3.connect(data_dir / "doleances.sqlite3") as connection:
        return connection.execute(sql).fetchall()


def doleances(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "doleances", *args], env=env, capture_output=True, text=True, timeout=120)


def test_killed_between_commit_and_flag_the_mail_is_received_and_acknowledged_once(tmp_path, smtp_server, imap_server):
    env = migrated_environment(tmp_path, smtp_server) | {"DOLEANCES_TEST_IMAP_PASSWORD": imap_server.password}
    created = doleances(env, "shell", "-c", CREATE_SOURCE.format(port=imap_server.port, user=imap_server.user))
    assert created.returncode == 0, created.stderr
    imap_server.append(mail(subject="Colis jamais livré"))

    killed = subprocess.run([sys.executable, "-c", KILLED_BEFORE_FLAG], env=env, capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert rows(tmp_path, "select status from intake_inboundmail") == [("created",)]
    assert "\\Seen" not in imap_server.flags()[0]  # the server still offers the message

    for _ in range(2):  # polls repeated: the first finds the message already received and flags it
        polled = doleances(env, "mail", "poll")
        assert polled.returncode == 0, polled.stderr
    assert "\\Seen" in imap_server.flags()[0]
    assert rows(tmp_path, "select count(*) from complaints_complaint") == [(1,)]
    assert rows(tmp_path, "select count(*) from intake_inboundmail") == [(1,)]

    worker = start(["worker"], env)
    try:
        delivered = wait_until(lambda: len(smtp_server.messages) >= 1)
        time.sleep(2)  # a duplicate would show up here
    finally:
        stop(worker, signal.SIGKILL)
    assert delivered, "the acknowledgement was never delivered"
    ((reference,),) = rows(tmp_path, "select reference from complaints_complaint")
    assert [m["X-Doleances-Reference"] for m in smtp_server.messages] == [reference]
    assert smtp_server.messages[0]["Auto-Submitted"] == "auto-replied"

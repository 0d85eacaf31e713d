"""A worker stopped (SIGTERM) in the middle of a delivery gives its outbox row back: the next worker
sends the acknowledgement at once, not when the five-minute lease runs out. Real processes, a
real SMTP server that holds the first message without answering."""

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from tests.test_crash_safety import migrated_environment, start, wait_until

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs its own workers on a fresh SQLite data folder")

ENQUEUE = """
from doleances.core import clock, outbox
mail = {"subject": "Accusé de réception REC-2026-000007", "body": "Bonjour,", "to": ["jeanne@example.org"],
        "reference": "REC-2026-000007", "template": "acknowledgement"}
outbox.enqueue("email", mail, at=clock.now(), complaint_reference="REC-2026-000007")
"""
KICK = "from doleances.core.tasks import deliver_outbox; deliver_outbox()"


def doleances(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "doleances", *args], env=env, check=True, timeout=180)


def outbox_row(data_dir) -> dict:
    with sqlite3.connect(data_dir / "doleances.sqlite3") as db:
        db.row_factory = sqlite3.Row
        return dict(db.execute("SELECT status, attempts, locked_until, sent_at FROM core_outboxmessage").fetchone())


def stop(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=30)


def test_a_worker_stopped_mid_delivery_releases_its_row_and_the_next_one_sends_it_once_at_once(tmp_path, smtp_server):
    env = migrated_environment(tmp_path, smtp_server)
    smtp_server.handler.hold_next = 1  # the first delivery hangs in the SMTP conversation

    first = start(["worker"], env)
    try:
        doleances(env, "shell", "-c", ENQUEUE)  # the row, and the kick after commit
        assert smtp_server.handler.holding.wait(60), "the first worker never tried to deliver"
        leased = outbox_row(tmp_path)
        assert (leased["status"], leased["attempts"], leased["locked_until"] is not None) == ("pending", 0, True)
    finally:
        stop(first)
    assert first.returncode in (0, -signal.SIGTERM)

    assert outbox_row(tmp_path) == {"status": "pending", "attempts": 0, "locked_until": None, "sent_at": None}

    second = start(["worker"], env)
    try:
        doleances(env, "shell", "-c", KICK)
        assert wait_until(lambda: len(smtp_server.messages) >= 1), "the second worker did not deliver"
        assert wait_until(lambda: outbox_row(tmp_path)["status"] == "sent")
    finally:
        stop(second)

    assert [m["X-Doleances-Reference"] for m in smtp_server.messages] == ["REC-2026-000007"]
    sent = outbox_row(tmp_path)
    assert (sent["status"], sent["attempts"], sent["locked_until"]) == ("sent", 1, None)
    assert sent["sent_at"] < leased["locked_until"]  # delivered before the first worker's lease would have let it

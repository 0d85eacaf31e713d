"""Guarantee 1 with real processes: a complaint accepted by the web server is acknowledged exactly
once, even when every process is killed (SIGKILL) right after the customer saw the confirmation."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.fixtures.processes import Browser, file_complaint, healthy, start, wait_until
from tests.fixtures.servers import free_port

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs its own servers on a fresh SQLite data folder")


def migrated_environment(data_dir, smtp_server) -> dict:
    """Environment of real processes on a fresh, migrated SQLite data folder, mail to `smtp_server`."""
    env = {
        **os.environ,
        "DOLEANCES_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "doleances.settings",
        "EMAIL_URL": f"smtp://{smtp_server.host}:{smtp_server.port}",
    }
    env.pop("DOLEANCES_HUEY_IMMEDIATE", None)
    subprocess.run([sys.executable, "-m", "doleances", "migrate", "-v0"], env=env, check=True, timeout=180)
    return env


def test_killed_right_after_confirmation_the_acknowledgement_still_goes_once(tmp_path, smtp_server):
    env = migrated_environment(tmp_path, smtp_server)
    port = free_port()
    web = start(["serve", "--port", str(port), "--workers", "1", "--no-worker"], env)
    try:
        assert wait_until(lambda: healthy(port)), "the web server did not start"
        reference = file_complaint(Browser(f"http://127.0.0.1:{port}"))
    finally:
        os.killpg(web.pid, signal.SIGKILL)  # the power goes: web server gone, no worker ever ran
        web.wait(timeout=30)
    assert smtp_server.messages == []

    worker = start(["worker"], env)
    try:
        assert wait_until(lambda: len(smtp_server.messages) >= 1), "the acknowledgement was never delivered"
        time.sleep(2)  # a duplicate would show up here
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    assert [m["X-Doleances-Reference"] for m in smtp_server.messages] == [reference]
    assert reference in smtp_server.messages[0]["Subject"]

    # A second worker start (e.g. after a restart) sends nothing more.
    worker = start(["worker"], env)
    try:
        time.sleep(4)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    assert len(smtp_server.messages) == 1

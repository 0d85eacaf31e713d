"""Guarantee 1 with real processes: a complaint accepted by the web server is acknowledged exactly
once, even when every process is killed (SIGKILL) right after the customer saw the confirmation."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from tests.fixtures.servers import free_port

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs its own servers on a fresh SQLite data folder")

HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
ATTR = re.compile(r'(name|value)="([^"]*)"')


def start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "doleances", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_until(predicate, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def submit_form(port: int) -> str:
    """A customer files a complaint; returns the reference shown on the confirmation page."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    base = f"http://127.0.0.1:{port}/"
    page = opener.open(base, timeout=10).read().decode()
    fields = {}
    for tag in HIDDEN.findall(page):  # the CSRF token and the form's one-time nonce
        attrs = dict(ATTR.findall(tag))
        if attrs.get("name") not in (None, "next", "language"):
            fields[attrs["name"]] = attrs.get("value", "")
    fields.update(
        name="Hélène Faure",
        email="helene.faure@example.org",
        kind="claim",
        subject="Remboursement attendu",
        description="Mon remboursement promis le 2 mars n'est jamais arrivé.",
        consent="on",
    )
    request = urllib.request.Request(base, data=urllib.parse.urlencode(fields).encode(), headers={"Referer": base})
    confirmation = opener.open(request, timeout=30).read().decode()
    return re.search(r'data-testid="reference"[^>]*>\s*([A-Z]+-\d{4}-\d{6})', confirmation).group(1)


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
        reference = submit_form(port)
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

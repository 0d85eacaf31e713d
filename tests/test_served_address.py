"""The customer's link follows the address `doleances serve` listens on, unless DOLEANCES_PUBLIC_URL
says otherwise: in the acknowledgement (written to var/mail by the worker process), in the API's `portal_url`
and in the login address the command prints."""

import json
import os
import subprocess
import sys
import urllib.request

import pytest

from tests.fixtures.processes import healthy, start, stop, wait_until, written_mail
from tests.fixtures.servers import free_port

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs its own servers on a fresh SQLite data folder")


def doleances(*args: str, env: dict) -> str:
    return subprocess.run(
        [sys.executable, "-m", "doleances", *args], env=env, check=True, timeout=180, capture_output=True, text=True
    ).stdout


def test_links_follow_the_served_port(tmp_path):
    env = {**os.environ, "DOLEANCES_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "doleances.settings"}
    for name in ("DOLEANCES_HUEY_IMMEDIATE", "DOLEANCES_PUBLIC_URL", "EMAIL_URL"):
        env.pop(name, None)
    doleances("migrate", "-v0", env=env)
    key = doleances("apikey", "create", "--name", "crm", env=env).split()[-1]
    port = free_port()
    server = start(["serve", "--port", str(port), "--workers", "1"], env, stdout=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: healthy(port)), "the web server did not start"
        complaint = {
            "customer": {"name": "Jeanne Martin", "email": "jeanne.martin@example.org"},
            "kind": "claim",
            "subject": "Colis jamais livré",
            "description": "Commande 4512 payée le 2 mars, jamais reçue.",
        }
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/complaints",
            data=json.dumps(complaint).encode(),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
        assert wait_until(lambda: len(written_mail(tmp_path)) == 1), "the worker wrote no acknowledgement"
    finally:
        stop(server)
    [acknowledgement] = written_mail(tmp_path)
    track = f"http://127.0.0.1:{port}/track/"
    assert acknowledgement["X-Doleances-Reference"] == answer["reference"]
    assert track in acknowledgement.get_content()
    assert "127.0.0.1:8000" not in acknowledgement.get_content()
    assert answer["portal_url"].startswith(track)
    assert f"staff log in at http://127.0.0.1:{port}/agent/" in server.stdout.read()


def test_the_public_url_wins_over_the_served_address(tmp_path):
    env = {
        **os.environ,
        "DOLEANCES_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "doleances.settings",
        "DOLEANCES_PUBLIC_URL": "https://reclamations.example.org/",
    }
    env.pop("DOLEANCES_HUEY_IMMEDIATE", None)
    port = free_port()
    server = start(["serve", "--port", str(port), "--workers", "1", "--no-worker"], env, stdout=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: healthy(port)), "the web server did not start"
    finally:
        stop(server)
    assert "staff log in at https://reclamations.example.org/agent/" in server.stdout.read()

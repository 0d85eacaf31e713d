"""Project-level checks: migrations in sync, the command line, the health endpoint, a real server."""

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import call_command

from tests.fixtures.servers import free_port


def test_migrations_are_in_sync_with_models(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_python_m_doleances_runs_django_commands(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "doleances", "check"],
        env={**os.environ, "DOLEANCES_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "doleances.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="serves the default SQLite set-up")
def test_serve_starts_gunicorn_and_the_worker_and_stops_on_sigterm(tmp_path):
    env = {**os.environ, "DOLEANCES_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "doleances.settings"}
    env.pop("DOLEANCES_HUEY_IMMEDIATE", None)
    subprocess.run([sys.executable, "-m", "doleances", "migrate", "-v0"], env=env, check=True, timeout=120)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "doleances", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = response.read()
                    break
            except OSError:
                time.sleep(0.2)
        assert body == b'{"status": "ok"}'
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0].decode()
    assert server.returncode == 0, output
    assert "background worker" in output

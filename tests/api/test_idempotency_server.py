"""50 concurrent retries against a real server (gunicorn, several processes and threads) on the default SQLite
file in WAL mode: exactly one complaint. PostgreSQL runs the same storm in-process
(test_idempotency.py), the in-memory SQLite test database cannot."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.fixtures.servers import free_port

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="serves the default SQLite set-up")


def _doleances(env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "doleances", *args], env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _post(url: str, body: dict, headers: dict) -> tuple[int, dict, str | None]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read()), response.headers.get("Idempotent-Replayed")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), None


def test_fifty_concurrent_retries_on_a_real_server_make_exactly_one_complaint(tmp_path):
    env = {**os.environ, "DOLEANCES_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "doleances.settings"}
    env.pop("DOLEANCES_HUEY_IMMEDIATE", None)
    _doleances(env, "migrate", "-v0")
    secret = _doleances(env, "apikey", "create", "--name", "storm").strip()
    port = free_port()
    server = subprocess.Popen(
        # gunicorn as `doleances serve` runs it (several processes, threads), without collectstatic
        [
            sys.executable,
            "-m",
            "gunicorn",
            "doleances.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--preload",
            "--threads",
            "4",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        body = {
            "customer": {"name": "Jeanne Martin", "email": "jeanne.martin@example.org"},
            "subject": "Colis jamais livré",
            "description": "Commande 4512 payée le 2 mars, jamais reçue.",
        }
        headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json", "Idempotency-Key": "storm-1"}

        barrier = threading.Barrier(50)
        answers: list[tuple[int, dict, str | None]] = []

        def retry() -> None:
            barrier.wait()
            answers.append(_post(f"http://127.0.0.1:{port}/api/v1/complaints", body, headers))

        threads = [threading.Thread(target=retry) for _ in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0].decode()

    assert sorted(status for status, _, _ in answers) == [200] * 49 + [201], output
    assert len({answer["reference"] for _, answer, _ in answers}) == 1
    assert sorted(replayed or "" for status, _, replayed in answers) == [""] + ["true"] * 49
    with sqlite3.connect(tmp_path / "doleances.sqlite3") as db:
        counts = [
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("complaints_complaint", "api_idempotencyrecord")
        ]
    assert counts == [1, 1]

"""The API's rate limit on a real server: gunicorn with two worker processes on the default
SQLite set-up (no Redis). The count is shared by the workers: exactly the limit gets through,
and every refusal is a problem+json 429 saying when to retry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest

from tests.fixtures.gunicorn import gunicorn_server, served_env

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="serves the default SQLite set-up")

LIMIT = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = served_env(tmp_path_factory.mktemp("served"), DOLEANCES_API_RATE=f"{LIMIT}/h")
    with gunicorn_server(env) as served:
        created = subprocess.run(
            [sys.executable, "-m", "doleances", "apikey", "create", "--name", "live"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        yield {**served, "secret": created.stdout.strip()}


def get_complaints(url: str, secret: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url + "/api/v1/complaints", headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_api_rate_limit_holds_exactly_across_the_worker_processes(server):
    answers: list[tuple[int, dict[str, str], bytes]] = []
    barrier = threading.Barrier(30)

    def send() -> None:
        barrier.wait()
        answers.append(get_complaints(server["url"], server["secret"]))

    threads = [threading.Thread(target=send) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    refused = [(headers, body) for status, headers, body in answers if status == 429]
    assert sorted(status for status, _headers, _body in answers) == [200] * LIMIT + [429] * (30 - LIMIT)
    assert {headers["Content-Type"] for headers, _body in refused} == {"application/problem+json"}
    assert {json.loads(body)["status"] for _headers, body in refused} == {429}
    assert all(0 < int(headers["Retry-After"]) <= 3600 for headers, _body in refused)

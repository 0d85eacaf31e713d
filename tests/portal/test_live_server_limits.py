"""The public form's bounds on a real server: `doleances serve`'s gunicorn with two worker
processes on the default SQLite set-up (no Redis): the rate limit holds exactly across the
workers, and a gibibyte announced in Content-Length is refused before it is read."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.fixtures.gunicorn import gunicorn_server, served_env

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="serves the default SQLite set-up")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("served")
    (data / "tmp").mkdir()
    env = served_env(
        data,
        DOLEANCES_PUBLIC_FORM_RATE="10/h",
        TMPDIR=str(data / "tmp"),  # where Django would spool an upload to disk
    )
    with gunicorn_server(env) as served:
        yield {**served, "data": data}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form_session(url: str) -> tuple[urllib.request.OpenerDirector, str]:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
    html = opener.open(url + "/", timeout=30).read().decode()
    return opener, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def post_complaint(opener, url: str, token: str, n: int) -> int:
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "form_nonce": f"live-{n}",
            "name": "Jeanne Martin",
            "email": f"client{n}@example.org",
            "kind": "claim",
            "subject": f"Envoi {n}",
            "description": "Ma facture de mars compte deux fois l'abonnement.",
            "consent": "on",
        }
    ).encode()
    try:
        with opener.open(urllib.request.Request(url + "/", data=body, method="POST"), timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_rate_limit_holds_exactly_across_the_worker_processes(server):
    opener, token = form_session(server["url"])
    answers: list[int] = []
    barrier = threading.Barrier(30)

    def send(n: int) -> None:
        barrier.wait()
        answers.append(post_complaint(opener, server["url"], token, n))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == [302] * 10 + [429] * 20


def test_a_gibibyte_announced_is_refused_before_it_is_read(server):
    with socket.create_connection(("127.0.0.1", server["port"]), timeout=30) as connection:
        connection.sendall(
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: fr\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 1073741824\r\n\r\n"
        )
        connection.sendall(b"--x\r\n" + b"0" * 1024 * 1024)  # the start of the gibibyte
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk

    head, _, page = answer.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"HTTP/1.1 413 Request Entity Too Large"
    assert "Ce que vous avez envoyé est trop volumineux" in page.decode()
    assert list((server["data"] / "tmp").iterdir()) == []

"""Behind a real TLS reverse proxy (Debian's nginx, configured as docs/deployment.md says), with
the documented production settings: the public form and a staff action are accepted with
`Origin: https://…`, cookies are Secure, HSTS is sent and the customer's links are https."""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import trustme

from tests.fixtures.processes import Browser, file_complaint, healthy, start, stop, wait_until, written_mail
from tests.fixtures.servers import free_port

NGINX = Path("/usr/sbin/nginx")
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs its own servers on a fresh SQLite data folder")

NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    server {{
        listen 127.0.0.1:{tls_port} ssl;
        server_name localhost;
        ssl_certificate {dir}/server.pem;
        ssl_certificate_key {dir}/server.pem;
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Real-IP $remote_addr;
        }}
    }}
}}
"""


def reachable(url: str, tls: ssl.SSLContext) -> bool:
    try:
        with urllib.request.urlopen(url, context=tls, timeout=2):
            return True
    except (OSError, urllib.error.HTTPError):
        return False


@pytest.fixture
def nginx_tls(tmp_path):
    """A private nginx with a throw-away certificate; yields (start, client TLS context, port)."""
    if not NGINX.exists():
        message = f"{NGINX} is missing: install Debian's nginx (scripts/install-system-deps.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    directory = tmp_path / "nginx"
    directory.mkdir()
    authority = trustme.CA()
    authority.issue_cert("localhost").private_key_and_cert_chain_pem.write_to_path(str(directory / "server.pem"))
    client = ssl.create_default_context()
    authority.configure_trust(client)
    tls_port = free_port()
    processes = []

    def start_in_front_of(app_port: int) -> None:
        conf = directory / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=directory, tls_port=tls_port, app_port=app_port))
        processes.append(
            subprocess.Popen(
                [str(NGINX), "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        assert wait_until(lambda: reachable(f"https://localhost:{tls_port}/healthz", client), timeout=30), (
            directory / "error.log"
        ).read_text()

    try:
        yield start_in_front_of, client, tls_port
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(directory, ignore_errors=True)


def test_public_form_and_staff_reply_through_a_tls_proxy(tmp_path, nginx_tls):
    start_proxy, client_tls, tls_port = nginx_tls
    public_url = f"https://localhost:{tls_port}"
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DOLEANCES_", "EMAIL_URL"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "doleances.settings",
        "DOLEANCES_DATA_DIR": str(tmp_path),
        "DOLEANCES_PUBLIC_URL": public_url,
        "DOLEANCES_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
        "DOLEANCES_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        # The second sign-in step has its own tests (tests/agent/signin/); here the origin check,
        # the cookies and the links through the proxy are under test, so the password suffices.
        "DOLEANCES_2FA_REQUIRED_ROLES": "",
        "DJANGO_SUPERUSER_USERNAME": "admin",
        "DJANGO_SUPERUSER_PASSWORD": "tls-test-password",
        "DJANGO_SUPERUSER_EMAIL": "admin@example.org",
    }
    subprocess.run([sys.executable, "-m", "doleances", "migrate", "-v0"], env=env, check=True, timeout=180)
    subprocess.run([sys.executable, "-m", "doleances", "createsuperuser", "--noinput"], env=env, check=True, timeout=60)
    app_port = free_port()
    server = start(["serve", "--port", str(app_port), "--workers", "1"], env)
    try:
        assert wait_until(lambda: healthy(app_port)), "the web server did not start"
        start_proxy(app_port)
        browser = Browser(public_url, tls=client_tls)

        reference = file_complaint(browser)
        form = browser.get("/")
        assert form.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"

        login = browser.submit("/agent/login/", {"username": "admin", "password": "tls-test-password"})
        assert login.url == f"{public_url}/agent/complaints/"
        assert {cookie.name: cookie.secure for cookie in browser.cookies} == {"csrftoken": True, "sessionid": True}

        case = browser.get(f"/agent/complaints/{reference}/").read().decode()
        token = CSRF_TOKEN.search(case).group(1)
        body = "Nous avons retrouvé votre remboursement : il part aujourd'hui."
        reply = browser.post(f"/agent/complaints/{reference}/reply/", {"csrfmiddlewaretoken": token, "body": body})
        assert (reply.status, reply.url) == (200, f"{public_url}/agent/complaints/{reference}/")
        assert wait_until(lambda: len(written_mail(tmp_path)) == 2), "the acknowledgement and the reply were not both sent"
    finally:
        stop(server)
    acknowledgement, answer = written_mail(tmp_path)
    assert body in answer.get_content()
    for message in (acknowledgement, answer):
        assert f"{public_url}/track/" in message.get_content()


def test_plain_http_to_the_app_is_redirected_to_https(tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DOLEANCES_", "EMAIL_URL"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "doleances.settings",
        "DOLEANCES_DATA_DIR": str(tmp_path),
        "DOLEANCES_PUBLIC_URL": "https://localhost",
        "DOLEANCES_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    }
    app_port = free_port()
    server = start(["serve", "--port", str(app_port), "--workers", "1", "--no-worker"], env)
    try:
        assert wait_until(lambda: healthy(app_port)), "the health check must answer over plain HTTP"
        request = urllib.request.Request(f"http://127.0.0.1:{app_port}/agent/", headers={"Host": "localhost"})
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(request, timeout=30)
    finally:
        stop(server)
    assert (redirect.value.code, redirect.value.headers["Location"]) == (301, "https://localhost/agent/")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

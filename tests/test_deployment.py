"""The production environment documented in docs/deployment.md passes `check --deploy` without a
single warning, and an https public URL turns on the settings a TLS deployment needs."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

DEPLOYMENT_GUIDE = Path(__file__).resolve().parents[1] / "docs" / "deployment.md"
MARKER = "<!-- production-environment:"


def documented_environment() -> dict[str, str]:
    """The `NAME=value` lines of the block that follows the marker in the guide."""
    text = DEPLOYMENT_GUIDE.read_text()
    block = re.search(r"```sh\n(.*?)```", text[text.index(MARKER) :], re.S).group(1)
    return dict(line.split("=", 1) for line in block.splitlines() if line.strip())


def production_environment(data_dir: Path) -> dict[str, str]:
    documented = documented_environment()
    # Nothing of the test run's own environment (e.g. the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    # The guide's key is a placeholder and its data folder is not writable here.
    return env | documented | {"DOLEANCES_SECRET_KEY": secrets.token_urlsafe(50), "DOLEANCES_DATA_DIR": str(data_dir)}


def doleances(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    env = env | {"DJANGO_SETTINGS_MODULE": "doleances.settings"}
    return subprocess.run([sys.executable, "-m", "doleances", *args], env=env, capture_output=True, text=True, timeout=120)


def test_the_documented_production_environment_passes_check_deploy_without_warning(tmp_path):
    result = doleances("check", "--deploy", "--fail-level", "WARNING", env=production_environment(tmp_path))

    assert result.stderr == ""
    # The one silenced check is HSTS preloading, the organisation's decision (see the guide).
    assert result.stdout == "System check identified no issues (1 silenced).\n"
    assert result.returncode == 0


def test_the_documented_environment_sets_origins_cookies_proxy_header_and_hsts(tmp_path):
    script = (
        "from django.conf import settings as s; print(s.CSRF_TRUSTED_ORIGINS, s.ALLOWED_HOSTS[0], s.SECURE_PROXY_SSL_HEADER,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    result = doleances("shell", "--no-imports", "-c", script, env=production_environment(tmp_path))

    assert result.stdout == (
        "['https://reclamations.example.org'] reclamations.example.org"
        " ('HTTP_X_FORWARDED_PROTO', 'https') True True True 31536000\n"
    )


def test_a_local_http_address_keeps_plain_cookies_and_no_hsts(tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith("DOLEANCES_")}
    env |= {"DOLEANCES_DATA_DIR": str(tmp_path), "DOLEANCES_PUBLIC_URL": "http://127.0.0.1:8101"}
    script = (
        "from django.conf import settings as s; print(s.CSRF_TRUSTED_ORIGINS, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )

    result = doleances("shell", "--no-imports", "-c", script, env=env)

    assert result.stdout == "['http://127.0.0.1:8101'] False 0\n"


def test_a_public_url_without_scheme_is_a_clear_error(tmp_path):
    env = os.environ | {"DOLEANCES_DATA_DIR": str(tmp_path), "DOLEANCES_PUBLIC_URL": "reclamations.example.org"}

    result = doleances("check", env=env)

    assert result.returncode == 1
    assert "DOLEANCES_PUBLIC_URL must be like https://complaints.example.org, not 'reclamations.example.org'" in result.stderr

"""Every page carries the Content-Security-Policy (no inline script) and the Permissions-Policy;
answers with personal data say `Cache-Control: no-store`; no template needs inline script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.api.conftest import make_api_key
from tests.fixtures.objects import make_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self';"
    " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SOURCE = Path(__file__).resolve().parents[1] / "src" / "doleances"


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().partition(" ")[::2] for part in header.split(";") if part.strip())


def cache_control(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def staff(db, team):
    client = Client()
    client.force_login(make_user("agent", username="handler", teams=(team,), is_staff=True, is_superuser=True))
    return client


def pages(client: Client, staff: Client, complaint) -> dict[str, object]:
    _, key = make_api_key(complaint.team)
    api = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    return {
        "public form": client.get("/"),
        "customer's case": client.get(f"/track/{complaint.portal_token}/"),
        "staff login": client.get("/agent/login/"),
        "staff list": staff.get("/agent/complaints/"),
        "staff case": staff.get(f"/agent/complaints/{complaint.reference}/"),
        "administration": staff.get("/admin/complaints/complaint/"),
        "API answer": client.get(f"/api/v1/complaints/{complaint.reference}", **api),
        "API docs": client.get("/api/docs/"),
    }


def test_every_kind_of_page_carries_the_csp_and_the_permissions_policy(client, staff, complaint):
    for name, response in pages(client, staff, complaint).items():
        assert response.status_code == 200, name
        assert directives(response["Content-Security-Policy"]) == directives(CSP), name
        denied = set(response["Permissions-Policy"].split(", "))
        assert {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"} <= denied, name


def test_answers_with_personal_data_are_not_stored_and_the_public_form_is(client, staff, complaint):
    not_stored = {name for name, response in pages(client, staff, complaint).items() if "no-store" in cache_control(response)}

    # The public form holds no personal data and must survive the Back button with what was typed.
    assert not_stored == {
        "customer's case",
        "staff login",
        "staff list",
        "staff case",
        "administration",
        "API answer",
        "API docs",
    }


def test_the_api_docs_page_has_a_language_and_no_inline_script(client):
    html = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert re.search(r'<html lang="en">', html)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:|\bstyle=|<style|hx-on", re.I)


def test_no_template_of_ours_has_inline_script_style_or_event_handlers():
    offenders = [
        f"{path.relative_to(SOURCE)}: {match.group(0)}"
        for path in SOURCE.rglob("templates/**/*.html")
        for match in INLINE_SCRIPT.finditer(path.read_text())
    ]

    assert offenders == []

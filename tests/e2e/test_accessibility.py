"""Every page of ours, in French and in English, has no axe-core violation (axe-playwright-python
bundles axe-core: nothing is fetched).

Not walked: /api/docs/ (Swagger UI from the sidecar package; another change makes it accessible
and adds it to this walk). To add a page, add a line to `pages()`; staff pages are opened with a
session cookie (force_login), so a change of the login flow (two-factor, lockout screens) does
not break this walk: such screens are pages to add here too, as anonymous ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.test import Client

from doleances.complaints.models import Complaint
from doleances.core import clock
from doleances.core.models import OutboxMessage, OutboxStatus
from doleances.quality.services import create_problem
from tests.e2e.conftest import browser_page
from tests.fixtures.objects import make_complaint, make_team, make_user

LAPTOP = {"width": 1280, "height": 800}
LOCALES = {"fr": "fr-FR", "en": "en-GB"}


@dataclass(frozen=True)
class Walked:
    name: str
    path: str
    who: str | None  # None: anonymous; else the username of the session it is opened with
    status: int = 200


@pytest.fixture
def mail_dir(settings, tmp_path) -> Path:
    # The live server runs in this process: it reads the same settings.
    settings.EMAIL_BACKEND = "doleances.messaging.backends.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "mail"
    return settings.MAIL_DIR


def pages(mail_dir: Path) -> list[Walked]:
    """One case of each screen, with enough data for its tables and forms to show."""
    team = make_team("Facturation")
    make_user("agent", username="handler", is_superuser=True, teams=(team,), first_name="Marie", last_name="Durand")
    make_user(username="stranger")  # staff account without a role: the "forbidden" page
    complaint = make_complaint(team=team, claimed_amount=Decimal("49.90"), order_reference="CMD-4512")
    closed = make_complaint(team=team, subject="Colis jamais livré")
    regulated = make_complaint(team=team, subject="Virement non reçu", regulatory_profile="fr-payment-services")
    Complaint.objects.filter(pk=closed.pk).update(status="closed", closed_at=clock.now())
    problem = create_problem(title="Retards de remboursement", complaints=[complaint], actor=make_user(is_superuser=True))
    at = clock.now()
    OutboxMessage.objects.create(
        payload={"to": ["x@example.org"], "subject": "Bonjour", "body": "…"},
        status=OutboxStatus.DEAD,
        attempts=8,
        last_error="550 mailbox unavailable",
        next_attempt_at=at,
        created_at=at,
        complaint_reference=complaint.reference,
    )
    (mail,) = sorted(p.name for p in mail_dir.iterdir())[:1]
    from doleances.intake.mail.services import receive_mail

    receive_mail(b"Subject: =?utf-8?q?R=C3=A9clamation_sans_exp=C3=A9diteur?=\r\n\r\nCorps du message", origin="import")
    token = complaint.portal_token
    return [
        Walked("complaint form", "/", None),
        Walked("confirmation", f"/track/{token}/confirmation/", None),
        Walked("portal", f"/track/{token}/", None),
        Walked("closed portal", f"/track/{closed.portal_token}/", None),
        Walked("public 404", "/track/no-such-token/", None, status=404),
        Walked("agent login", "/agent/login/", None),
        Walked("complaint list", "/agent/complaints/", "handler"),
        Walked("case page", f"/agent/complaints/{complaint.reference}/", "handler"),
        Walked("closed case page", f"/agent/complaints/{closed.reference}/", "handler"),
        Walked("case with an extension form", f"/agent/complaints/{regulated.reference}/", "handler"),
        Walked("list by deadline", "/agent/complaints/?deadline=week&sort=due", "handler"),
        Walked("staff 404", "/agent/complaints/REC-1999-999999/", "handler", status=404),
        Walked("forbidden", "/agent/complaints/", "stranger", status=403),
        Walked("problems", "/agent/problems/", "handler"),
        Walked("problem", f"/agent/problems/{problem.pk}/", "handler"),
        Walked("words used", "/agent/terms/", "handler"),
        Walked("sent mail", "/agent/mail/", "handler"),
        Walked("one sent mail", f"/agent/mail/{mail}/", "handler"),
        Walked("outbox", "/agent/outbox/", "handler"),
        Walked("mail in quarantine", "/agent/inbound/quarantine/", "handler"),
    ]


def session_cookie(username: str, base_url: str) -> dict:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_has_no_axe_violation(browser, live_server, role_groups, mail_dir, language):
    walk = pages(mail_dir)
    axe = Axe()
    found = {}
    for walked in walk:
        with browser_page(browser, live_server, locale=LOCALES[language], viewport=LAPTOP) as page:
            if walked.who:
                page.context.add_cookies([session_cookie(walked.who, live_server.url)])
            response = page.goto(walked.path)
            assert (walked.name, response.status) == (walked.name, walked.status)
            assert page.evaluate("document.documentElement.lang") == language, walked.name
            results = axe.run(page)
            if results.violations_count:
                found[walked.name] = results.generate_snapshot()
    assert found == {}


def test_the_checker_does_find_a_violation(page):
    # Guards the walk above against passing vacuously (axe not injected, wrong results read).
    page.set_content(
        '<html lang="en"><head><title>T</title></head>'
        '<body><main><h1>T</h1><img src="x.png"><input type="text"></main></body></html>'
    )

    snapshot = Axe().run(page).generate_snapshot()

    assert snapshot.splitlines() == ["image-alt (critical) : 1", "label (critical) : 1"]

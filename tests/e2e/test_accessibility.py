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
from django.contrib.auth.models import User
from django.test import Client

from doleances.answers.models import Survey
from doleances.answers.services import answer_complaint
from doleances.complaints.models import Complaint
from doleances.complaints.services import transition_complaint
from doleances.core import clock
from doleances.core.models import OutboxMessage, OutboxStatus
from doleances.intake.models import PostChannel, PostSource
from doleances.intake.posts.mapping import Post
from doleances.intake.posts.services import receive_post
from doleances.messaging.models import OrganisationSettings
from doleances.quality.services import create_problem
from doleances.routing.models import RoutingRule, Tag
from doleances.routing.services import analyse_complaint
from tests.answers.conftest import ship_templates
from tests.e2e.conftest import browser_page
from tests.fixtures.objects import make_complaint, make_team, make_user

LAPTOP = {"width": 1280, "height": 800}
REVIEW_POST = Post(
    text="Livraison en retard de trois semaines et personne ne répond au téléphone. Je ne recommande pas.",
    author="Jeanne Martin",
    handle="@jeanne.m",
    url="https://avis.example/entreprise/doleances/avis/8f3c2a7e-4b1d-4c1e-9a53-2f6d8e0c71b4",
    rating=Decimal("1"),
    external_id="8f3c2a7e-4b1d-4c1e-9a53-2f6d8e0c71b4",
)
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
    review = PostSource.objects.create(name="avis", label="Avis Google", channel=PostChannel.REVIEW, default_team=team)
    posted = receive_post(review, REVIEW_POST, origin="import").complaint
    routed = routed_case(team)
    answered, survey = _answered_case_and_survey(team)  # issue 20
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
        Walked("routed case page (why here?)", f"/agent/complaints/{routed.reference}/", "handler"),
        Walked("closed case page", f"/agent/complaints/{closed.reference}/", "handler"),
        Walked("case page of a review", f"/agent/complaints/{posted.reference}/", "handler"),
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
        Walked("new complaint", "/agent/complaints/new/", "handler"),
        Walked("new complaint, search", "/agent/complaints/new/?q=jeanne", "handler"),
        Walked("new complaint, chosen customer", f"/agent/complaints/new/?customer={complaint.customer_id}", "handler"),
        Walked("customer page", f"/agent/customers/{complaint.customer_id}/?merge_q=colis", "handler"),
        Walked("answered case page", f"/agent/complaints/{answered.reference}/", "handler"),
        Walked("portal with a decision", f"/track/{answered.portal_token}/", None),
        Walked("lost link", "/link/", None),
        Walked("survey", f"/survey/{survey.token}/", None),
    ]


def routed_case(team):
    """A case a rule sent to its team and handler, with tags and a rule tried before (issue 18)."""
    RoutingRule.objects.create(name="Téléphone", order=1, channel="phone", set_priority="high")
    rule = RoutingRule.objects.create(name="Colis", order=2, keywords="colis", set_team=team, set_strategy="round_robin")
    rule.set_tags.add(Tag.objects.create(name="Livraison"))
    routed = make_complaint(subject="Colis perdu", description="Mon colis n'est jamais arrivé.")
    analyse_complaint(routed)
    return routed


def _answered_case_and_survey(team):
    """A case answered with a French rejection (decision panel, the portal's accept/refuse form),
    and a closed case with its survey."""
    ship_templates()
    org = OrganisationSettings.load()
    org.mediator_name, org.mediator_website = "Médiateur Démo", "www.mediateur.example"
    org.save()
    handler = User.objects.get(username="handler")
    answered = make_complaint(team=team, subject="Frais de tenue de compte")
    Complaint.objects.filter(pk=answered.pk).update(regulatory_profile="fr-acpr", assignee=handler)
    for action in ("qualify", "start"):
        transition_complaint(answered, action, actor=handler)
    answer_complaint(answered, outcome="rejected", reasons="Frais prévus au contrat.", remedy="apology_only", actor=handler)
    closed = make_complaint(team=team, subject="Carte bloquée")
    Complaint.objects.filter(pk=closed.pk).update(status="closed", closed_at=clock.now())
    survey = Survey.objects.create(complaint=closed, created_at=clock.now(), sent_at=clock.now())
    return answered, survey


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

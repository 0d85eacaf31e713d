"""Through a real browser: an agent prepares and sends a French rejection (the mediator block is in
it), the customer refuses the remedy on a phone and the case reopens; then the survey on a phone.
Screens in French and English, laptop and phone, none scrolling sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from doleances.answers.models import Decision, Survey
from doleances.complaints.models import Complaint
from doleances.complaints.services import transition_complaint
from doleances.core import clock
from doleances.messaging.models import OrganisationSettings
from tests.answers.conftest import ship_templates
from tests.e2e.conftest import browser_page
from tests.e2e.test_accessibility import session_cookie
from tests.fixtures.objects import make_complaint, make_team, make_user

LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
LOCALES = {"fr": "fr-FR", "en": "en-GB"}


@pytest.fixture
def case(role_groups):
    ship_templates()
    org = OrganisationSettings.load()
    org.name = "Banque Exemple"
    org.mediator_name, org.mediator_website = "Médiateur de la consommation Démo", "www.mediateur.example"
    org.save()
    team = make_team("Réclamations")
    handler = make_user("agent", username="handler", teams=(team,), first_name="Marie", last_name="Durand")
    complaint = make_complaint(team=team, subject="Frais de tenue de compte prélevés deux fois")
    Complaint.objects.filter(pk=complaint.pk).update(regulatory_profile="fr-acpr", assignee=handler)
    for action in ("qualify", "start"):
        transition_complaint(complaint, action, actor=handler)
    return Complaint.objects.get(pk=complaint.pk)


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_agent_answers_and_the_customer_refuses_on_a_phone(browser, live_server, case, language, screenshot):
    with browser_page(browser, live_server, locale=LOCALES[language], viewport=LAPTOP) as page:
        page.context.add_cookies([session_cookie("handler", live_server.url)])
        page.goto(f"/agent/complaints/{case.reference}/")
        page.select_option("#id_answer_decision", "rejected")
        page.fill("#id_answer_reasons", "Les frais sont prévus à l'article 4 de la convention de compte.")
        page.select_option("#id_answer_remedy", "apology_only")
        page.click("[data-testid=prepare-answer]")
        expect(page.locator("#id_answer_body")).to_contain_text("Médiateur de la consommation Démo")
        expect(page.locator("[data-testid=writing-check]")).to_be_visible()
        screenshot(page, f"{language}-laptop-prepared")
        page.click("[data-testid=send-answer]")
        expect(page.locator("[data-testid=decision-panel]")).to_be_visible()
        screenshot(page, f"{language}-laptop-answered")
    decision = Decision.objects.get()
    assert "Médiateur de la consommation Démo" in decision.body

    for viewport, name in ((PHONE, "phone"), (LAPTOP, "laptop")):
        with browser_page(browser, live_server, locale=LOCALES[language], viewport=viewport) as page:
            page.goto(f"/track/{case.portal_token}/")
            expect(page.locator("[data-testid=letter]")).to_contain_text("Médiateur de la consommation Démo")
            _fits(page, viewport["width"])
            screenshot(page, f"{language}-{name}-portal-decision")
    with browser_page(browser, live_server, locale=LOCALES[language], viewport=PHONE) as page:
        page.goto(f"/track/{case.portal_token}/")
        page.check("#id_remedy_choice_1")
        page.fill("#id_remedy_reason", "Je conteste : la convention ne prévoit pas ces frais.")
        page.get_by_role("button", name="Envoyer ma réponse" if language == "fr" else "Send my answer").click()
        expect(page.locator("[data-testid=customer-response]")).to_be_visible()
        screenshot(page, f"{language}-phone-portal-refused")
    assert Complaint.objects.get(pk=case.pk).status == "reopened"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_survey_on_a_phone(browser, live_server, role_groups, language, screenshot):
    complaint = make_complaint(subject="Carte bloquée")
    Complaint.objects.filter(pk=complaint.pk).update(status="closed", closed_at=clock.now())
    survey = Survey.objects.create(complaint=complaint, created_at=clock.now(), sent_at=clock.now())
    with browser_page(browser, live_server, locale=LOCALES[language], viewport=PHONE) as page:
        page.goto(f"/survey/{survey.token}/")
        _fits(page, PHONE["width"])
        screenshot(page, f"{language}-phone-survey")
        for name, value in (("solved", "yes"), ("outcome_rating", "4"), ("process_rating", "3"), ("treatment_rating", "5")):
            page.locator(f"input[name={name}][value='{value}']").check()
        page.locator("form button.button[type=submit]").click()
        expect(page.locator("[data-testid=survey-thanks]")).to_be_visible()
    survey.refresh_from_db()
    assert (survey.solved, survey.outcome_rating, survey.process_rating, survey.treatment_rating) == (True, 4, 3, 5)

"""The "New complaint" screen in a real browser (issue 17): French and English, laptop (1366x800)
and phone (390x844), no sideways scroll, axe-core clean; an agent finds the customer, types the
call and registers it, then opens the customer page from the case."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from doleances.complaints.models import Complaint
from tests.e2e.conftest import browser_page
from tests.e2e.test_accessibility import session_cookie
from tests.fixtures.objects import make_complaint, make_team, make_user

VIEWPORTS = {"laptop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}
LOCALES = {"fr": "fr-FR", "en": "en-GB"}
TEXT = {
    "fr": {"h1": "Nouvelle réclamation", "choose": "Choisir", "register": "Enregistrer la réclamation", "new": "Nouveau"},
    "en": {"h1": "New complaint", "choose": "Choose", "register": "Register the complaint", "new": "New"},
}


def violations(page) -> str:
    results = Axe().run(page)
    return results.generate_snapshot() if results.violations_count else ""


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_an_agent_registers_a_phone_call_for_a_known_customer(browser, live_server, role_groups, screenshot, language, device):
    team = make_team("Facturation")
    agent = make_user("agent", username="agent1", teams=(team,), first_name="Marie", last_name="Durand")
    known = make_complaint(team=team, name="Jeanne Martin", email="jeanne.martin@example.org").customer
    text = TEXT[language]
    width = VIEWPORTS[device]["width"]
    with browser_page(browser, live_server, locale=LOCALES[language], viewport=VIEWPORTS[device]) as page:
        page.context.add_cookies([session_cookie("agent1", live_server.url)])
        page.goto("/agent/complaints/new/")
        expect(page.locator("h1")).to_have_text(text["h1"])
        assert violations(page) == ""
        screenshot(page, f"{language}-{device}-empty")
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        # Search as you type (htmx), then choose the customer.
        page.locator("#id_customer_q").fill("jeanne mar")
        matches = page.get_by_test_id("customer-matches")
        expect(matches).to_contain_text("jeanne.martin@example.org")
        screenshot(page, f"{language}-{device}-search")
        matches.get_by_role("link", name=f"{text['choose']} Jeanne Martin").click()
        expect(page.get_by_test_id("chosen-customer")).to_contain_text("Jeanne Martin")

        page.locator("#id_words").fill("On m'a prélevé deux fois l'abonnement de novembre.")
        page.locator("#id_restatement").fill("Double prélèvement de novembre ; remboursement du second demandé.")
        page.locator("#id_restatement_confirmed").check()
        # The written record is offered for what was said aloud only.
        expect(page.locator("#id_send_written_record")).to_be_visible()
        page.locator("input[name=channel][value=letter]").check()
        expect(page.locator("#id_send_written_record")).to_be_hidden()
        page.locator("input[name=channel][value=phone]").check()
        page.locator("#id_send_written_record").check()
        assert violations(page) == ""
        screenshot(page, f"{language}-{device}-filled")
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        page.get_by_role("button", name=text["register"]).click()
        expect(page.locator("li.flash-success")).to_be_visible()
        complaint = Complaint.objects.get(customer=known, taken_by=agent)
        expect(page.locator("li.flash-success")).to_contain_text(complaint.reference)
        screenshot(page, f"{language}-{device}-case")
        page.get_by_test_id("customer-page-link").click()
        expect(page.get_by_test_id("customer-complaints")).to_contain_text(complaint.reference)
        assert violations(page) == ""
        screenshot(page, f"{language}-{device}-customer")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert complaint.channel == "phone"
    assert complaint.restatement_confirmed_at is not None


@pytest.mark.parametrize("language", ["fr", "en"])
def test_errors_are_shown_beside_their_fields_and_nothing_is_lost(browser, live_server, role_groups, screenshot, language):
    make_user("agent", username="agent2", teams=(make_team("Accueil"),))
    with browser_page(browser, live_server, locale=LOCALES[language], viewport=VIEWPORTS["phone"]) as page:
        page.context.add_cookies([session_cookie("agent2", live_server.url)])
        page.goto("/agent/complaints/new/")
        page.locator("#id_name").fill("Paul Durand")
        page.locator("#id_received_at").fill("2999-01-01")
        page.locator("#id_restatement").fill("Une reformulation gardée.")
        page.get_by_role("button", name=TEXT[language]["register"]).click()
        expect(page.get_by_test_id("intake-errors")).to_be_visible()
        expect(page.locator("#id_restatement")).to_have_value("Une reformulation gardée.")
        assert violations(page) == ""
        screenshot(page, f"{language}-phone-errors")
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    assert Complaint.objects.count() == 0

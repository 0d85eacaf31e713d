"""On a phone (390 px wide, French), no agent screen scrolls sideways: long French labels, long
names and long select options wrap or shrink instead of widening the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import browser_page
from tests.fixtures.objects import make_complaint, make_user

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(browser, live_server):
    with browser_page(browser, live_server, locale="fr-FR", viewport=PHONE) as page:
        yield page


def test_agent_screens_fit_a_phone(phone_page, role_groups, screenshot):
    page = phone_page
    make_user("agent", username="handler", is_superuser=True, first_name="Marie-Christine", last_name="de La Tour-Dupont")
    make_user("agent", username="other", first_name="Jean-Baptiste-Emmanuel", last_name="Fontaine-Villeneuve")
    complaint = make_complaint(
        subject="Prélèvement effectué deux fois sur le compte joint malgré la résiliation",
        description="Bonjour, le prélèvement de mars a été effectué deux fois. " * 6,
    )

    page.goto("/agent/login/")
    page.fill("input[name=username]", "handler")
    page.fill("input[name=password]", "secret-pass-123")
    page.click("form:has(input[name=username]) button[type=submit]")
    expect(page.locator(f"tr[data-reference='{complaint.reference}']")).to_be_visible()

    for path in ("/agent/complaints/", f"/agent/complaints/{complaint.reference}/", "/agent/problems/", "/agent/terms/"):
        page.goto(path)
        widest = page.evaluate("document.documentElement.scrollWidth")
        screenshot(page, path.strip("/").replace("/", "-"))
        assert widest <= PHONE["width"], f"{path} is {widest} px wide on a {PHONE['width']} px phone"

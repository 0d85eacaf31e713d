"""The case page of a complaint posted on a review site: where it was posted and its public
address, in French and English, on a laptop and a phone (no sideways scroll)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from doleances.intake.models import PostChannel, PostSource
from doleances.intake.posts.services import receive_post
from tests.e2e.conftest import browser_page
from tests.e2e.test_accessibility import REVIEW_POST, session_cookie
from tests.fixtures.objects import make_team, make_user

VIEWPORTS = {"laptop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}
LOCALES = {"fr": "fr-FR", "en": "en-GB"}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_the_case_page_shows_where_a_review_was_posted(browser, live_server, role_groups, screenshot, language, device):
    team = make_team("Réseaux sociaux")
    make_user("agent", username="handler", teams=(team,), first_name="Marie", last_name="Durand")
    source = PostSource.objects.create(name="avis", label="Avis Google", channel=PostChannel.REVIEW, default_team=team)
    complaint = receive_post(source, REVIEW_POST, origin="import").complaint
    with browser_page(browser, live_server, locale=LOCALES[language], viewport=VIEWPORTS[device]) as page:
        page.context.add_cookies([session_cookie("handler", live_server.url)])
        page.goto(f"/agent/complaints/{complaint.reference}/")
        panel = page.get_by_test_id("post-origin")
        expect(panel).to_contain_text("Avis Google")
        expect(panel.locator("a.post-url")).to_have_attribute("href", REVIEW_POST.url)
        expect(panel).to_contain_text("Lieu de publication" if language == "fr" else "Where it was posted")
        screenshot(page, f"{language}-{device}")
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[device]["width"]

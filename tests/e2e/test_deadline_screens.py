"""The deadline screens in a real browser (issue 19): the list by next deadline and the case's
deadline panel, French and English, laptop and phone; screenshots with DOLEANCES_SCREENSHOTS."""

from __future__ import annotations

from datetime import timedelta

import pytest

from doleances.complaints.models import Complaint
from doleances.core import clock
from tests.e2e.conftest import browser_page
from tests.e2e.test_accessibility import session_cookie
from tests.fixtures.objects import make_complaint, make_team, make_user

VIEWPORTS = {"laptop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_deadline_screens(browser, live_server, role_groups, screenshot, language, device):
    team = make_team("Paiements")
    make_user("agent", username="handler", teams=(team,), first_name="Marie", last_name="Durand")
    now = clock.now()
    late = make_complaint(team=team, subject="Virement non reçu", regulatory_profile="fr-payment-services")
    Complaint.objects.filter(pk=late.pk).update(next_due_at=now - timedelta(days=2), regulatory_breached_at=now)
    soon = make_complaint(team=team, subject="Carte bloquée", name="Paul Roux", email="paul@example.org")
    Complaint.objects.filter(pk=soon.pk).update(next_due_at=now + timedelta(hours=5))
    make_complaint(team=team, subject="Frais contestés", name="Léa Petit", email="lea@example.org", regulatory_profile="fr-acpr")
    locale = {"fr": "fr-FR", "en": "en-GB"}[language]
    with browser_page(browser, live_server, locale=locale, viewport=VIEWPORTS[device]) as page:
        page.context.add_cookies([session_cookie("handler", live_server.url)])
        page.goto("/agent/complaints/?sort=due")
        first = page.locator("[data-testid=time-left]").first
        assert first.inner_text() == ("En retard de 2 jours" if language == "fr" else "Late by 2 days")
        screenshot(page, "list")
        page.goto(f"/agent/complaints/{late.reference}/")
        assert page.locator("[data-testid=deadlines]").is_visible()
        assert page.locator("[data-testid=regulatory-breach]").is_visible()
        assert page.locator("[data-testid=extension-form]").count() == 1
        page.locator("[data-testid=deadlines]").scroll_into_view_if_needed()
        screenshot(page, "case")

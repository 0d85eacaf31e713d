"""Issue 18's screens in a real browser: the list with its bulk bar, a bulk summary with a
refusal, the case's "why here?" panel; French and English, laptop and phone. Screenshots in
test-artifacts/ when DOLEANCES_SCREENSHOTS is set."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from doleances.complaints.models import Customer
from doleances.routing.models import RoutingRule, Tag
from doleances.routing.services import analyse_complaint
from tests.e2e.conftest import browser_page
from tests.fixtures.objects import make_complaint, make_team, make_user

LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
LOCALES = {"fr": "fr-FR", "en": "en-GB"}


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_bulk_work_and_why_here(browser, live_server, role_groups, screenshot, language, viewport):
    team = make_team("Livraison")
    handler = make_user("supervisor", username="marie", first_name="Marie", last_name="Durand", teams=(team,))
    manager = make_user("agent", "contributor", username="marc", first_name="Marc", last_name="Commercial", teams=(team,))
    make_user("agent", username="paul", first_name="Paul", last_name="Martin", teams=(team,))
    RoutingRule.objects.create(name="Téléphone", order=1, channel="phone", set_priority="high")
    rule = RoutingRule.objects.create(name="Colis", order=2, keywords="colis", set_team=team, set_strategy="round_robin")
    rule.set_tags.add(Tag.objects.create(name="Livraison"))
    routed = make_complaint(subject="Colis perdu", description="Mon colis n'est jamais arrivé.")
    Customer.objects.filter(pk=routed.customer_id).update(account_manager=manager)
    analyse_complaint(routed)
    others = [make_complaint(team=team, email=f"c{n}@example.org", subject=f"Retard {n}") for n in range(3)]
    client = Client()
    client.force_login(handler)
    cookie = {"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value}
    size = LAPTOP if viewport == "laptop" else PHONE
    with browser_page(browser, live_server, locale=LOCALES[language], viewport=size) as page:
        page.context.add_cookies([{**cookie, "url": live_server.url}])
        page.goto(f"/agent/complaints/{routed.reference}/")
        assert page.get_by_test_id("why-here").is_visible()
        screenshot(page, "why-here")
        page.goto("/agent/complaints/")
        for complaint in [routed, *others]:
            page.locator(f'input[name="references"][value="{complaint.reference}"]').check()
        page.get_by_test_id("bulk-bar").locator("summary").click()
        page.select_option("#id_bulk_action", "assign")
        page.select_option("#id_bulk_assignee", str(manager.pk))
        screenshot(page, "list-ticked")
        page.locator("#bulk button[type=submit]").click()
        assert page.get_by_test_id("bulk-refused").is_visible()
        screenshot(page, "bulk-summary")

"""The quarantine page in a real browser: French and English, laptop and phone (no sideways scroll),
and processing a message again from its button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from doleances.intake.mail.services import receive_mail
from doleances.intake.models import InboundMail, InboundStatus
from tests.e2e.conftest import browser_page
from tests.e2e.test_accessibility import session_cookie
from tests.fixtures.objects import make_user

VIEWPORTS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LOCALES = {"fr": "fr-FR", "en": "en-GB"}
WITHOUT_SENDER = (
    b"Subject: =?utf-8?q?Contestation_du_pr=C3=A9l=C3=A8vement_de_mars_sur_le_compte_joint?=\r\n"
    b"Message-ID: <sans-expediteur@example.org>\r\n\r\nLe pr\xc3\xa9l\xc3\xa8vement a \xc3\xa9t\xc3\xa9 fait deux fois."
)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_the_quarantine_page_fits_and_reprocesses(browser, live_server, role_groups, screenshot, language, device, settings):
    make_user("administrator", username="admin1", first_name="Admin", last_name="Démo")
    settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES = 200
    big = receive_mail(b"From: jeanne.martin@example.org\r\nSubject: Facture\r\n\r\n" + b"x" * 400, origin="imap").mail
    receive_mail(WITHOUT_SENDER, origin="import")
    with browser_page(browser, live_server, locale=LOCALES[language], viewport=VIEWPORTS[device]) as page:
        page.context.add_cookies([session_cookie("admin1", live_server.url)])
        page.goto("/agent/inbound/quarantine/")
        expect(page.locator("h1")).to_have_text("Courriels en quarantaine" if language == "fr" else "Mail in quarantine")
        screenshot(page, f"{language}-{device}")
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[device]["width"]

        settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES = 10_000_000
        page.locator(f"form[action$='/{big.pk}/reprocess/'] button").click()
        expect(page.locator("li.flash-success")).to_be_visible()
        screenshot(page, f"{language}-{device}-after")
    assert InboundMail.objects.get(pk=big.pk).status == InboundStatus.CREATED

"""The sign-in screens in a real browser, French and English, laptop and phone: lockout message,
second-factor enrolment and verification, password reset, staff 404 and 403. Each screen has no
axe-core violation and does not scroll sideways."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from doleances.core import clock
from tests.e2e.conftest import browser_page
from tests.fixtures.objects import make_complaint, make_team, make_user
from tests.settings import PRODUCTION_2FA_ROLES

PASSWORD = "secret-pass-123"
SCREENS = {
    "laptop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


@pytest.fixture
def check(screenshot):
    axe = Axe()

    def check_screen(page, name: str, width: int) -> None:
        screenshot(page, name)
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        widest = page.evaluate("document.documentElement.scrollWidth")
        assert widest <= width, f"{name} is {widest} px wide"

    return check_screen


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/agent/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form:has(input[name=username]) button[type=submit]")


def log_out(page) -> None:
    page.click("form.nav-logout button, form.login-more button")


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
@pytest.mark.parametrize("screen", SCREENS)
def test_sign_in_screens(browser, live_server, settings, role_groups, mailoutbox, check, locale, screen):
    settings.DOLEANCES_2FA_REQUIRED_ROLES = PRODUCTION_2FA_ROLES
    viewport = SCREENS[screen]
    width = viewport["width"]
    team = make_team("Facturation")
    make_user("supervisor", username="claire", teams=(team,), is_staff=True, first_name="Claire", last_name="Lambert")
    make_user("agent", username="locked", teams=(team,))
    outside = make_complaint(team=make_team("Livraison"))

    with browser_page(browser, live_server, locale=locale, viewport=viewport) as page:
        # Lockout after five wrong passwords.
        for _ in range(5):
            log_in(page, "locked", "wrong-password")
        expect(page.get_by_test_id("lockout")).to_be_visible()
        check(page, "1-lockout", width)

        # A supervisor without an authenticator enrols one.
        log_in(page, "claire")
        expect(page.locator(".qr svg")).to_be_visible()
        check(page, "2-enrol", width)
        device = TOTPDevice.objects.get(user__username="claire")
        page.fill("input[name=code]", code_of(device))
        page.click("form:has(input[name=code]) button[type=submit]")
        expect(page.locator(".flash-success")).to_be_visible()

        # Staff 404 (a case of another team) and 403 (the admin without model rights).
        page.goto(f"/agent/complaints/{outside.reference}/")
        expect(page.locator("nav.header-nav a[href='/agent/terms/']")).to_be_visible()
        check(page, "3-staff-404", width)
        page.goto("/admin/complaints/complaint/")
        expect(page.locator("nav.header-nav a[href='/agent/terms/']")).to_be_visible()
        check(page, "4-staff-403", width)
        log_out(page)

        # Next sign-in: the code after the password, once wrong, then right.
        log_in(page, "claire")
        page.fill("input[name=code]", "000000")
        page.click("form:has(input[name=code]) button[type=submit]")
        expect(page.locator("#code-error")).to_be_visible()
        check(page, "5-verify-wrong-code", width)
        # Past the wait after a wrong code, and into the next 30-second step (a code works once).
        with time_machine.travel(clock.now() + timedelta(seconds=31), tick=False):
            page.fill("input[name=code]", code_of(device))
            page.click("form:has(input[name=code]) button[type=submit]")
            expect(page).to_have_url(re.compile(r"/agent/complaints/$"))
        log_out(page)

        # Password reset: ask, mail, too short a password, then a good one.
        page.goto("/agent/password-reset/")
        check(page, "6-reset-form", width)
        page.fill("input[name=email]", "claire@staff.example")
        page.click("main form button[type=submit]")
        expect(page.get_by_test_id("reset-sent")).to_be_visible()
        check(page, "7-reset-sent", width)
        [mail] = [m for m in mailoutbox if m.to == ["claire@staff.example"]]
        link = re.search(r"https?://\S+", mail.body).group(0)
        page.goto(live_server.url + link.split("8000", 1)[1])
        page.fill("input[name=new_password1]", "court")
        page.fill("input[name=new_password2]", "court")
        page.click("main form button[type=submit]")
        expect(page.locator(".errorlist").first).to_be_visible()
        check(page, "8-reset-new-password", width)
        page.fill("input[name=new_password1]", "Tournesol-Calculus-48")
        page.fill("input[name=new_password2]", "Tournesol-Calculus-48")
        page.click("main form button[type=submit]")
        check(page, "9-reset-done", width)

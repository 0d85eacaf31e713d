from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from doleances.portal.forms import AmountField
from tests.fixtures.objects import make_complaint


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("12,50", Decimal("12.50")),
        ("12.50", Decimal("12.50")),
        ("1 234,50 €", Decimal("1234.50")),
        ("1\u202f234,5", Decimal("1234.5")),
        ("1,234.50", Decimal("1234.50")),
        ("0", Decimal("0")),
        ("", None),
    ],
)
def test_amount_accepts_french_and_english_writing(typed, amount):
    assert AmountField(required=False, max_digits=12, decimal_places=2).clean(typed) == amount


def test_confirmation_in_another_browser_does_not_reveal_the_email(db):
    complaint = make_complaint(email="secret.person@example.org")

    response = Client().get(f"/track/{complaint.portal_token}/confirmation/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert "secret.person@example.org" not in html
    assert "We have sent an acknowledgement to the email address we have for you." in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_confirmation_of_unknown_token_is_404(client, db):
    assert client.get("/track/unknown/confirmation/").status_code == 404


def test_server_error_page_renders_without_a_request():
    with translation.override("en"):
        html = render_to_string("500.html")

    assert "Sorry, something went wrong on our side" in html
    assert "did not see a reference number, it has not been registered" in html


def test_csrf_page_tells_to_allow_cookies_when_the_cookie_is_missing(db, form_data):
    response = Client(enforce_csrf_checks=True).post("/", form_data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert "please allow cookies for this site" in response.content.decode()

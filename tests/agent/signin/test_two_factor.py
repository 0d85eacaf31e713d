"""Second factor (TOTP): required for administrators and supervisors, open to everyone, on every
door (/agent/ and /admin/)."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from doleances.agent.signin.policy import second_factor_required
from doleances.core import clock
from tests.agent.signin.conftest import browser, current_code, enrolled, is_signed_in, past_the_throttle, sign_in
from tests.fixtures.objects import make_user
from tests.settings import PRODUCTION_2FA_ROLES

pytestmark = pytest.mark.django_db

VERIFY = reverse("agent:two_factor_verify")
ENROL = reverse("agent:two_factor_enrol")
LIST = reverse("agent:complaint_list")


def test_production_default_requires_administrators_and_supervisors():
    assert PRODUCTION_2FA_ROLES == ["administrator", "supervisor"]
    assert [second_factor_required(make_user(role)) for role in ("administrator", "supervisor", "agent", "auditor")] == [
        True,
        True,
        False,
        False,
    ]
    assert second_factor_required(make_user(is_superuser=True)) is True


def test_supervisor_without_an_app_must_enrol_before_any_page(team):
    make_user("supervisor", username="claire", teams=(team,))
    client = browser()

    response = sign_in(client, "claire")
    pages = [client.get(path) for path in (LIST, "/admin/", reverse("agent:outbox"))]

    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == f"{ENROL}?next=%2Fagent%2Fcomplaints%2F"
    assert [p["Location"] for p in pages] == [
        f"{ENROL}?next=%2Fagent%2Fcomplaints%2F",
        f"{ENROL}?next=%2Fadmin%2F",
        f"{ENROL}?next=%2Fagent%2Foutbox%2F",
    ]


def test_enrolment_shows_a_local_qr_code_and_the_secret_then_the_first_code_confirms_it(team):
    supervisor = make_user("supervisor", username="claire", teams=(team,))
    client = browser()
    sign_in(client, "claire")

    page = client.get(f"{ENROL}?next={LIST}").content.decode()
    device = TOTPDevice.objects.get(user=supervisor)
    wrong = client.post(ENROL, {"code": "000000", "next": LIST})
    with past_the_throttle():
        confirmed = client.post(ENROL, {"code": current_code(device), "next": LIST})

    assert re.search(r"<svg[^>]*>", page)
    assert "<img" not in page  # drawn here: no QR image fetched from anywhere
    assert 'href="/agent/terms/"' not in page  # no staff menu before the second factor: it would lead back here
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert wrong.status_code == 200
    assert "This code is not right." in wrong.content.decode()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == LIST
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(LIST).status_code == 200


def test_enrolled_supervisor_gives_the_code_after_the_password(team):
    supervisor = make_user("supervisor", username="claire", teams=(team,))
    device = enrolled(supervisor)
    client = browser()

    response = sign_in(client, "claire", next="/agent/outbox/")
    before = client.get("/agent/outbox/")
    with time_machine.travel(clock.now(), tick=False):  # the second try comes within the wait
        wrong = client.post(VERIFY, {"code": "123456", "next": "/agent/outbox/"})
        at_once = client.post(VERIFY, {"code": current_code(device), "next": "/agent/outbox/"})
    with past_the_throttle():
        right = client.post(VERIFY, {"code": current_code(device), "next": "/agent/outbox/"})
        outbox = client.get("/agent/outbox/")

    assert response["Location"] == "/agent/outbox/"
    assert before["Location"] == f"{VERIFY}?next=%2Fagent%2Foutbox%2F"
    assert "This code is not right. Type the code your app shows now." in wrong.content.decode()
    assert "Too many wrong codes: wait a minute" in at_once.content.decode()
    assert right["Location"] == "/agent/outbox/"
    assert outbox.status_code == 200


def test_verification_gives_a_new_session_key(team):
    device = enrolled(make_user("supervisor", username="claire", teams=(team,)))
    client = browser()
    sign_in(client, "claire")
    key_with_password_only = client.session.session_key

    client.post(VERIFY, {"code": current_code(device)})

    assert client.session.session_key != key_with_password_only
    assert is_signed_in(client)


def test_superuser_reaches_the_admin_only_after_the_code():
    root = make_user(username="root", is_staff=True, is_superuser=True)
    device = enrolled(root)
    client = browser()
    sign_in(client, "root", next="/admin/")

    blocked = client.get("/admin/")
    client.post(VERIFY, {"code": current_code(device), "next": "/admin/"})

    assert blocked["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/admin/").status_code == 200


def test_the_password_alone_cannot_enrol_a_new_app_over_an_existing_one(team):
    enrolled(make_user("supervisor", username="claire", teams=(team,)))
    client = browser()
    sign_in(client, "claire")

    response = client.get(ENROL)

    assert response["Location"] == f"{VERIFY}?next=%2Fagent%2Faccount%2Ftwo-step%2F"
    assert TOTPDevice.objects.filter(confirmed=False).count() == 0


def test_agent_signs_in_with_the_password_alone(agent):
    client = browser()

    sign_in(client, "agent")

    assert client.get(LIST).status_code == 200


def test_agent_who_enrolled_of_their_own_accord_gives_the_code_next_time(agent):
    device = enrolled(agent)
    client = browser()

    sign_in(client, "agent")

    assert client.get(LIST)["Location"] == f"{VERIFY}?next=%2Fagent%2Fcomplaints%2F"
    client.post(VERIFY, {"code": current_code(device)})
    assert client.get(LIST).status_code == 200


def test_verified_person_moves_to_a_new_phone_and_the_old_app_stops_working(agent):
    old = enrolled(agent)
    client = browser()
    sign_in(client, "agent")
    client.post(VERIFY, {"code": current_code(old)})

    client.get(ENROL)
    new = TOTPDevice.objects.get(user=agent, confirmed=False)
    client.post(ENROL, {"code": current_code(new)})

    assert list(TOTPDevice.objects.filter(user=agent).values_list("pk", "confirmed")) == [(new.pk, True)]


def test_anonymous_visitors_are_sent_to_the_login():
    client = browser()

    assert client.get(VERIFY)["Location"].startswith(reverse("agent:login"))
    assert client.get(ENROL)["Location"] == f"{reverse('agent:login')}?next=/agent/account/two-step/"


def test_logging_out_stays_possible_before_the_code(team):
    enrolled(make_user("supervisor", username="claire", teams=(team,)))
    client = browser()
    sign_in(client, "claire")

    response = client.post(reverse("agent:logout"))

    assert response["Location"] == reverse("agent:login")
    assert not is_signed_in(client)

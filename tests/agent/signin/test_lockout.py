"""Wrong passwords lock a username+address pair out for a while (django-axes), on both doors."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from doleances.core import clock
from tests.agent.signin.conftest import PASSWORD, browser, is_signed_in, sign_in
from tests.fixtures.objects import make_user

pytestmark = pytest.mark.django_db


def fail(client, username: str, times: int):
    return [sign_in(client, username, "wrong-password").status_code for _ in range(times)]


def test_fifth_wrong_password_locks_out_and_then_the_right_one_is_refused(agent):
    client = browser()

    assert fail(client, "agent", 5) == [200, 200, 200, 200, 429]
    response = sign_in(client, "agent", PASSWORD)

    assert response.status_code == 429
    assert not is_signed_in(client)
    page = response.content.decode()
    assert "Too many wrong passwords for this username from your connection: sign-in is blocked for 15 minutes." in page
    assert 'name="username" value="agent"' in page


def test_lockout_page_speaks_french():
    make_user("agent", username="alice")
    client = browser(language="fr")

    fail(client, "alice", 5)
    page = sign_in(client, "alice").content.decode()

    assert "Trop de mots de passe erronés pour cet identifiant depuis votre connexion" in page
    assert "la connexion est bloquée pendant 15 minutes." in page


def test_lockout_is_per_username_and_address(agent):
    make_user("agent", username="bruno")
    fail(browser("192.0.2.10"), "agent", 5)

    from_elsewhere = browser("198.51.100.7")
    sign_in(from_elsewhere, "agent")
    other_user_same_address = browser("192.0.2.10")
    sign_in(other_user_same_address, "bruno")

    assert is_signed_in(from_elsewhere)
    assert is_signed_in(other_user_same_address)


def test_lockout_ends_after_the_cool_off(agent):
    client = browser()
    fail(client, "agent", 5)

    with time_machine.travel(clock.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)):
        sign_in(client, "agent")

    assert is_signed_in(client)


def test_axes_reset_username_unlocks_at_once(agent):
    client = browser()
    fail(client, "agent", 5)

    call_command("axes_reset_username", "agent", verbosity=0)
    sign_in(client, "agent")

    assert is_signed_in(client)


def test_admin_login_is_the_staff_login():
    client = browser()

    response = client.get("/admin/login/?next=/admin/complaints/")
    posted = client.post("/admin/login/", {"username": "root", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("agent:login") + "?next=%2Fadmin%2Fcomplaints%2F"
    assert posted.status_code == 302
    assert not is_signed_in(client)


def test_a_locked_out_superuser_cannot_get_in_through_the_admin():
    make_user(username="root", is_staff=True, is_superuser=True)
    client = browser()
    fail(client, "root", 5)

    sign_in(client, "root", next="/admin/")
    admin = client.get("/admin/")

    assert not is_signed_in(client)
    assert admin.status_code == 302
    assert admin["Location"].startswith("/admin/login/")

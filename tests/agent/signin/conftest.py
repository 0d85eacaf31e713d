"""Sign-in tests run with the production policy: second factor for administrators and supervisors."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from doleances.core import clock
from tests.settings import PRODUCTION_2FA_ROLES

PASSWORD = "secret-pass-123"  # tests.fixtures.objects.make_user's


@pytest.fixture(autouse=True)
def production_2fa_policy(settings):
    settings.DOLEANCES_2FA_REQUIRED_ROLES = PRODUCTION_2FA_ROLES


def browser(ip: str = "192.0.2.10", language: str = "en") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR=ip)


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("agent:login"), {"username": username, "password": password, **extra})


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@contextmanager
def past_the_throttle():
    """django-otp makes each wrong code wait (1 s, then 2 s, 4 s...) before the next try."""
    with time_machine.travel(clock.now() + timedelta(seconds=3), tick=False):
        yield


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session

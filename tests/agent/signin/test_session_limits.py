"""Staff sessions end after an idle hour, and ten hours after sign-in however busy."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from doleances.core import clock
from tests.agent.signin.conftest import browser, sign_in

pytestmark = pytest.mark.django_db

LIST = reverse("agent:complaint_list")


def test_an_idle_hour_ends_the_session(agent):
    client = browser()
    start = clock.now()
    sign_in(client, "agent")

    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        response = client.get(LIST)

    assert response["Location"] == f"{reverse('agent:login')}?next=/agent/complaints/"


def test_activity_keeps_the_session_until_the_absolute_limit(agent):
    client = browser()
    start = clock.now()
    sign_in(client, "agent")

    statuses = {}
    for minutes in range(50, 11 * 60, 50):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            statuses[minutes] = client.get(LIST).status_code

    assert {m: s for m, s in statuses.items() if m <= 600} == {m: 200 for m in range(50, 601, 50)}
    assert statuses[650] == 302


def test_settings_come_from_the_environment_with_these_defaults(settings):
    assert (settings.DOLEANCES_SESSION_IDLE_MINUTES, settings.DOLEANCES_SESSION_MAX_HOURS) == (60, 10)
    assert settings.SESSION_COOKIE_AGE == 3600

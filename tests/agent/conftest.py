"""Shared arrangements for the staff UI tests: logged-in clients speaking English."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.fixtures.objects import make_team


def login(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def agent_client(agent) -> Client:
    return login(agent)


@pytest.fixture
def other_team(db):
    return make_team("Livraison")

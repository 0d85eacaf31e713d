"""Staff get staff error pages: the agent layout with its menu, in their language; customers keep theirs."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from doleances.error_pages import permission_denied
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint, make_team, make_user

pytestmark = pytest.mark.django_db

CUSTOMER_BUTTON = "Go to the complaint form"


def test_case_outside_the_agents_teams_is_a_staff_404(agent_client, other_team):
    outside = make_complaint(team=other_team)

    response = agent_client.get(f"/agent/complaints/{outside.reference}/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "This page does not exist or is not open to you" in page
    assert 'href="/agent/terms/">Words used</a>' in page  # the staff menu
    assert "Log out" in page
    assert CUSTOMER_BUTTON not in page


def test_staff_404_speaks_french(agent):
    client = login(agent)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"

    page = client.get("/agent/nothing-here/").content.decode()

    assert "Cette page n’existe pas ou ne vous est pas ouverte" in page
    assert "Retour aux réclamations" in page


def test_customer_pages_keep_the_customer_404(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert CUSTOMER_BUTTON in response.content.decode()


def test_refusal_in_the_admin_is_a_staff_403():
    staff_without_rights = make_user("agent", is_staff=True, teams=(make_team(),))

    response = login(staff_without_rights).get("/admin/complaints/complaint/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "Your account may not do this. Ask an administrator if your work needs it." in page
    assert 'href="/agent/terms/">Words used</a>' in page


def test_refusal_under_agent_is_a_staff_403_in_french(agent):
    request = RequestFactory().get("/agent/complaints/", HTTP_ACCEPT_LANGUAGE="fr")
    request.user = agent
    from django.utils import translation

    with translation.override("fr"):
        response = permission_denied(request, PermissionDenied())

    page = response.content.decode()
    assert response.status_code == 403
    assert "Accès refusé" in page
    assert "Votre compte ne peut pas faire cela." in page

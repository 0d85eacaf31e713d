"""The customer's portal after the answer: the decision and the letter, accept or refuse the remedy,
withdraw, a revoked or expired link, a lost link asked for by address."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client

from doleances.answers.models import Decision
from doleances.answers.services import answer_complaint, renew_portal_link
from doleances.complaints.lifecycle import Action
from doleances.complaints.models import Complaint
from doleances.complaints.services import transition_complaint
from doleances.core import clock
from doleances.core.models import OutboxMessage
from tests.answers.conftest import MEDIATOR
from tests.fixtures.objects import make_complaint

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    """The page without what changes on every response (CSP nonce, CSRF token)."""
    html = response.content.decode()
    html = re.sub(r'(nonce|value)="[^"]*"', r'\1=""', html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', html)


SCRIPT = '<script>alert("x")</script><b>gras</b>'


@pytest.fixture
def answered(french_case, agent) -> Decision:
    return answer_complaint(
        french_case,
        outcome="partially_upheld",
        reasons="Une partie des frais était due.",
        remedy="commercial_gesture",
        amount=Decimal("30.00"),
        currency="EUR",
        actor=agent,
    )


def _track(case: Complaint) -> str:
    return f"/track/{case.portal_token}/"


def test_the_portal_shows_the_decision_the_letter_and_its_pdf(client: Client, answered):
    page = client.get(_track(answered.complaint)).content.decode()

    assert "Partiellement fondée" in page or "Partially upheld" in page
    assert MEDIATOR.replace("'", "&#x27;") in page
    assert f"/documents/{answered.letter_id}/" in page
    pdf = client.get(f"{_track(answered.complaint)}documents/{answered.letter_id}/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_refusing_the_remedy_reopens_the_case_with_the_reason_and_a_second_answer_is_refused(client, answered):
    case = answered.complaint
    client.post(f"{_track(case)}remedy/", {"choice": "refuse", "reason": "Le geste ne couvre pas mes frais."})

    case.refresh_from_db()
    answered.refresh_from_db()
    assert case.status == "reopened"
    assert answered.customer_response == "refused"
    reopened = case.events.get(action="complaint.reopened")
    assert reopened.data["note"] == "Le geste ne couvre pas mes frais."
    assert case.events.filter(action="decision.remedy_refused", visibility="public").count() == 1

    client.post(f"{_track(case)}remedy/", {"choice": "accept"})
    client.post(f"{_track(case)}remedy/", {"choice": "refuse", "reason": "encore"})
    case.refresh_from_db()
    assert case.status == "reopened"
    assert case.events.filter(action__startswith="decision.remedy_").count() == 1


def test_a_refusal_needs_a_reason(client, answered):
    client.post(f"{_track(answered.complaint)}remedy/", {"choice": "refuse", "reason": "  "})
    answered.refresh_from_db()
    assert answered.customer_response == ""


def test_accepting_the_remedy_resolves_the_case(client, answered):
    client.post(f"{_track(answered.complaint)}remedy/", {"choice": "accept"})

    case = Complaint.objects.get(pk=answered.complaint_id)
    assert case.status == "resolved"
    assert list(case.events.values_list("action", flat=True))[-2:] == ["decision.remedy_accepted", "complaint.resolved"]


def test_html_in_the_customers_reason_is_shown_as_text(client, answered, agent):
    client.post(f"{_track(answered.complaint)}remedy/", {"choice": "refuse", "reason": SCRIPT})
    agent_client = Client()
    agent_client.force_login(agent)
    portal = client.get(_track(answered.complaint)).content.decode()
    case = agent_client.get(f"/agent/complaints/{answered.complaint.reference}/").content.decode()
    assert "<script>alert" not in portal
    assert "<script>alert" not in case
    assert "&lt;script&gt;" in case


def test_another_customers_link_cannot_answer_this_decision(client, answered, team):
    other = make_complaint(team=team, name="Autre", email="autre@example.org")
    client.post(f"{_track(other)}remedy/", {"choice": "accept"})
    answered.refresh_from_db()
    assert answered.customer_response == ""


def test_the_customer_withdraws_the_complaint(client, french_case):
    response = client.post(f"{_track(french_case)}withdraw/", {"confirm": "on", "reason": "Réglé à l'agence."})

    assert response.status_code == 302
    french_case.refresh_from_db()
    assert french_case.status == "withdrawn"
    assert french_case.events.get(action="complaint.withdrawn").data["by"] == "customer"


def test_withdrawing_needs_the_confirmation(client, french_case):
    client.post(f"{_track(french_case)}withdraw/", {})
    french_case.refresh_from_db()
    assert french_case.status == "in_progress"


def test_a_revoked_link_is_the_same_404_as_an_unknown_one(client, french_case, agent):
    old = _track(french_case)
    unknown = client.get("/track/not-a-real-token/")
    renew_portal_link(french_case, actor=agent)
    french_case.refresh_from_db()

    revoked = client.get(old)
    assert revoked.status_code == unknown.status_code == 404
    assert _page(revoked) == _page(unknown)
    assert client.get(_track(french_case)).status_code == 200
    sent = OutboxMessage.objects.filter(payload__template="portal_link").get()
    assert french_case.portal_token in sent.payload["body"]
    assert sent.payload["to"] == [french_case.customer.email]


def test_an_expired_link_is_a_404(client, french_case, agent, settings):
    transition_complaint(french_case, Action.WITHDRAW, actor=agent)
    Complaint.objects.filter(pk=french_case.pk).update(
        updated_at=clock.now() - timedelta(days=settings.DOLEANCES_PORTAL_LINK_DAYS_AFTER_END + 1)
    )
    assert client.get(_track(french_case)).status_code == 404


def test_a_lost_link_is_mailed_and_the_page_is_the_same_for_an_unknown_address(client, french_case):
    known = client.post("/link/", {"email": french_case.customer.email.upper()})
    unknown = client.post("/link/", {"email": "personne@example.org"})

    assert known.status_code == unknown.status_code == 200
    assert _page(known) == _page(unknown)
    mails = OutboxMessage.objects.filter(payload__template="portal_link")
    assert [m.payload["to"] for m in mails] == [[french_case.customer.email]]
    assert french_case.portal_token in mails[0].payload["body"]


def test_a_lost_link_page_never_shows_the_link(client, french_case):
    page = client.post("/link/", {"email": french_case.customer.email}).content.decode()
    assert french_case.portal_token not in page


def test_answering_a_clarification_request_resumes_the_case(client, french_case, agent):
    transition_complaint(french_case, Action.WAIT_FOR_CUSTOMER, actor=agent)

    client.post(_track(french_case), {"body": "Voici le numéro de contrat : C-1234.", "form_nonce": "n1"})

    french_case.refresh_from_db()
    assert french_case.status == "in_progress"
    assert french_case.events.filter(action="complaint.in_progress").last().data["reason"] == "customer_replied"

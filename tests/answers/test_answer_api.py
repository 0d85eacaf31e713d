"""POST /api/v1/complaints/{reference}/answer: the same service as the agent screen."""

from __future__ import annotations

import pytest

from doleances.answers.models import Decision
from doleances.complaints.models import Complaint
from doleances.messaging.models import ResponseTemplate
from tests.answers.conftest import MEDIATOR, case_in_progress
from tests.api.conftest import JsonClient, make_api_key
from tests.fixtures.objects import make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def integration(team):
    _key, secret = make_api_key(team)
    return JsonClient(secret)


def _url(case: Complaint) -> str:
    return f"/api/v1/complaints/{case.reference}/answer"


def test_an_answer_from_a_template_is_sent_and_returned(integration, french_case):
    template = ResponseTemplate.objects.get(letter="final_response", decision="rejected", language="fr")

    response = integration.post(
        _url(french_case), {"decision": "rejected", "reasons": "Conforme.", "remedy": "apology_only", "template": template.pk}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "answered"
    assert body["decision"] == "rejected"
    assert body["template"] == template.pk
    assert MEDIATOR in body["body"]
    assert body["message_id"].startswith("<outbox-")


def test_a_french_rejection_without_the_mediator_block_is_a_400_naming_it(integration, french_case):
    response = integration.post(
        _url(french_case), {"decision": "rejected", "reasons": "Conforme.", "remedy": "none", "body": "Désolés, merci, mais non."}
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "mandatory_content_missing"
    assert [m["block"] for m in problem["missing"]] == ["mediator"]
    assert not Decision.objects.exists()


def test_a_uk_final_response_without_the_ombudsman_wording_is_a_400(integration, agent, team, organisation):
    case = case_in_progress(agent, team, profile="uk-fca-disp", language="en")
    response = integration.post(
        _url(case), {"decision": "upheld", "reasons": "Our error.", "remedy": "apology_only", "body": "Sorry, thanks."}
    )

    assert response.status_code == 400
    assert [m["block"] for m in response.json()["missing"]] == ["ombudsman"]


def test_neither_template_nor_body_nor_a_valid_decision_is_refused_field_by_field(integration, french_case):
    response = integration.post(_url(french_case), {"decision": "maybe", "reasons": "", "remedy": "gold", "currency": "euro"})

    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} >= {"decision", "reasons", "remedy", "currency"}


def test_another_teams_complaint_is_a_404(french_case, organisation):
    _key, secret = make_api_key(make_team("Autre"))
    response = JsonClient(secret).post(_url(french_case), {"decision": "upheld", "reasons": "x", "remedy": "none", "body": "x"})
    assert response.status_code == 404


def test_answering_an_answered_complaint_is_a_409(integration, french_case):
    payload = {"decision": "upheld", "reasons": "Erreur.", "remedy": "apology_only", "body": "Désolés, merci."}
    assert integration.post(_url(french_case), payload).status_code == 201
    assert integration.post(_url(french_case), payload).status_code == 409

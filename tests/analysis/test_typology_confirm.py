"""Confirming the customer's profile from the case page: handlers only, in scope, on the timeline."""

from __future__ import annotations

import pytest
from django.urls import reverse

from doleances.analysis.models import CustomerTypology
from doleances.analysis.services import confirm_customer_typology
from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.core.errors import DoleancesError, Forbidden
from doleances.routing.services import analyse_complaint
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint, make_team, make_user

POLITE = "Je me permets de vous signaler, sans vouloir vous déranger, que ma facture est fausse."


def url(complaint) -> str:
    return reverse("agent:complaint_typology", args=[complaint.reference])


@pytest.fixture
def case(db, team) -> Complaint:
    complaint = make_complaint(team=team, description=POLITE)
    analyse_complaint(complaint)
    CustomerTypology.objects.filter(customer=complaint.customer).update(suggested="eau_dormante", confidence=0.6)
    return complaint


def typology_events(complaint) -> list[tuple[str, int | None, dict]]:
    return list(
        ComplaintEvent.objects.filter(complaint=complaint, action="routing.typology_confirmed")
        .order_by("sequence")
        .values_list("action", "actor_id", "data")
    )


def confirmed(complaint) -> str:
    return CustomerTypology.objects.get(customer=complaint.customer).confirmed


def test_handler_confirms_the_profile_and_an_event_is_recorded(case, agent):
    typology = confirm_customer_typology(case.customer, code="klaxon", actor=agent, complaint=case)

    assert (typology.suggested, typology.confirmed) == ("eau_dormante", "klaxon")
    assert confirmed(case) == "klaxon"
    assert typology_events(case) == [
        ("routing.typology_confirmed", agent.pk, {"from": "", "to": "klaxon", "suggested": "eau_dormante"})
    ]


def test_an_empty_code_clears_the_confirmation(case, agent):
    confirm_customer_typology(case.customer, code="klaxon", actor=agent, complaint=case)

    confirm_customer_typology(case.customer, code="", actor=agent, complaint=case)

    assert confirmed(case) == ""
    assert [data for _action, _actor, data in typology_events(case)] == [
        {"from": "", "to": "klaxon", "suggested": "eau_dormante"},
        {"from": "klaxon", "to": "", "suggested": "eau_dormante"},
    ]


def test_confirming_the_same_profile_again_records_nothing_more(case, agent):
    confirm_customer_typology(case.customer, code="klaxon", actor=agent, complaint=case)

    confirm_customer_typology(case.customer, code="klaxon", actor=agent, complaint=case)

    assert len(typology_events(case)) == 1


def test_confirming_creates_the_row_when_there_was_no_hint(db, team, agent):
    complaint = make_complaint(team=team)
    CustomerTypology.objects.filter(customer=complaint.customer).delete()

    confirm_customer_typology(complaint.customer, code="procedurier", actor=agent, complaint=complaint)

    assert CustomerTypology.objects.filter(customer=complaint.customer).values_list("suggested", "confirmed").get() == (
        "",
        "procedurier",
    )


def test_unknown_code_is_refused_and_nothing_changes(case, agent):
    with pytest.raises(DoleancesError) as raised:
        confirm_customer_typology(case.customer, code="tyran", actor=agent, complaint=case)

    assert (raised.value.code, raised.value.field) == ("invalid_typology", "typology")
    assert (confirmed(case), typology_events(case)) == ("", [])


def test_complaint_of_another_customer_is_refused(case, agent, team):
    other = make_complaint(team=team, email="autre@example.org", name="Autre Client")

    with pytest.raises(DoleancesError) as raised:
        confirm_customer_typology(case.customer, code="klaxon", actor=agent, complaint=other)

    assert raised.value.code == "wrong_customer"
    assert confirmed(case) == ""


def test_auditor_cannot_confirm_and_nothing_changes(case):
    auditor = make_user("auditor")

    with pytest.raises(Forbidden):
        confirm_customer_typology(case.customer, code="klaxon", actor=auditor, complaint=case)
    response = login(auditor).post(url(case), {"typology": "klaxon"})

    assert response.status_code == 403
    assert (confirmed(case), typology_events(case)) == ("", [])


def test_auditor_sees_the_profile_without_the_form(case):
    page = login(make_user("auditor")).get(reverse("agent:complaint_detail", args=[case.reference])).content.decode()

    assert 'data-testid="typology"' in page
    assert url(case) not in page


def test_handler_sees_the_form_with_the_suggestion_selected(case, agent):
    page = login(agent).get(reverse("agent:complaint_detail", args=[case.reference])).content.decode()

    assert url(case) in page
    assert '<option value="eau_dormante" selected>' in page


def test_handler_confirms_through_the_panel(case, agent):
    response = login(agent).post(url(case), {"typology": "klaxon"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "Customer profile confirmed: Horn (tells their circle or the public rather than you)." in response.content.decode()
    assert confirmed(case) == "klaxon"
    assert len(typology_events(case)) == 1


def test_unknown_code_through_the_panel_is_a_form_error(case, agent):
    response = login(agent).post(url(case), {"typology": "tyran"})

    assert response.status_code == 400
    assert "Choose a customer profile from the list." in response.content.decode()
    assert confirmed(case) == ""


def test_agent_of_another_team_gets_404_and_nothing_changes(case):
    outsider = make_user("agent", teams=(make_team("Autre"),))

    response = login(outsider).post(url(case), {"typology": "klaxon"})

    assert response.status_code == 404
    assert (confirmed(case), typology_events(case)) == ("", [])

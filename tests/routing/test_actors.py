"""A decision on what the analysis suggested is a person's (it trains the next model): `None` and
`SYSTEM` are refused; routing rules act as the system, and their event names no one."""

import pytest

from doleances.analysis.models import ComplaintAnalysis
from doleances.analysis.services import accept_category_suggestion, confirm_customer_typology, correct_category
from doleances.core.actors import SYSTEM
from doleances.core.errors import Forbidden
from doleances.routing.models import RoutingRule
from doleances.routing.services import analyse_complaint
from tests.fixtures.objects import make_complaint, make_team

DECISIONS = {
    "accept": lambda complaint, categories, actor: accept_category_suggestion(complaint, actor=actor),
    "correct": lambda complaint, categories, actor: correct_category(complaint, category=categories["delivery"], actor=actor),
    "typology": lambda complaint, categories, actor: confirm_customer_typology(
        complaint.customer, code="klaxon", actor=actor, complaint=complaint
    ),
}


@pytest.mark.parametrize("decision", list(DECISIONS))
@pytest.mark.parametrize(("actor", "code"), [(None, "no_actor"), (SYSTEM, "system_not_allowed")], ids=["none", "system"])
def test_no_decision_on_a_suggestion_is_taken_without_a_person(db, categories, team, decision, actor, code):
    complaint = make_complaint(team=team, description="Ma facture de mars est fausse.")
    analyse_complaint(complaint)
    events = complaint.events.count()

    with pytest.raises(Forbidden) as error:
        DECISIONS[decision](complaint, categories, actor)

    assert (error.value.code, error.value.status) == (code, 403)
    assert ComplaintAnalysis.objects.get(complaint=complaint).decided_by is None
    assert complaint.events.count() == events


def test_a_routing_rule_acts_as_the_system(db, categories):
    vip = make_team("Grands comptes")
    RoutingRule.objects.create(name="Factures", order=1, category=categories["billing"], set_team=vip)
    complaint = make_complaint(description="Ma facture de mars est fausse.")

    analyse_complaint(complaint)

    applied = complaint.events.get(action="routing.rule_applied")
    assert (applied.actor, applied.actor_label, applied.data["rule"]) == (None, "", "Factures")

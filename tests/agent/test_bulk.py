"""Bulk work from the list: each case through the same service and checks as one case, one
transaction per case, and a summary of what was refused and why."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from doleances.complaints.models import Complaint, Customer
from doleances.core.errors import DoleancesError
from doleances.routing.bulk import BULK_MAX, apply_to_many
from tests.fixtures.objects import make_complaint, make_team, make_user


@pytest.fixture
def queue(db, team, agent):
    other_team = make_team("Ailleurs")
    mine = [make_complaint(team=team, email=f"c{n}@example.org") for n in range(3)]
    elsewhere = make_complaint(team=other_team, email="other@example.org")
    return mine, elsewhere


def post(client: Client, **data):
    return client.post("/agent/complaints/bulk/", data, HTTP_ACCEPT_LANGUAGE="en")


def test_bulk_assign_gives_every_case_and_refuses_the_conflicted_one_with_its_reason(client, team, agent, queue):
    mine, _elsewhere = queue
    colleague = make_user("agent", username="bob", teams=(team,), first_name="Bob", last_name="Martin")
    Customer.objects.filter(pk=mine[2].customer_id).update(account_manager=colleague)
    client.force_login(agent)

    response = post(client, action="assign", assignee=colleague.pk, references=[c.reference for c in mine])

    assert response.status_code == 200
    assignees = [Complaint.objects.get(pk=c.pk).assignee for c in mine]
    assert assignees == [colleague, colleague, None]
    summary = response.context["summary"]
    assert (summary.done, [(r.reference, r.code) for r in summary.refused]) == (
        [mine[0].reference, mine[1].reference],
        [(mine[2].reference, "assignee_not_allowed")],
    )
    told = escape("Bob Martin cannot handle this complaint: they are the customer's account manager or on-site technician.")
    assert told in response.content.decode()


def test_a_case_outside_the_persons_scope_is_refused_like_a_missing_one(client, agent, queue):
    mine, elsewhere = queue
    client.force_login(agent)
    response = post(client, action="priority", priority="high", references=[mine[0].reference, elsewhere.reference, "REC-0"])
    summary = response.context["summary"]
    assert summary.done == [mine[0].reference]
    assert [(r.reference, r.code) for r in summary.refused] == [(elsewhere.reference, "not_found"), ("REC-0", "not_found")]
    assert Complaint.objects.get(pk=elsewhere.pk).priority == "normal"


def test_bulk_change_of_team_and_tag_are_audited_per_case(client, agent, queue):
    mine, _elsewhere = queue
    claims = make_team("Réclamations")
    client.force_login(agent)
    post(client, action="tag", tag="Panne fibre", references=[mine[0].reference, mine[1].reference])
    post(client, action="team", team=claims.pk, references=[mine[0].reference])
    first = Complaint.objects.get(pk=mine[0].pk)
    assert first.team == claims
    assert list(first.events.order_by("sequence").values_list("action", flat=True))[-2:] == [
        "complaint.tagged",
        "complaint.reclassified",
    ]
    assert Complaint.objects.get(pk=mine[1].pk).tag_links.get().tag.name == "Panne fibre"


def test_bulk_escalation_goes_through_the_escalation_door_and_needs_a_reason(client, agent, queue):
    mine, _elsewhere = queue
    client.force_login(agent)
    refused = post(client, action="escalate", reason="  ", references=[mine[0].reference])
    assert refused.status_code == 400
    assert "Say why these complaints are escalated." in refused.content.decode()
    post(client, action="escalate", reason="Panne générale", references=[mine[0].reference])
    escalated = Complaint.objects.get(pk=mine[0].pk)
    assert (escalated.priority, escalated.events.filter(action="complaint.escalated").count()) == ("high", 1)


def test_a_contributor_who_sees_a_case_may_not_act_on_it_in_bulk(client, queue):
    mine, _elsewhere = queue
    manager = make_user("contributor", username="marc")
    Customer.objects.filter(pk=mine[0].customer_id).update(account_manager=manager)
    client.force_login(manager)
    response = post(client, action="priority", priority="urgent", references=[mine[0].reference])
    assert [r.code for r in response.context["summary"].refused] == ["permission_denied"]
    assert Complaint.objects.get(pk=mine[0].pk).priority == "normal"


def test_nothing_ticked_or_too_many_is_refused_before_any_case(agent, queue):
    with pytest.raises(DoleancesError) as empty:
        apply_to_many(agent, [], action="priority", priority="high")
    with pytest.raises(DoleancesError) as too_many:
        apply_to_many(agent, [f"REC-{n}" for n in range(BULK_MAX + 1)], action="priority", priority="high")
    assert (empty.value.code, too_many.value.code) == ("bulk_empty", "bulk_too_many")


def test_an_unknown_action_is_a_form_error(client, agent, queue):
    client.force_login(agent)
    assert post(client, action="delete", references=[queue[0][0].reference]).status_code == 400


def test_the_list_shows_tick_boxes_and_the_bulk_bar_to_handlers_only(client, agent, queue):
    client.force_login(agent)
    page = client.get("/agent/complaints/").content.decode()
    assert 'form="bulk"' in page
    assert 'id="bulk"' in page
    auditor = make_user("auditor", username="audrey")
    client.force_login(auditor)
    assert 'form="bulk"' not in client.get("/agent/complaints/").content.decode()

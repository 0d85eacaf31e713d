"""One rule for the conversation, both ways: in every state, the agent may reply exactly when the
customer may add information (every state but the final ones); a closed case comes back by the
reopen transition, never by a message."""

import pytest
from django.urls import reverse

from doleances.complaints.enums import Channel, Direction, Status
from doleances.complaints.lifecycle import ACCEPTS_CUSTOMER_INPUT, Action, State
from doleances.complaints.models import Complaint
from doleances.complaints.services import add_customer_information, reply_to_customer, transition_complaint
from doleances.core.errors import Conflict
from tests.agent.conftest import login


def set_status(complaint: Complaint, status: str) -> Complaint:
    Complaint.objects.filter(pk=complaint.pk).update(status=status)
    complaint.refresh_from_db()
    return complaint


def outcome(write) -> str:
    try:
        write()
    except Conflict as error:
        return error.code
    return "accepted"


@pytest.mark.parametrize("state", list(State))
def test_the_agent_may_reply_exactly_when_the_customer_may_write(db, agent, complaint, state):
    agent_user = agent
    set_status(complaint, state)

    agent = outcome(lambda: reply_to_customer(complaint, body="Bonjour", actor=agent_user))
    set_status(complaint, state)  # a reply never changes the state, but a message may resume a waiting case
    customer = outcome(lambda: add_customer_information(complaint, body="Voici la facture.", channel=Channel.WEB))

    expected = "accepted" if state in ACCEPTS_CUSTOMER_INPUT else "complaint_final"
    assert (agent, customer) == (expected, expected)


@pytest.mark.parametrize("state", list(State))
def test_the_screens_offer_writing_exactly_when_the_services_accept_it(db, agent, client, complaint, state):
    set_status(complaint, state)
    agent_client = login(agent)

    case = agent_client.get(reverse("agent:complaint_detail", args=[complaint.reference])).content.decode()
    portal = client.get(reverse("portal:track", args=[complaint.portal_token])).content.decode()

    assert ('id="id_reply_body"' in case) == ('name="body"' in portal) == (state in ACCEPTS_CUSTOMER_INPUT)


def test_a_message_on_a_closed_case_reopens_nothing_the_reopen_transition_does(db, agent, complaint):
    for action in (Action.QUALIFY, Action.START, Action.ANSWER, Action.RESOLVE, Action.CLOSE):
        complaint = transition_complaint(complaint, action, actor=agent)

    with pytest.raises(Conflict):
        add_customer_information(complaint, body="Ce n'est pas réglé.", channel=Channel.WEB)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert not complaint.messages.filter(direction=Direction.INBOUND).exists()

    complaint = transition_complaint(complaint, Action.REOPEN, actor=agent)
    add_customer_information(complaint, body="Ce n'est pas réglé.", channel=Channel.WEB)
    reply_to_customer(complaint, body="Nous reprenons votre dossier.", actor=agent)

    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED
    assert list(complaint.messages.values_list("direction", flat=True)) == [Direction.INBOUND, Direction.OUTBOUND]

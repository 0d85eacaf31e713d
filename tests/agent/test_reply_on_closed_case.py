"""A closed case takes no reply: the box is gone, and the service refuses one with a clear error."""

import pytest
from django.urls import reverse
from django.utils import translation

from doleances.complaints.enums import Direction, Status
from doleances.complaints.lifecycle import ACCEPTS_REPLY, State
from doleances.complaints.models import Complaint, Message
from doleances.complaints.services import reply_to_customer
from doleances.core.errors import Conflict
from doleances.core.models import OutboxMessage


def set_status(complaint, status: str):
    Complaint.objects.filter(pk=complaint.pk).update(status=status)
    complaint.refresh_from_db()
    return complaint


def test_replies_are_accepted_while_the_case_is_open_or_resolved():
    assert frozenset(ACCEPTS_REPLY) == {
        State.RECEIVED,
        State.ACKNOWLEDGED,
        State.QUALIFIED,
        State.IN_PROGRESS,
        State.WAITING_CUSTOMER,
        State.ANSWERED,
        State.RESOLVED,
        State.REOPENED,
    }


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Status.CLOSED, "This complaint is closed: reopen it to reply to the customer."),
        (Status.WITHDRAWN, "This complaint was withdrawn or merged: it takes no more replies."),
    ],
)
def test_the_service_refuses_a_reply_on_a_finished_case_and_writes_nothing(db, agent, complaint, status, message):
    set_status(complaint, status)
    outbox_rows = OutboxMessage.objects.count()

    with translation.override("en"), pytest.raises(Conflict) as error:
        reply_to_customer(complaint, body="Bonjour", actor=agent)

    assert (error.value.code, error.value.message) == ("complaint_final", message)
    assert not Message.objects.filter(direction=Direction.OUTBOUND).exists()
    assert OutboxMessage.objects.count() == outbox_rows


@pytest.mark.parametrize(("status", "shown"), [(Status.IN_PROGRESS, True), (Status.RESOLVED, True), (Status.CLOSED, False)])
def test_the_reply_box_is_shown_only_when_a_reply_is_accepted(db, agent_client, complaint, status, shown):
    set_status(complaint, status)

    page = agent_client.get(reverse("agent:complaint_detail", args=[complaint.reference])).content.decode()

    assert ('id="id_reply_body"' in page) is shown
    assert ('data-testid="reply-closed"' in page) is not shown


def test_a_reply_posted_after_a_colleague_closed_the_case_is_refused_and_kept(db, agent_client, complaint):
    set_status(complaint, Status.CLOSED)

    response = agent_client.post(reverse("agent:complaint_reply", args=[complaint.reference]), {"body": "Nous vous remboursons."})

    page = response.content.decode()
    assert response.status_code == 409
    assert "This complaint is closed: reopen it to reply to the customer." in page
    assert ">Nous vous remboursons.</textarea>" in page
    assert not Message.objects.filter(direction=Direction.OUTBOUND).exists()

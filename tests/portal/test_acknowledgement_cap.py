"""The public form cannot be used to mail attacker-chosen text to one address without end: past
ACKNOWLEDGEMENT_RATE acknowledgements per address, the complaint is still registered and shown,
its acknowledgement is not mailed, and its audit trail says why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.test import override_settings

from doleances.agent.templatetags.agent_tags import event_sentence
from doleances.complaints.models import Complaint
from doleances.core.models import OutboxMessage

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def send(client, form_data, n: int, **changes):
    return client.post("/", {**form_data, "form_nonce": f"n{n}", **changes}, HTTP_ACCEPT_LANGUAGE="en", follow=True)


@override_settings(ACKNOWLEDGEMENT_RATE="2/d")
def test_past_the_limit_the_complaint_is_registered_but_its_acknowledgement_is_withheld(client, db, form_data):
    with time_machine.travel(START, tick=False):
        pages = [send(client, form_data, n, email="Victime@Example.org" if n == 2 else "victime@example.org") for n in range(3)]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert Complaint.objects.count() == 3
    assert [row.payload["to"] for row in OutboxMessage.objects.order_by("id")] == [
        ["victime@example.org"],
        ["victime@example.org"],
    ]
    third = Complaint.objects.order_by("id").last()
    assert pages[2].context["complaint"] == third
    assert (
        "We did not email an acknowledgement this time: several have already been sent to this address recently."
        in pages[2].content.decode()
    )
    withheld = third.events.get(action="acknowledgement.withheld")
    assert (withheld.visibility, withheld.data) == (
        "internal",
        {"reason": "recipient_limit", "recipient": "victime@example.org", "limit": 2, "period_seconds": 86400},
    )
    assert event_sentence(withheld) == (
        "Acknowledgement not emailed: victime@example.org already received 2 acknowledgements within 1\xa0day "
        "(the limit per address). Answer the customer if the complaint is genuine."
    )
    assert third.events.get(action="complaint.acknowledged").data["emailed"] is False


@override_settings(ACKNOWLEDGEMENT_RATE="1/d")
def test_the_limit_is_per_address_and_per_period(client, db, form_data):
    with time_machine.travel(START, tick=False):
        send(client, form_data, 1)
        send(client, form_data, 2)  # withheld
        send(client, form_data, 3, email="autre@example.org")
    with time_machine.travel(START + timedelta(days=1, seconds=1), tick=False):
        send(client, form_data, 4)

    assert [row.payload["to"] for row in OutboxMessage.objects.order_by("id")] == [
        ["jeanne.martin@example.org"],
        ["autre@example.org"],
        ["jeanne.martin@example.org"],
    ]

"""Our own mail, as the SMTP server receives it: threading headers, RFC 3834 marking, the reference."""

from __future__ import annotations

import pytest

from doleances.complaints.services import reply_to_customer, transition_complaint
from doleances.core import outbox_worker
from doleances.intake.mail.services import receive_mail
from tests.fixtures.objects import make_user
from tests.intake.mail.builders import mail, message_id_of

pytestmark = pytest.mark.django_db


def test_the_acknowledgement_of_a_mail_answers_it_as_an_automatic_reply(smtp_server):
    raw = mail()
    complaint = receive_mail(raw, origin="import").mail.complaint
    outbox_worker.deliver_due()

    (sent,) = smtp_server.messages
    assert sent["Auto-Submitted"] == "auto-replied"
    assert sent["In-Reply-To"] == sent["References"] == message_id_of(raw)
    assert sent["Message-ID"].startswith("<outbox-")
    assert complaint.reference in sent["Subject"]


def test_an_agent_reply_answers_the_customers_latest_mail_and_is_not_automatic(smtp_server):
    first = mail()
    complaint = receive_mail(first, origin="import").mail.complaint
    agent = make_user("agent", is_superuser=True)
    for action in ("qualify", "start"):
        transition_complaint(complaint, action, actor=agent)
    reply_to_customer(complaint, body="Nous remboursons la commande.", actor=agent)
    second = mail(subject=f"Re: {complaint.reference}", body="Merci, et pour les frais ?")
    receive_mail(second, origin="import")
    reply_to_customer(complaint, body="Les frais aussi.", actor=agent)
    outbox_worker.deliver_due()

    _ack, reply, later = smtp_server.messages
    assert (reply["Auto-Submitted"], reply["In-Reply-To"]) == ("no", message_id_of(first))
    assert later["In-Reply-To"] == message_id_of(second)
    assert complaint.reference in later["Subject"]

"""A customer's auto-responder answering our acknowledgement, ten rounds: we never answer it."""

from __future__ import annotations

import itertools
from email.message import EmailMessage

import pytest

from doleances.complaints.models import Complaint
from doleances.core import outbox_worker
from doleances.intake.mail.services import receive_mail
from tests.intake.mail.builders import CUSTOMER, mail

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def auto_reply(to: EmailMessage, style: str) -> bytes:
    """What the customer's mail server sends back on receiving `to`."""
    reply = EmailMessage()
    reply["From"] = f"Jeanne Martin <{CUSTOMER}>"
    reply["To"] = to["From"]
    reply["Message-ID"] = f"<auto-{next(_numbers)}@mail.example.org>"
    if style == "rfc3834":  # Gmail, Zimbra, Postfix vacation
        reply["Subject"] = f"Re: {to['Subject']}"
        reply["Auto-Submitted"] = "auto-replied"
        reply["In-Reply-To"] = to["Message-ID"]
    elif style == "exchange":
        reply["Subject"] = f"Réponse automatique : {to['Subject']}"
        reply["X-Auto-Response-Suppress"] = "All"
    elif style == "threaded_without_headers":  # a home-made responder that keeps the thread
        reply["Subject"] = f"Re: {to['Subject']}"
        reply["In-Reply-To"] = to["Message-ID"]
    elif style == "subject_only":  # no header at all, only our subject quoted (with the reference)
        reply["Subject"] = f"AW: {to['Subject']}"
    reply.set_content("Je suis absente jusqu'au 15 mars. / I am out of the office until 15 March.")
    return reply.as_bytes()


@pytest.mark.parametrize("style", ["rfc3834", "exchange", "threaded_without_headers", "subject_only"])
def test_ten_rounds_against_an_auto_responder_get_one_acknowledgement_at_most(smtp_server, style):
    receive_mail(mail(), origin="imap")
    outbox_worker.deliver_due()
    for _round in range(10):
        for ours in list(smtp_server.messages):
            receive_mail(auto_reply(ours, style), origin="imap")
        outbox_worker.deliver_due()
    assert len(smtp_server.messages) == 1
    assert Complaint.objects.count() == 1


def test_a_responder_that_hides_everything_is_stopped_by_the_acknowledgement_cap(smtp_server, settings):
    settings.ACKNOWLEDGEMENT_RATE = "1/d"
    receive_mail(mail(), origin="imap")
    outbox_worker.deliver_due()
    for n in range(10):  # new subject, no header, no thread: each looks like a new complaint
        receive_mail(mail(subject=f"Message {n}", body="Je suis absente."), origin="imap")
        outbox_worker.deliver_due()
    assert len(smtp_server.messages) == 1
    assert Complaint.objects.count() == 11  # registered all the same: a person may be writing

"""Messaging takes plain values and returns plain values: no complaint in the database is needed
to compose and queue a customer's mail."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from doleances.core import outbox_worker
from doleances.core.models import OutboxMessage
from doleances.messaging.emails import Addressee, CaseMail, QueuedMail, portal_url, queue_acknowledgement, queue_reply

AT = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
CASE = CaseMail(
    reference="REC-2026-000042",
    subject="Facture erronée",
    portal_token="tok-123",
    response_due_at=datetime(2026, 12, 16, 10, 0, tzinfo=ZoneInfo("Europe/Paris")),
    customer=Addressee(name="Jeanne Martin", email="jeanne@example.org", language="en"),
)


def test_a_reply_is_composed_from_plain_values_and_only_the_outbox_row_is_written(db):
    with CaptureQueriesContext(connection) as queries:
        queued = queue_reply(CASE, body="We refund you the second month.", at=AT)

    row = OutboxMessage.objects.get()
    assert queued == QueuedMail(outbox_id=row.pk, message_id=f"<outbox-{row.pk}-20261202090000@doleances.localhost>")
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["INSERT"]
    assert row.complaint_reference == "REC-2026-000042"
    assert row.payload["to"] == ["jeanne@example.org"]
    assert row.payload["subject"] == "Your request REC-2026-000042 – Facture erronée"
    assert row.payload["body"].startswith("We refund you the second month.\n")
    assert portal_url("tok-123") in row.payload["body"]


def test_an_acknowledgement_states_the_due_date_in_the_customers_language(db):
    queue_acknowledgement(CASE, at=AT)

    body = OutboxMessage.objects.get().payload["body"]
    assert "Dear Jeanne Martin," in body
    assert "Your reference: REC-2026-000042" in body
    assert "We will answer you by 16 December 2026 at the latest." in body
    assert portal_url("tok-123").endswith("/track/tok-123/")
    assert portal_url("tok-123") in body


def test_the_message_id_given_back_is_the_one_the_mail_carries(db, smtp_server):
    queued = queue_reply(CASE, body="Bonjour.", at=AT)  # a Paris time: the header is in UTC

    assert outbox_worker.deliver_due()["sent"] == 1
    (mail,) = smtp_server.messages
    assert mail["Message-ID"] == queued.message_id

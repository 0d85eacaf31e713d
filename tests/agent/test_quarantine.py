"""The administrators' page of quarantined mail: what is kept, why, and processing it again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doleances.complaints.models import Complaint
from doleances.intake.mail.services import receive_mail
from doleances.intake.models import InboundStatus
from tests.agent.conftest import login
from tests.fixtures.objects import make_user
from tests.intake.mail.builders import PDF, mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    return login(make_user("administrator", username="admin1"))


def quarantine(count: int = 1, **kwargs):
    return [receive_mail(mail(sender="", subject=f"Sans expéditeur {n}", **kwargs), origin="import").mail for n in range(count)]


def test_the_page_lists_each_quarantined_message_with_its_reason(admin_client):
    (kept,) = quarantine()
    receive_mail(mail(), origin="import")  # a good one is not listed
    page = admin_client.get("/agent/inbound/quarantine/").content.decode()
    assert "Sans expéditeur 0" in page
    assert "No sender address to answer" in page
    assert f"/agent/inbound/quarantine/{kept.pk}/reprocess/" in page
    assert "Colis jamais livré" not in page


def test_processing_again_after_the_cause_is_fixed_registers_the_complaint(admin_client, settings):
    settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES = 1000
    kept = receive_mail(mail(attachments=[("a.pdf", "application/pdf", PDF * 40)]), origin="imap").mail
    assert (kept.status, kept.reason) == (InboundStatus.QUARANTINED, "too_large")
    response = admin_client.post(f"/agent/inbound/quarantine/{kept.pk}/reprocess/", follow=True)
    assert "still in quarantine: Larger than the limit" in response.content.decode()  # told in words, not a code
    settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES = 10_000_000
    response = admin_client.post(f"/agent/inbound/quarantine/{kept.pk}/reprocess/", follow=True)
    assert "processed: Complaint created" in response.content.decode()
    assert Complaint.objects.count() == 1
    assert admin_client.post(f"/agent/inbound/quarantine/{kept.pk}/reprocess/").status_code == 404  # no longer there


def test_the_original_is_downloaded_as_a_file_never_shown(admin_client):
    (kept,) = quarantine()
    response = admin_client.get(f"/agent/inbound/quarantine/{kept.pk}/raw/")
    with kept.raw.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_list_costs_the_same_queries_for_one_message_or_three(admin_client):
    quarantine(1)
    with CaptureQueriesContext(connection) as one:
        admin_client.get("/agent/inbound/quarantine/")
    quarantine(2)
    with CaptureQueriesContext(connection) as three:
        page = admin_client.get("/agent/inbound/quarantine/").content.decode()
    assert page.count("/reprocess/") == 3
    assert len(three) == len(one)


def test_a_bounce_and_a_linked_complaint_read_as_sentences_on_the_case(admin_client):
    from doleances.core.models import OutboxMessage
    from doleances.messaging.headers import message_id_for
    from tests.intake.mail.test_receive_mail import dsn_for

    complaint = receive_mail(mail(), origin="import").mail.complaint
    ack = OutboxMessage.objects.get(complaint_reference=complaint.reference)
    receive_mail(dsn_for(message_id_for(ack.pk, ack.created_at)), origin="import")
    page = admin_client.get(f"/agent/complaints/{complaint.reference}/").content.decode()
    assert "could not be delivered (5.1.1" in page

"""receive_mail: one door for every message (IMAP, webhook, import), each one exactly once."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest

from doleances.complaints.enums import Channel, Direction, Status, Visibility
from doleances.complaints.models import Attachment, Complaint, ComplaintEvent, Customer, Message
from doleances.core import clock
from doleances.core.models import OutboxMessage
from doleances.intake.mail.services import DUPLICATE, receive_mail, reprocess_mail
from doleances.intake.models import InboundMail, InboundStatus
from doleances.messaging.headers import message_id_for
from tests.intake.mail.builders import CUSTOMER, PDF, mail, message_id_of

pytestmark = pytest.mark.django_db


def receive(raw: bytes, **kwargs):
    return receive_mail(raw, origin="import", **kwargs)


def acknowledgement_of(complaint: Complaint) -> OutboxMessage:
    return OutboxMessage.objects.get(complaint_reference=complaint.reference, payload__template="acknowledgement")


def test_a_new_mail_opens_a_complaint_acknowledged_in_its_thread():
    raw = mail(sender="Jeanne Martin <Jeanne.Martin@Example.org>")

    outcome = receive(raw)

    assert outcome.status == InboundStatus.CREATED
    complaint = outcome.mail.complaint
    assert (complaint.channel, complaint.status, complaint.subject) == (Channel.EMAIL, Status.ACKNOWLEDGED, "Colis jamais livré")
    assert "Ma commande 4512 n'est jamais arrivée." in complaint.description
    assert (complaint.customer.name, complaint.customer.email) == ("Jeanne Martin", CUSTOMER)
    ack = acknowledgement_of(complaint)
    assert ack.payload["in_reply_to"] == message_id_of(raw)
    assert complaint.reference in ack.payload["subject"]
    with outcome.mail.raw.open("rb") as stored:
        assert stored.read() == raw  # evidence: the bytes as received
    assert (outcome.mail.sender, outcome.mail.size, outcome.mail.origin) == (CUSTOMER, len(raw), "import")


def test_the_same_message_twice_is_received_once():
    raw = mail()
    first = receive(raw)
    again = receive(raw)
    assert (again.status, again.mail.pk) == (DUPLICATE, first.mail.pk)
    assert (Complaint.objects.count(), OutboxMessage.objects.count(), InboundMail.objects.count()) == (1, 1, 1)


def test_without_message_id_the_bytes_identify_the_message_whatever_the_line_endings():
    raw = mail(message_id="")
    assert receive(raw).status == InboundStatus.CREATED
    assert receive(raw.replace(b"\n", b"\r\n")).status == DUPLICATE
    assert Complaint.objects.count() == 1


def test_an_existing_customer_is_found_by_normalised_address():
    first = receive(mail(sender=f"Jeanne <{CUSTOMER}>", subject="Un")).mail.complaint
    second = receive(mail(sender="J. MARTIN <JEANNE.MARTIN@EXAMPLE.ORG>", subject="Deux")).mail.complaint
    assert first.customer_id == second.customer_id
    assert Customer.objects.count() == 1


def test_a_reply_to_our_acknowledgement_joins_its_complaint_trimmed_and_sends_nothing():
    complaint = receive(mail()).mail.complaint
    ack_id = message_id_for(acknowledgement_of(complaint).pk, acknowledgement_of(complaint).created_at)
    body = (
        "Voici la facture.\n\nLe lun. 2 mars 2026 à 10:12, Service réclamations <reclamations@doleances.localhost> a\n"
        "écrit :\n> Nous avons bien reçu"
    )

    outcome = receive(
        mail(subject="Re: accusé", in_reply_to=ack_id, body=body, attachments=[("facture.pdf", "application/pdf", PDF)])
    )

    assert (outcome.status, outcome.mail.reason, outcome.mail.complaint) == (
        InboundStatus.THREADED,
        "reply_by_message_id",
        complaint,
    )
    message = outcome.mail.complaint_message
    assert (message.direction, message.channel, message.body, message.sender) == (
        Direction.INBOUND,
        Channel.EMAIL,
        "Voici la facture.",
        CUSTOMER,
    )
    assert message.message_id == outcome.mail.message_id
    assert [a.original_name for a in message.attachments.all()] == ["facture.pdf"]
    assert OutboxMessage.objects.count() == 1  # the acknowledgement only
    with outcome.mail.raw.open("rb") as stored:
        assert b"Nous avons bien re" in stored.read()  # the full original is kept


def test_a_reference_in_the_subject_threads_a_mail_without_headers():
    complaint = receive(mail()).mail.complaint
    outcome = receive(mail(subject=f"Toujours rien pour {complaint.reference.lower()} !", body="Des nouvelles ?"))
    assert (outcome.status, outcome.mail.reason, outcome.mail.complaint) == (
        InboundStatus.THREADED,
        "reply_by_reference",
        complaint,
    )


def test_a_follow_up_to_the_customers_own_first_mail_is_threaded():
    first_raw = mail()
    complaint = receive(first_raw).mail.complaint
    outcome = receive(mail(subject="Oubli", in_reply_to=message_id_of(first_raw), body="J'oubliais : commande 4512."))
    assert outcome.mail.complaint == complaint


def test_a_waiting_case_resumes_when_the_customer_replies():
    complaint = receive(mail()).mail.complaint
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.WAITING_CUSTOMER)
    receive(mail(subject=f"Re: {complaint.reference}", body="Voici le relevé."))
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.events.filter(action="complaint.in_progress", data__reason="customer_replied").exists()


def test_a_reply_within_the_window_reopens_a_closed_complaint(settings):
    settings.DOLEANCES_MAIL_REOPEN_DAYS = 30
    complaint = receive(mail()).mail.complaint
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.CLOSED, closed_at=clock.now() - timedelta(days=29))
    outcome = receive(mail(subject=f"Re: {complaint.reference}", body="Le problème recommence."))
    complaint.refresh_from_db()
    assert (outcome.mail.reason, complaint.status, complaint.closed_at) == ("reopened", Status.REOPENED, None)
    assert complaint.messages.get().body == "Le problème recommence."


def test_a_reply_after_the_window_opens_a_new_complaint_linked_to_the_old_one():
    old = receive(mail()).mail.complaint
    Complaint.objects.filter(pk=old.pk).update(status=Status.CLOSED, closed_at=clock.now() - timedelta(days=31))
    outcome = receive(mail(subject=f"Re: {old.reference}", body="Le problème recommence."))
    new = outcome.mail.complaint
    assert (outcome.status, outcome.mail.reason) == (InboundStatus.CREATED, "reply_after_closure")
    assert new != old
    assert new.customer_id == old.customer_id
    assert old.events.get(action="complaint.linked").data == {"followed_by": new.reference, "reason": "reply_after_closure"}
    assert new.events.get(action="complaint.linked").data == {"follows": old.reference, "reason": "reply_after_closure"}
    old.refresh_from_db()
    assert old.status == Status.CLOSED


def test_a_mail_from_someone_else_about_a_complaint_is_an_internal_note_and_sends_nothing():
    complaint = receive(mail()).mail.complaint
    before = OutboxMessage.objects.count()
    outcome = receive(mail(sender="Intrus <intrus@example.net>", subject=f"Re: {complaint.reference}", body="Annulez tout."))
    message = outcome.mail.complaint_message
    assert (outcome.status, outcome.mail.reason) == (InboundStatus.THREADED, "other_sender")
    assert (message.direction, message.visibility, message.sender) == (
        Direction.INTERNAL,
        Visibility.INTERNAL,
        "intrus@example.net",
    )
    assert not complaint.messages.filter(visibility=Visibility.PUBLIC).exists()
    assert OutboxMessage.objects.count() == before


@pytest.mark.parametrize(
    ("headers", "sender", "reason"),
    [
        ({"Auto-Submitted": "auto-replied"}, CUSTOMER, "auto_submitted"),
        ({"X-Autoreply": "yes"}, CUSTOMER, "autoresponder"),
        ({"X-Autorespond": "Vacation"}, CUSTOMER, "autoresponder"),
        ({"Precedence": "bulk"}, CUSTOMER, "precedence"),
        ({"Precedence": "junk"}, CUSTOMER, "precedence"),
        ({"Precedence": "list"}, CUSTOMER, "precedence"),
        ({"List-Id": "<clients.lists.example.org>"}, CUSTOMER, "mailing_list"),
        ({"X-Auto-Response-Suppress": "All"}, CUSTOMER, "auto_response_suppress"),
        ({"Return-Path": "<>"}, CUSTOMER, "null_return_path"),
        ({"Return-Path": "<MAILER-DAEMON@mx.example.org>"}, CUSTOMER, "null_return_path"),
        ({}, "no-reply@shop.example.com", "noreply_sender"),
        ({}, "Ne pas répondre <ne-pas-repondre@banque.example.fr>", "noreply_sender"),
        ({}, "reclamations@doleances.localhost", "own_address"),
        ({"X-Doleances-Reference": "REC-2026-000001"}, CUSTOMER, "own_address"),
    ],
)
def test_automatic_mail_is_recorded_as_ignored_and_never_answered(headers, sender, reason):
    outcome = receive(mail(sender=sender, headers=headers))
    assert (outcome.status, outcome.mail.reason) == (InboundStatus.IGNORED, reason)
    assert (Complaint.objects.count(), OutboxMessage.objects.count()) == (0, 0)


def test_a_mail_from_a_team_address_is_our_own():
    from tests.fixtures.objects import make_team

    team = make_team("Facturation")
    team.email = "facturation@acme.example"
    team.save()
    outcome = receive(mail(sender="Facturation <Facturation@acme.example>"))
    assert (outcome.status, outcome.mail.reason) == (InboundStatus.IGNORED, "own_address")


def dsn_for(message_id: str, recipient: str = CUSTOMER) -> bytes:
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.doleances.localhost>\r\n"
        "To: reclamations@doleances.localhost\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <dsn-1@mx.doleances.localhost>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "MIME-Version: 1.0\r\n\r\n"
        "--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.doleances.localhost\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: reclamations@doleances.localhost\r\nTo: {recipient}\r\nMessage-ID: {message_id}\r\nSubject: x\r\n"
        "--B--\r\n"
    ).encode()


def test_a_bounce_of_our_acknowledgement_marks_its_outbox_row_on_the_case():
    complaint = receive(mail()).mail.complaint
    ack = acknowledgement_of(complaint)

    outcome = receive(dsn_for(message_id_for(ack.pk, ack.created_at)))

    assert (outcome.status, outcome.mail.reason, outcome.mail.complaint) == (InboundStatus.IGNORED, "auto_submitted", complaint)
    event = complaint.events.get(action="mail.bounced")
    assert {k: event.data[k] for k in ("outbox", "template", "recipient", "status")} == {
        "outbox": ack.pk,
        "template": "acknowledgement",
        "recipient": CUSTOMER,
        "status": "5.1.1",
    }
    assert "User unknown" in event.data["diagnostic"]
    assert OutboxMessage.objects.count() == 1


def test_a_forged_bounce_naming_an_unknown_outbox_row_marks_nothing():
    complaint = receive(mail()).mail.complaint
    receive(dsn_for("<outbox-999999-20260101000000@doleances.localhost>"))
    assert not ComplaintEvent.objects.filter(action="mail.bounced").exists()
    assert complaint.events.filter(action="mail.bounced").count() == 0


def test_refused_attachments_never_drop_the_complaint_and_the_acknowledgement_tells_why():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * (50 * 1024 * 1024))
    attachments = [
        ("facture.pdf", "application/pdf", PDF),
        ("virus.exe", "application/octet-stream", b"MZ\x90\x00" + b"\x00" * 200),
        ("contrat.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bomb.getvalue()),
    ]
    complaint = receive(mail(attachments=attachments)).mail.complaint

    assert [a.original_name for a in complaint.attachments.all()] == ["facture.pdf"]
    body = acknowledgement_of(complaint).payload["body"]
    assert "virus.exe" in body
    assert "contrat.docx" in body
    refused = complaint.events.get(action="complaint.received").data["refused_attachments"]
    assert len(refused) == 2


def test_two_hundred_attachments_keep_the_first_five_and_say_so(settings):
    attachments = [(f"photo-{n:03}.pdf", "application/pdf", PDF + str(n).encode()) for n in range(200)]
    outcome = receive(mail(attachments=attachments))
    complaint = outcome.mail.complaint
    assert complaint.attachments.count() == settings.DOLEANCES_MAX_ATTACHMENTS == 5
    assert len(complaint.events.get(action="complaint.received").data["refused_attachments"]) == 195
    assert "photo-199.pdf" in acknowledgement_of(complaint).payload["body"]


def test_refused_files_of_a_reply_are_told_in_a_threaded_notice():
    complaint = receive(mail()).mail.complaint
    reply = mail(
        subject=f"Re: {complaint.reference}",
        body="Ci-joint.",
        attachments=[("x.exe", "application/x-msdownload", b"MZ" + b"\0" * 50)],
    )
    outcome = receive(reply)
    notice = OutboxMessage.objects.get(payload__template="refused_attachments")
    assert notice.payload["in_reply_to"] == outcome.mail.message_id
    assert "x.exe" in notice.payload["body"]
    assert complaint.events.get(action="attachments.refused").data["emailed"] is True


def test_a_message_over_the_size_limit_is_quarantined_with_its_bytes_and_reprocessable(settings):
    settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES = 30 * 1024 * 1024
    raw = mail(attachments=[("scan.pdf", "application/pdf", PDF + b"0" * (31 * 1024 * 1024))])
    outcome = receive(raw)
    assert (outcome.status, outcome.mail.reason) == (InboundStatus.QUARANTINED, "too_large")
    assert outcome.mail.raw.size == len(raw)
    assert Complaint.objects.count() == 0

    settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES = 64 * 1024 * 1024
    settings.DOLEANCES_MAX_ATTACHMENT_BYTES = 40 * 1024 * 1024
    again = reprocess_mail(outcome.mail)
    assert again.status == InboundStatus.CREATED
    assert again.mail.attempts == 2
    assert Complaint.objects.get().attachments.count() == 1


def test_a_mail_without_sender_is_quarantined():
    outcome = receive(mail(sender=""))
    assert (outcome.status, outcome.mail.reason) == (InboundStatus.QUARANTINED, "missing_sender")
    assert Complaint.objects.count() == 0


def test_reprocessing_a_message_that_is_not_quarantined_changes_nothing():
    outcome = receive(mail())
    assert reprocess_mail(outcome.mail).status == DUPLICATE
    assert Complaint.objects.count() == 1


def test_a_failure_inside_processing_quarantines_and_the_next_message_goes_through(monkeypatch):
    from doleances.intake.mail import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "receive_complaint", broken)
    failed = receive(mail(subject="Un"))
    monkeypatch.undo()
    passed = receive(mail(subject="Deux"))
    assert (failed.status, failed.mail.reason) == (InboundStatus.QUARANTINED, "processing_failed")
    assert "disk full" in failed.mail.detail
    assert passed.status == InboundStatus.CREATED
    assert (Complaint.objects.count(), Attachment.objects.count()) == (1, 0)
    assert reprocess_mail(failed.mail).status == InboundStatus.CREATED


def test_an_old_mail_keeps_its_date_as_received_at_and_a_future_date_is_not_believed():
    from email.utils import format_datetime

    past = clock.now() - timedelta(days=20)
    raw = mail(subject="Ancien").replace(b"Date: ", b"X-Old-Date: ", 1)
    raw = raw.replace(b"\n\n", f"\nDate: {format_datetime(past)}\n\n".encode(), 1)
    complaint = receive(raw).mail.complaint
    assert abs((complaint.received_at - past).total_seconds()) < 1
    future = (
        mail(subject="Futur")
        .replace(b"Date: ", b"X-Date: ", 1)
        .replace(b"\n\n", b"\nDate: Fri, 1 Jan 2100 00:00:00 +0000\n\n", 1)
    )
    complaint = receive(future).mail.complaint
    assert complaint.received_at == complaint.registered_at


def test_an_english_mail_is_acknowledged_in_english():
    complaint = receive(
        mail(subject="Parcel never delivered", body="Hello, my order 4512 was never delivered and nobody answers my calls.")
    ).mail.complaint
    assert complaint.customer.language == "en"
    assert "We have received your request" in acknowledgement_of(complaint).payload["subject"]


def test_messages_of_the_complaint_keep_exact_counts_of_public_and_internal():
    complaint = receive(mail()).mail.complaint
    receive(mail(subject=f"Re: {complaint.reference}", body="Précision."))
    receive(mail(sender="autre@example.net", subject=f"Re: {complaint.reference}", body="Autre."))
    assert sorted(Message.objects.filter(complaint=complaint).values_list("visibility", flat=True)) == ["internal", "public"]

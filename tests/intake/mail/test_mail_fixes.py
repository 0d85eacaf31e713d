"""What the first weeks of mail in taught: invisible characters in bodies, signature logos taking
the attachments' room, old Mailgun posts, quarantine details in the reader's language."""

from __future__ import annotations

import time
from email.message import EmailMessage

import pytest
from django.test import Client

from doleances.complaints.models import Attachment, Complaint
from doleances.intake.mail.parsing import parse_mail
from doleances.intake.mail.services import receive_mail
from doleances.intake.models import InboundMail
from tests.agent.conftest import login
from tests.fixtures.objects import make_user
from tests.intake.mail.builders import PDF, mail
from tests.intake.mail.test_webhooks import basic_auth, mailgun_fields

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32

pytestmark = pytest.mark.django_db


def test_zero_width_spaces_do_not_survive_in_the_body():
    parsed = parse_mail(mail(body="Mon rem\u200bboursement\u2060 de la com\ufeffmande 4512"))
    assert parsed.text == "Mon remboursement de la commande 4512"


def test_zero_width_spaces_do_not_survive_in_an_html_body():
    parsed = parse_mail(mail(body="", html="<p>Rem&#8203;boursement&#x200B; attendu</p>"))
    assert "\u200b" not in parsed.text
    assert "Remboursement attendu" in parsed.text


def with_signature_logos(*, logos: int, attachments: int) -> bytes:
    message = EmailMessage()
    message["From"] = "Jeanne Martin <jeanne.martin@example.org>"
    message["To"] = "reclamations@doleances.localhost"
    message["Subject"] = "Factures contestées"
    message["Message-ID"] = f"<logos-{logos}-{attachments}@example.org>"
    message.set_content("Bonjour,\n\nVoici mes factures.\n\nJeanne")
    cids = [f"logo{n}@signature.example" for n in range(logos)]
    images = "".join(f'<img src="cid:{cid}" alt="logo">' for cid in cids)
    message.add_alternative(f"<p>Bonjour,</p><p>Voici mes factures.</p><p>Jeanne {images}</p>", subtype="html")
    html = message.get_payload()[1]
    for cid in cids:
        html.add_related(PNG, "image", "png", cid=f"<{cid}>", filename=f"{cid.split('@')[0]}.png", disposition="inline")
    for n in range(attachments):
        message.add_attachment(PDF, maintype="application", subtype="pdf", filename=f"facture-{n + 1}.pdf")
    return message.as_bytes()


def test_inline_images_are_told_apart_from_attachments():
    parsed = parse_mail(with_signature_logos(logos=2, attachments=1))
    assert sorted((f.name, f.inline) for f in parsed.attachments) == [
        ("facture-1.pdf", False),
        ("logo0.png", True),
        ("logo1.png", True),
    ]


def test_signature_logos_do_not_take_the_room_of_the_real_attachments(settings):
    settings.DOLEANCES_MAX_ATTACHMENTS = 5
    outcome = receive_mail(with_signature_logos(logos=4, attachments=5), origin="import")
    complaint = Complaint.objects.get(pk=outcome.mail.complaint_id)
    assert sorted(Attachment.objects.filter(complaint=complaint).values_list("original_name", flat=True)) == [
        f"facture-{n}.pdf" for n in range(1, 6)
    ]
    received = complaint.events.get(action="complaint.received")
    assert "refused_attachments" not in received.data  # nobody is told a logo was refused


def test_logos_are_kept_when_there_is_room(settings):
    settings.DOLEANCES_MAX_ATTACHMENTS = 5
    outcome = receive_mail(with_signature_logos(logos=2, attachments=1), origin="import")
    assert Attachment.objects.filter(complaint_id=outcome.mail.complaint_id).count() == 3


def test_a_sixth_real_attachment_is_still_refused_and_told(settings):
    settings.DOLEANCES_MAX_ATTACHMENTS = 5
    outcome = receive_mail(with_signature_logos(logos=1, attachments=6), origin="import")
    received = Complaint.objects.get(pk=outcome.mail.complaint_id).events.get(action="complaint.received")
    (refused,) = received.data["refused_attachments"]  # in the customer's language (French here)
    assert refused.startswith("« facture-6.pdf » :")


@pytest.fixture
def providers(settings):
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": "provider:s3cret-basic-auth",
        "MAILGUN_WEBHOOK_SIGNING_KEY": "key-mailgun-test-0123456789",
    }


@pytest.mark.parametrize("age", [6 * 60, -6 * 60])
def test_a_mailgun_post_with_a_stale_timestamp_is_refused_and_stores_nothing(providers, age):
    fields = mailgun_fields(mail(), timestamp=str(int(time.time()) - age))
    response = Client().post("/inbound/email/mailgun/", fields, **basic_auth())
    assert response.status_code == 400
    assert not InboundMail.objects.exists()


def test_a_mailgun_post_within_the_window_is_received(providers):
    fields = mailgun_fields(mail(), timestamp=str(int(time.time()) - 60))
    assert Client().post("/inbound/email/mailgun/", fields, **basic_auth()).status_code == 200
    assert InboundMail.objects.count() == 1


def test_the_quarantine_tells_the_size_in_the_readers_language(settings):
    settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES = 1000
    receive_mail(mail(attachments=[("a.pdf", "application/pdf", PDF * 40)]), origin="import")
    client = login(make_user("administrator", username="admin-fr"))
    french = client.get("/agent/inbound/quarantine/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "la limite est de 1000\xa0octets" in french
    assert "bytes" not in french

"""`doleances mail reprocess [ID...|--all]` and the admin of mailboxes and inbound mail."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from doleances.intake.mail.services import receive_mail
from doleances.intake.models import InboundMail, InboundStatus, MailSource
from tests.agent.conftest import login
from tests.fixtures.objects import make_user
from tests.intake.mail.builders import PDF, mail

pytestmark = pytest.mark.django_db


def reprocess(*args: str) -> str:
    out = StringIO()
    call_command("mail", "reprocess", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_reprocess_by_id_and_all(settings):
    settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES = 500
    big = [
        receive_mail(mail(subject=f"n{n}", attachments=[("a.pdf", "application/pdf", PDF * 20)]), origin="import").mail
        for n in range(3)
    ]
    settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES = 10_000_000
    assert reprocess(str(big[0].pk)) == f"{big[0].pk}: created\n"
    assert reprocess("--all") == f"{big[1].pk}: created\n{big[2].pk}: created\n"
    assert not InboundMail.objects.filter(status=InboundStatus.QUARANTINED).exists()
    with pytest.raises(CommandError):
        call_command("mail", "reprocess")


def test_poll_names_an_unknown_mailbox():
    with pytest.raises(CommandError, match="No mailbox named"):
        call_command("mail", "poll", "--mailbox", "nope")


def test_the_admin_lists_mailboxes_and_inbound_mail_and_reprocesses():
    client = login(make_user(is_superuser=True, is_staff=True))
    MailSource.objects.create(name="support", host="imap.example.org", username="support@example.org", password_variable="PW")
    kept = receive_mail(mail(sender=""), origin="import").mail
    assert client.get("/admin/intake/mailsource/").status_code == 200
    assert client.get("/admin/intake/mailsource/add/").status_code == 200
    assert client.get("/admin/intake/inboundmail/").status_code == 200
    assert client.get(f"/admin/intake/inboundmail/{kept.pk}/change/").status_code == 200
    response = client.post("/admin/intake/inboundmail/", {"action": "reprocess", "_selected_action": [kept.pk]}, follow=True)
    assert "still in quarantine" in response.content.decode()
    assert InboundMail.objects.get(pk=kept.pk).attempts == 2

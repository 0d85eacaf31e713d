"""Building raw test messages the way mail clients write them."""

from __future__ import annotations

import itertools
from email.message import EmailMessage
from email.utils import format_datetime

from doleances.core import clock

_numbers = itertools.count(1)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CUSTOMER = "jeanne.martin@example.org"


def mail(
    *,
    sender: str = f"Jeanne Martin <{CUSTOMER}>",
    subject: str = "Colis jamais livré",
    body: str = "Bonjour,\n\nMa commande 4512 n'est jamais arrivée.\n\nJeanne",
    message_id: str | None = None,
    in_reply_to: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] = (),
    html: str = "",
) -> bytes:
    message = EmailMessage()
    if sender:
        message["From"] = sender
    message["To"] = "Service réclamations <reclamations@doleances.localhost>"
    if subject:
        message["Subject"] = subject
    message["Date"] = format_datetime(clock.now())
    if message_id != "":
        message["Message-ID"] = message_id or f"<test-{next(_numbers)}@mail.example.org>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for name, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def message_id_of(raw: bytes) -> str:
    from doleances.intake.mail.parsing import message_id_of as read_id
    from doleances.intake.mail.parsing import read_message

    return read_id(read_message(raw, headers_only=True))

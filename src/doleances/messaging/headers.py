"""Our own headers on outgoing mail, read back by the staff "Sent mail" page."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings

# The complaint a mail is about; the outbox sets it on every mail it sends.
REFERENCE = "X-Doleances-Reference"
# What a mail is; "account" marks staff-account mail (a password-reset link), never shown in the UI.
KIND = "X-Doleances-Kind"
ACCOUNT = "account"


def message_id_for(outbox_id: int, created_at: datetime) -> str:
    """Stable per outbox row: a redelivery carries the same Message-ID, so it is recognisable. In
    UTC, as the row is read back from the database, whatever time zone it was written with."""
    domain = settings.DOLEANCES_FROM_ADDRESS.rsplit("@", 1)[-1] or "doleances.localhost"
    return f"<outbox-{outbox_id}-{created_at.astimezone(UTC):%Y%m%d%H%M%S}@{domain}>"

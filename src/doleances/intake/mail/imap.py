"""Polling an IMAP mailbox (imap-tools): fetch, hand each message to `receive_mail`, and only once
its transaction has committed, flag or move the server's copy. A worker killed in between leaves
the copy unflagged: the next poll fetches it again and finds it already received (exactly once)."""

from __future__ import annotations

import logging
import os
import ssl
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted

from doleances.core import clock
from doleances.intake.mail.services import receive_mail
from doleances.intake.models import AfterImport, MailSecurity, MailSource

logger = logging.getLogger(__name__)

TIMEOUT = 60  # seconds, per network operation


class PollError(Exception):
    pass


@dataclass
class PollResult:
    source: str
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""

    def count(self, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1


def _mailbox(source: MailSource) -> BaseMailBox:
    if source.security == MailSecurity.SSL:
        return MailBox(source.host, source.port, timeout=TIMEOUT, ssl_context=ssl.create_default_context())
    if source.security == MailSecurity.STARTTLS:
        return MailBoxStartTls(source.host, source.port, timeout=TIMEOUT, ssl_context=ssl.create_default_context())
    return MailBoxUnencrypted(source.host, source.port, timeout=TIMEOUT)


def password_for(source: MailSource) -> str:
    password = os.environ.get(source.password_variable or "", "")
    if not password:
        raise PollError(f"the environment variable {source.password_variable or '(none)'} holding the password is not set")
    return password


def fetch_raw(mailbox: BaseMailBox, uid: str) -> bytes | None:
    """The message exactly as the server keeps it (BODY.PEEK: reading does not mark it seen)."""
    typ, data = mailbox.client.uid("FETCH", uid, "(BODY.PEEK[])")
    if typ != "OK":
        raise PollError(f"FETCH {uid} answered {typ}")
    for item in data or []:
        if isinstance(item, tuple) and len(item) >= 2:
            return item[1]
    return None  # deleted meanwhile


def mark_done(mailbox: BaseMailBox, source: MailSource, uid: str) -> None:
    """What the mailbox says to do with a message once it is safely in the database."""
    if source.after_import == AfterImport.MOVE and source.move_to:
        mailbox.move(uid, source.move_to)
    else:
        mailbox.flag(uid, "\\Seen", True)


def poll_source(source: MailSource, *, batch: int | None = None) -> PollResult:
    """One poll of one mailbox; the outcome is recorded on the source (status, time, error)."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("poll_source commits message by message: call it outside a transaction")
    result = PollResult(source.name)
    batch = batch or settings.DOLEANCES_MAIL_POLL_BATCH
    try:
        password = password_for(source)
        mailbox = _mailbox(source)
        with mailbox.login(source.username, password, initial_folder=source.folder or "INBOX"):
            if source.after_import == AfterImport.MOVE and source.move_to and not mailbox.folder.exists(source.move_to):
                mailbox.folder.create(source.move_to)
            criteria = AND(seen=False) if source.after_import == AfterImport.FLAG or not source.move_to else "ALL"
            for uid in mailbox.uids(criteria)[:batch]:
                raw = fetch_raw(mailbox, uid)
                if raw is None:
                    continue
                outcome = receive_mail(raw, origin="imap", source=source)  # committed when it returns
                mark_done(mailbox, source, uid)
                result.count(outcome.status)
    except Exception as error:  # noqa: BLE001 - recorded on the source, shown in the admin; next poll retries
        result.error = f"{type(error).__name__}: {error}"[:2000]
        logger.warning("polling mailbox %s failed: %s", source.name, result.error)
    source.last_polled_at = clock.now()
    source.last_status = "error" if result.error else "ok"
    source.last_error = result.error
    source.save(update_fields=["last_polled_at", "last_status", "last_error"])
    return result


def poll_all(name: str | None = None) -> list[PollResult]:
    sources = MailSource.objects.filter(is_active=True).select_related("default_team")
    if name is not None:
        sources = MailSource.objects.filter(name=name).select_related("default_team")
    return [poll_source(source) for source in sources]

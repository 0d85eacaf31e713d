"""The default-mode mail folder (`settings.MAIL_DIR`, one .eml file per message) read for staff.

Only complaint mail is shown: what the outbox sent, which carries the reference header. Anything
else in the folder, staff-account mail above all (a password-reset link would let a supervisor
take over another account), stays on disk for the operator and is neither listed nor readable."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from pathlib import Path

from django.conf import settings

from doleances.messaging import headers

# Names the EmlFileBackend writes; anything else in the folder is ignored.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.eml$")
PAGE_SIZE = 25


@dataclass(frozen=True)
class MailSummary:
    name: str
    date: datetime | None
    to: str
    subject: str
    reference: str


@dataclass(frozen=True)
class MailContent:
    summary: MailSummary
    sender: str
    body: str


def mail_dir() -> Path:
    return Path(settings.MAIL_DIR)


def file_names() -> list[str]:
    """Message files, newest first (their names start with the sending time)."""
    directory = mail_dir()
    if not directory.is_dir():
        return []
    names = [p.name for p in directory.iterdir() if NAME_PATTERN.match(p.name) and p.is_file()]
    return sorted(names, reverse=True)


def is_complaint_mail(message) -> bool:
    return message[headers.REFERENCE] is not None and str(message[headers.KIND] or "") != headers.ACCOUNT


def _summary(name: str, message) -> MailSummary:
    try:
        date = message["Date"].datetime if message["Date"] else None
    except (AttributeError, ValueError, TypeError):
        date = None
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)  # "-0000" (RFC 5322): UTC, sender's zone unknown
    return MailSummary(
        name=name,
        date=date,
        to=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        reference=str(message[headers.REFERENCE] or ""),
    )


@dataclass(frozen=True)
class MailPage:
    mails: list[MailSummary]
    older: str | None  # cursor (a file name) of the next page back in time, if any
    newer: str | None


def _summaries(names: list[str]) -> list[MailSummary]:
    directory = mail_dir()
    parser = BytesHeaderParser(policy=policy.default)
    summaries = []
    for name in names:
        with open(directory / name, "rb") as handle:
            message = parser.parse(handle)
        if is_complaint_mail(message):
            summaries.append(_summary(name, message))
    return summaries


def mail_page(
    *, keep: Callable[[list[MailSummary]], list[MailSummary]], after: str = "", before: str = "", size: int = PAGE_SIZE
) -> MailPage:
    """One page of the mail `keep` lets through, newest first, older than `after` or newer than
    `before` (file names, which sort by sending time). Headers are read a page at a time, never
    the whole folder; a malformed cursor shows the first page."""
    names = file_names()
    before = before if NAME_PATTERN.match(before) else ""
    after = after if NAME_PATTERN.match(after) and not before else ""
    if before:  # walking towards the newest
        candidates = [n for n in reversed(names) if n > before]
    elif after:
        candidates = [n for n in names if n < after]
    else:
        candidates = names
    picked: list[MailSummary] = []
    for start in range(0, len(candidates), size):
        picked += keep(_summaries(candidates[start : start + size]))
        if len(picked) > size:
            break
    more = len(picked) > size
    picked = picked[:size]
    if not picked:
        return MailPage(mails=[], older=None, newer=None)
    if before:
        picked.reverse()
        return MailPage(mails=picked, older=picked[-1].name, newer=picked[0].name if more else None)
    return MailPage(mails=picked, older=picked[-1].name if more else None, newer=picked[0].name if after else None)


def read_mail(name: str) -> MailContent | None:
    """One complaint mail as plain text; None unless `name` is exactly one of the listed files."""
    if not NAME_PATTERN.match(name) or name not in file_names():
        return None
    with open(mail_dir() / name, "rb") as handle:
        message: EmailMessage = BytesParser(policy=policy.default).parse(handle)
    if not is_complaint_mail(message):
        return None
    part = message.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    return MailContent(summary=_summary(name, message), sender=str(message["From"] or ""), body=body)

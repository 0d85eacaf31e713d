"""The default-mode mail folder (`settings.MAIL_DIR`, one .eml file per message) read for staff."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from pathlib import Path

from django.conf import settings

# Names the EmlFileBackend writes; anything else in the folder is ignored.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.eml$")
MAX_LISTED = 300


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
        reference=str(message["X-Doleances-Reference"] or ""),
    )


def recent_mail(limit: int = MAX_LISTED) -> list[MailSummary]:
    directory = mail_dir()
    parser = BytesHeaderParser(policy=policy.default)
    summaries = []
    for name in file_names()[:limit]:
        with open(directory / name, "rb") as handle:
            summaries.append(_summary(name, parser.parse(handle)))
    return summaries


def read_mail(name: str) -> MailContent | None:
    """One message as plain text; None unless `name` is exactly one of the listed files."""
    if not NAME_PATTERN.match(name) or name not in file_names():
        return None
    with open(mail_dir() / name, "rb") as handle:
        message: EmailMessage = BytesParser(policy=policy.default).parse(handle)
    part = message.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    return MailContent(summary=_summary(name, message), sender=str(message["From"] or ""), body=body)

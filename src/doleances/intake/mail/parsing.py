"""Reading one raw message (pure: no Django, no database).

The stdlib `email` package with `policy.default` does the MIME work; around it, fallbacks for what
real mail gets wrong: charsets declared wrongly or not at all, broken RFC 2047 words, 8-bit
headers, missing boundaries, forwards nested as message/rfc822, HTML-only bodies. `parse_mail`
raises `MailUnreadable` only when nothing usable can be drawn from the bytes; the caller
quarantines the message then (its raw bytes are kept either way).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.header import decode_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from doleances.intake.mail.automatic import automatic_reason
from doleances.intake.mail.text import decode_bytes, html_to_text, tidy, visible_reply

MESSAGE_ID = re.compile(r"<[^<>\s]{1,900}>")
MAX_NESTING = 20  # message/rfc822 inside message/rfc822...: deeper ones are kept as raw only
# Parts that are no document of the customer's: signatures of signed mail, the report parts of a
# bounce (their content is read below).
SKIPPED_TYPES = frozenset(
    {"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature", "message/delivery-status"}
)


class MailUnreadable(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class MailFile:
    name: str
    content_type: str
    data: bytes
    # An image shown inside the HTML body (Content-ID, not an attachment): a signature's logo, or
    # a screenshot pasted into the text.
    inline: bool = False


@dataclass(frozen=True)
class Bounce:
    """A delivery status notification: which of the messages it reports failed, to whom, why."""

    message_ids: tuple[str, ...]
    recipients: tuple[str, ...]
    status: str
    diagnostic: str


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    sender_name: str
    sender_email: str
    date: datetime | None
    text: str  # the whole body as text (plain part, or the HTML flattened), forwards included
    visible_text: str  # the same without the quoted history, for display
    attachments: tuple[MailFile, ...] = ()
    automatic: str = ""  # why it is automatic, "" for a person's mail
    bounce: Bounce | None = None
    defects: tuple[str, ...] = field(default=())

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """Message-IDs this one answers, nearest first."""
        return tuple(dict.fromkeys([*self.in_reply_to, *reversed(self.references)]))


def read_message(raw: bytes, *, headers_only: bool = False) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw, headersonly=headers_only)


def read_headers(raw: bytes) -> Message:
    """Only the header block, cheaply (compat32 builds no header objects): enough for raw_header.
    The header block ends at the first empty line; the body is not even scanned."""
    end = min((i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0), default=len(raw))
    return BytesParser(policy=policy.compat32).parsebytes(raw[: end + 4], headersonly=True)


def clean_text(value: str) -> str:
    """Text safe to store: 8-bit bytes (kept by the parser as surrogates) decoded, control
    characters (NUL included, which PostgreSQL refuses) dropped."""
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        value = decode_bytes(value.encode("utf-8", "surrogateescape"), None)
    return "".join(ch if ch.isprintable() or ch in "\t\n" else " " for ch in value)


def raw_header(message: Message, name: str) -> str:
    """The header as it was written, unfolded ("" when absent)."""
    wanted = name.lower()
    for key, value in message.raw_items():
        if key.lower() == wanted:
            return clean_text(re.sub(r"\r?\n[ \t]+", " ", str(value))).strip()
    return ""


def decode_header_value(raw: str) -> str:
    """RFC 2047 words decoded with the same charset fallbacks as bodies; 8-bit bytes (UTF-8 or
    cp1252 written raw in a header) read too; a broken word is kept as written."""
    raw = clean_text(raw)
    try:
        parts = decode_header(raw)
    except Exception:  # noqa: BLE001 - binascii and header errors on broken words: keep the text
        return " ".join(raw.split())
    text = "".join(chunk if isinstance(chunk, str) else decode_bytes(chunk, charset) for chunk, charset in parts)
    return " ".join(clean_text(text).split())


def header_text(message: Message, name: str) -> str:
    return decode_header_value(raw_header(message, name))


def message_id_of(message: Message) -> str:
    value = raw_header(message, "Message-ID")
    match = MESSAGE_ID.search(value)
    return match.group(0) if match else " ".join(value.split())[:900]


def dedupe_key(raw: bytes, message_id: str) -> str:
    """What makes two deliveries the same message: its Message-ID, or its bytes when it has none
    (line endings normalised: an mbox export and an IMAP fetch of one message differ there)."""
    if message_id:
        return message_id if len(message_id) <= 200 else "mid-sha256:" + hashlib.sha256(message_id.encode()).hexdigest()
    return "sha256:" + hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()


def sender_of(message: Message) -> tuple[str, str]:
    """(display name, normalised address) of the From header; ("", "") without a usable one."""
    raw = raw_header(message, "From")
    if not raw:
        return "", ""
    decoded = decode_header_value(raw)
    for candidate in (decoded, raw):
        pairs = [pair for pair in getaddresses([candidate]) if "@" in pair[1]] or [parseaddr(candidate)]
        name, address = pairs[0]
        address = address.strip().strip("<>").lower()
        if re.fullmatch(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+", address):
            return " ".join(decode_header_value(name).split())[:200], address
    return "", ""


def _date(message: Message) -> datetime | None:
    try:
        value = parsedate_to_datetime(raw_header(message, "Date"))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return value if value is not None and value.tzinfo is not None else None


def _payload_bytes(part: Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - a broken transfer encoding: the part as written
        payload = None
    if payload is None:
        raw = part.get_payload()
        payload = raw.encode("ascii", "surrogateescape") if isinstance(raw, str) else b""
    return payload


def _part_text(part: Message) -> str:
    try:
        charset = part.get_content_charset()
    except Exception:  # noqa: BLE001
        charset = None
    text = decode_bytes(_payload_bytes(part), charset)
    return html_to_text(text) if part.get_content_type() == "text/html" else tidy(text)


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # noqa: BLE001 - a broken RFC 2231 parameter
        name = ""
    name = clean_text(name)
    return decode_header_value(name) if "=?" in name else name


def _is_attachment(part: Message) -> bool:
    disposition = (part.get_content_disposition() or "").lower()
    if disposition == "attachment":
        return True
    maintype = part.get_content_maintype()
    return maintype not in ("text", "multipart", "message") or (
        disposition == "inline" and bool(_filename(part)) and maintype != "text"
    )


def _is_inline_image(part: Message) -> bool:
    disposition = (part.get_content_disposition() or "inline").lower()
    return disposition == "inline" and part.get_content_maintype() == "image" and bool(part.get("Content-ID"))


@dataclass
class _Walk:
    texts: list[str] = field(default_factory=list)
    files: list[MailFile] = field(default_factory=list)
    bounce_ids: list[str] = field(default_factory=list)
    bounce_fields: dict[str, str] = field(default_factory=dict)


def _walk(part: Message, found: _Walk, depth: int) -> None:
    content_type = part.get_content_type()
    if depth > MAX_NESTING:
        return
    if content_type == "message/delivery-status":
        _read_delivery_status(part, found)
        return
    if content_type in SKIPPED_TYPES:
        return
    if content_type == "text/rfc822-headers":
        headers = read_message(_payload_bytes(part), headers_only=True)
        found.bounce_ids.append(message_id_of(headers))
        return
    if content_type == "message/rfc822" or (part.is_multipart() and content_type.startswith("message/")):
        for inner in part.get_payload() if isinstance(part.get_payload(), list) else []:
            found.bounce_ids.append(message_id_of(inner))
            found.texts.append(_forward_block(inner, depth))
            nested = _Walk()
            _walk(inner, nested, depth + 1)
            found.files += nested.files
        return
    if part.is_multipart():
        children = [child for child in part.iter_parts()]
        if content_type == "multipart/alternative":
            _walk_alternative(children, found, depth)
        else:
            for child in children:
                _walk(child, found, depth + 1)
        return
    if _is_attachment(part) or content_type == "text/calendar":
        data = _payload_bytes(part)
        if data:
            inline = _is_inline_image(part)
            found.files.append(MailFile(_filename(part) or _default_name(content_type), content_type, data, inline=inline))
        return
    if part.get_content_maintype() in ("text", "multipart"):  # a multipart without boundary: its text as is
        text = _part_text(part)
        if text:
            found.texts.append(text)


def _walk_alternative(children: list[Message], found: _Walk, depth: int) -> None:
    """The plain version when it says something, else the richest one (HTML flattened)."""
    plain = [child for child in children if child.get_content_type() == "text/plain"]
    others = [child for child in children if child.get_content_type() != "text/plain"]
    for child in plain:
        candidate = _Walk()
        _walk(child, candidate, depth + 1)
        if "".join(candidate.texts).strip():
            found.texts += candidate.texts
            for other in others:  # files may hide in the HTML branch (multipart/related)
                nested = _Walk()
                _walk(other, nested, depth + 1)
                found.files += nested.files
            return
    for child in reversed(others):
        candidate = _Walk()
        _walk(child, candidate, depth + 1)
        if "".join(candidate.texts).strip() or candidate.files:
            found.texts += candidate.texts
            found.files += candidate.files
            return


def _forward_block(inner: Message, depth: int) -> str:
    nested = _Walk()
    _walk(inner, nested, depth + 1)
    lines = ["---------- Forwarded message ----------"]
    for name in ("From", "Date", "Subject", "To"):
        value = header_text(inner, name)
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines) + "\n\n" + "\n\n".join(nested.texts)


def _read_delivery_status(part: Message, found: _Walk) -> None:
    text = decode_bytes(_payload_bytes(part), None) if not part.is_multipart() else ""
    if part.is_multipart():  # the email package parses each block of fields as a message
        text = "\n".join(str(block) for block in part.get_payload() if isinstance(block, Message))
    for line in re.sub(r"\r?\n[ \t]+", " ", text).splitlines():
        name, _colon, value = line.partition(":")
        name = name.strip().lower()
        if name in ("final-recipient", "original-recipient", "status", "diagnostic-code", "action") and value.strip():
            found.bounce_fields.setdefault(name, value.strip())


def _default_name(content_type: str) -> str:
    return {"text/calendar": "invitation.ics", "message/rfc822": "message.eml"}.get(content_type, "attachment")


def parse_mail(raw: bytes, *, own_addresses: frozenset[str] = frozenset()) -> ParsedMail:
    try:
        message = read_message(raw)
    except Exception as error:  # noqa: BLE001 - the parser is lenient; this is the last resort
        raise MailUnreadable("unparseable", f"{type(error).__name__}: {error}") from None
    name, address = sender_of(message)
    subject = header_text(message, "Subject")
    automatic = automatic_reason(message, sender=address, own_addresses=own_addresses)
    found = _Walk()
    try:
        _walk(message, found, 0)
    except Exception as error:  # noqa: BLE001 - whatever the bytes, an answer: quarantine with the cause
        raise MailUnreadable("unparseable", f"{type(error).__name__}: {error}") from None
    text = "\n\n".join(t for t in found.texts if t.strip()).strip()
    bounce = None
    if message.get_content_type() == "multipart/report" or found.bounce_fields:
        recipient = found.bounce_fields.get("final-recipient", found.bounce_fields.get("original-recipient", ""))
        bounce = Bounce(
            message_ids=tuple(dict.fromkeys(i for i in found.bounce_ids if i)),
            recipients=(recipient.split(";")[-1].strip(),) if recipient else (),
            status=found.bounce_fields.get("status", ""),
            diagnostic=found.bounce_fields.get("diagnostic-code", "")[:500],
        )
    return ParsedMail(
        message_id=message_id_of(message),
        in_reply_to=tuple(MESSAGE_ID.findall(raw_header(message, "In-Reply-To"))),
        references=tuple(MESSAGE_ID.findall(raw_header(message, "References"))),
        subject=subject,
        sender_name=name,
        sender_email=address,
        date=_date(message),
        text=text,
        visible_text=visible_reply(text) if text else "",
        attachments=tuple(found.files),
        automatic=automatic,
        bounce=bounce,
        defects=tuple(sorted({type(d).__name__ for d in getattr(message, "defects", [])})),
    )

"""Is a message automatic? (pure: no Django.) Automatic mail never opens a complaint and is never
answered: that is what keeps us out of loops with auto-responders and bounce generators."""

from __future__ import annotations

import re
from email.message import Message

# RFC 3834 and the headers the common servers set instead of (or besides) it.
AUTORESPONDER_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply")
BULK_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})
NOREPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre|mailer[-_.]?daemon|postmaster|bounces?|auto[-_.]?reply)([-+_.].*)?$",
    re.I,
)
# Exchange 2003-era and a few webmails mark an out-of-office only in the subject.
AUTOREPLY_SUBJECT = re.compile(
    r"^(automatic reply|auto[- ]?reply|autoreply|out of (the )?office|réponse automatique|absence du bureau|"
    r"absent\(e\) du bureau|message d'absence|abwesenheitsnotiz)\s?:",
    re.I,
)


def header(message: Message, name: str) -> str:
    """A header as text, or "" (a header too broken for the parser reads as absent)."""
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - the email package raises several kinds on broken headers
        return ""
    return "" if value is None else " ".join(str(value).split())


def _address(value: str) -> str:
    match = re.search(r"<([^<>]*)>", value)
    return (match.group(1) if match else value).strip().lower()


def automatic_reason(message: Message, *, sender: str, own_addresses: frozenset[str] = frozenset()) -> str:
    """Why this message is automatic ("" when written by a person). `sender`: its From address,
    normalised; `own_addresses`: ours (normalised), whose mail coming back is a loop."""
    auto_submitted = header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted.split(";")[0].strip() != "no":
        return "auto_submitted"
    if any(header(message, name) for name in AUTORESPONDER_HEADERS):
        return "autoresponder"
    if header(message, "Precedence").lower() in BULK_PRECEDENCE:
        return "precedence"
    if header(message, "List-Id") or header(message, "List-Unsubscribe"):
        return "mailing_list"
    suppress = header(message, "X-Auto-Response-Suppress").lower()
    if suppress and suppress != "none":
        return "auto_response_suppress"
    if message.get_content_type() == "multipart/report":
        return "delivery_report"
    if header(message, "X-Doleances-Reference") or (sender and sender in own_addresses):
        return "own_address"
    if "Return-Path" in message:
        # A null reverse path (RFC 5321: bounces and auto-replies) or the mailer daemon's own. Not
        # "bounces+…@": a business customer's mail often goes out through such a VERP address.
        return_path = _address(header(message, "Return-Path"))
        if return_path.split("@")[0] in ("", "mailer-daemon", "postmaster"):
            return "null_return_path"
    if sender and NOREPLY.match(sender.split("@")[0]):
        return "noreply_sender"
    if AUTOREPLY_SUBJECT.match(header(message, "Subject")):
        return "autoreply_subject"
    return ""

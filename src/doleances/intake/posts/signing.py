"""Signed webhooks: HMAC-SHA256 of the timestamp, a dot and the raw body (no Django).

The sender puts the Unix time in `X-Doleances-Timestamp` and `sha256=<hex digest>` in
`X-Doleances-Signature`, where the digest is HMAC-SHA256(secret, f"{timestamp}.".encode() + body).
Binding the timestamp into the signature lets the receiver refuse an old request; the digest itself
identifies a request, so the same one posted twice inside the window is a replay.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

TIMESTAMP_HEADER = "X-Doleances-Timestamp"
SIGNATURE_HEADER = "X-Doleances-Signature"
PREFIX = "sha256="
REPLAY_WINDOW_SECONDS = 300


def signature_for(secret: str, timestamp: str, body: bytes) -> str:
    """The hex digest a sender computes (and the README's shell example reproduces)."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Refusal:
    """Why a signed request is refused: a stable code and a sentence for the sender's logs."""

    code: str
    detail: str


def check_signature(
    secret: str, *, timestamp: str, signature: str, body: bytes, now: float, window: int = REPLAY_WINDOW_SECONDS
) -> tuple[str, Refusal | None]:
    """(the digest, None) when the request is authentic and fresh; else (digest or "", the refusal).
    The signature is compared in constant time; a timestamp too far in the future is refused too
    (a clock set ahead would otherwise sign requests valid for ever)."""
    timestamp, signature = (timestamp or "").strip(), (signature or "").strip()
    if not timestamp or not signature:
        return "", Refusal("signature_missing", f"Send both {TIMESTAMP_HEADER} and {SIGNATURE_HEADER}.")
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return "", Refusal("timestamp_invalid", f"{TIMESTAMP_HEADER} must be a Unix time in seconds.")
    digest = signature.removeprefix(PREFIX).lower()
    expected = signature_for(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), digest.encode("utf-8", "replace")):
        return "", Refusal("signature_invalid", "The signature does not match the timestamp and the body.")
    if abs(now - int(timestamp)) > window:
        return expected, Refusal("timestamp_expired", f"The timestamp is more than {window} seconds away from our clock.")
    return expected, None

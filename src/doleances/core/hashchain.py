"""Hash chain of audit events, pure (no Django).

Each event's hash covers the previous event's hash and a canonical JSON of its content, so
editing, deleting or reordering any event breaks every hash after it.

Two link algorithms: `PLAIN` (SHA-256, the links written before the audit key existed; anyone
can recompute them) and `KEYED` (HMAC-SHA256 with a key kept outside the database, so that a
chain recomputed by someone with write access to the database, but without the key, no longer
verifies).
"""

import hashlib
import hmac
import json
from typing import Any

GENESIS = "0" * 64
# Stored on each event (`ComplaintEvent.chain`); NULL in the database means PLAIN.
PLAIN = 1
KEYED = 2


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def chain_hash(previous_hash: str, content: dict[str, Any]) -> str:
    """A plain link (legacy): SHA-256 of the previous hash and the content."""
    return hashlib.sha256(previous_hash.encode() + b"\n" + canonical(content)).hexdigest()


def keyed_chain_hash(key: bytes, previous_hash: str, content: dict[str, Any]) -> str:
    """A keyed link: HMAC-SHA256 of the same bytes as a plain link."""
    return hmac.new(key, previous_hash.encode() + b"\n" + canonical(content), hashlib.sha256).hexdigest()


def link_hash(algorithm: int | None, key: bytes, previous_hash: str, content: dict[str, Any]) -> str:
    if algorithm == KEYED:
        return keyed_chain_hash(key, previous_hash, content)
    return chain_hash(previous_hash, content)


def content_digest(content: dict[str, Any]) -> str:
    """SHA-256 of a canonical JSON: what an event records of a row it refers to (a message)."""
    return hashlib.sha256(canonical(content)).hexdigest()


def heads_digest(heads: dict[str, tuple[int, str]]) -> str:
    """One SHA-256 over every chain head (reference → (last sequence, head hash)), short enough
    to be copied elsewhere (a log, an email to the auditor) and compared later."""
    lines = "".join(f"{reference} {sequence} {head}\n" for reference, (sequence, head) in sorted(heads.items()))
    return hashlib.sha256(lines.encode()).hexdigest()

"""Hash chain of audit events, pure (no Django).

Each event's hash covers the previous event's hash and a canonical JSON of its content, so
editing, deleting or reordering any event breaks every hash after it.
"""

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def chain_hash(previous_hash: str, content: dict[str, Any]) -> str:
    return hashlib.sha256(previous_hash.encode() + b"\n" + canonical(content)).hexdigest()

"""From a source's payload or export row to the fields of a post (no Django).

A source's mapping names where each field is found: a key of a CSV row, or a dotted path into a
JSON object (`user.screen_name`, `items.0.text`). A field not mapped is read under its own name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

FIELDS = ("author", "handle", "text", "url", "rating", "date", "external_id")
MAX_RATING = Decimal("999.99")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# Characters that would break storage, display or search: NUL, lone surrogates, other controls but
# tab and newline, zero-width spaces and byte order marks (joiners stay: emoji sequences need them).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\u200b\u2060\ufeff]")


class PostUnreadable(ValueError):
    """A payload or row that cannot become a post: `code` is stable, `field` names the culprit."""

    def __init__(self, code: str, detail: str, *, field: str = "") -> None:
        super().__init__(detail)
        self.code, self.detail, self.field = code, detail, field


@dataclass(frozen=True)
class Post:
    text: str
    author: str = ""
    handle: str = ""
    url: str = ""
    rating: Decimal | None = None
    posted_at: datetime | None = None
    external_id: str = ""


def clean(value: str) -> str:
    """Text as we keep it: NFC, without control or zero-width characters, trimmed."""
    return _UNSAFE.sub("", unicodedata.normalize("NFC", value)).strip()


def lookup(payload: object, path: str) -> object:
    """The value at a dotted path (a key holding dots is found whole first), or None."""
    if isinstance(payload, dict) and path in payload:
        return payload[path]
    current = payload
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current


def _text(value: object, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, dict, list)):
        raise PostUnreadable("invalid_field", f"“{field}” must be text.", field=field)
    return clean(str(value))


def parse_rating(raw: str, field: str = "rating") -> Decimal | None:
    if not raw:
        return None
    try:
        rating = Decimal(raw.replace(",", ".").split("/")[0].strip())
    except InvalidOperation:
        raise PostUnreadable(
            "invalid_rating", f"“{raw[:40]}” is not a rating (a number such as 4 or 4.5).", field=field
        ) from None
    if not rating.is_finite() or not Decimal(0) <= rating <= MAX_RATING:
        raise PostUnreadable("invalid_rating", f"The rating {raw[:40]} is out of range.", field=field)
    return rating.quantize(Decimal("0.01"))


def parse_date(raw: str, field: str = "date") -> datetime | None:
    """ISO 8601 (a date alone, or with a time; without an offset it is UTC) or a Unix time."""
    if not raw:
        return None
    try:
        if raw.replace(".", "", 1).isdigit():
            seconds = float(raw)
            return datetime.fromtimestamp(seconds / 1000 if seconds > 1e11 else seconds, UTC)
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise PostUnreadable("invalid_date", f"“{raw[:40]}” is not a date (ISO 8601 or a Unix time).", field=field) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def read_post(payload: object, mapping: dict[str, str]) -> Post:
    """The post a payload (a JSON object or a CSV row) carries, or PostUnreadable."""
    if not isinstance(payload, dict):
        raise PostUnreadable("invalid_payload", "Send one JSON object per post.")
    values = {name: lookup(payload, mapping.get(name) or name) for name in FIELDS}
    fields = {name: _text(value, mapping.get(name) or name) for name, value in values.items()}
    text = fields["text"]
    if not text:
        raise PostUnreadable("text_missing", f"The post has no text (field “{mapping.get('text') or 'text'}”).", field="text")
    url = fields["url"]
    if url and (len(url) > 2000 or not _URL.match(url)):
        raise PostUnreadable("invalid_url", "The post's address must be an http(s) URL.", field="url")
    return Post(
        text=text,
        author=fields["author"][:200],
        handle=fields["handle"][:200],
        url=url,
        rating=parse_rating(fields["rating"]),
        posted_at=parse_date(fields["date"]),
        external_id=fields["external_id"][:255],
    )

"""JSON bodies the rest of the code can trust: bounded nesting, only text the database can store.

`json.loads` recurses once per level, so 100,000 nested brackets end in a RecursionError; the depth
is counted before parsing. JSON may carry lone surrogates (`"\\ud800"`) and NUL characters, which
neither UTF-8 nor PostgreSQL can hold; they are refused with a 400 naming the field.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ErrorDetail, ParseError, ValidationError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json

# Our bodies are two levels deep; 32 leaves room for any future shape and stays far below the
# interpreter's recursion limit (json, serializers and the idempotency fingerprint all recurse).
MAX_DEPTH = 32

# A JSON string (escapes included) or one bracket; strings are skipped so "[[" inside text is not counted.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def nesting_exceeds(text: str, limit: int) -> bool:
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


def _printable(name: str) -> str:
    return name.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def unstorable_fields(data: object, path: str = "") -> list[str]:
    """Dotted paths of the strings (values or names) holding a lone surrogate or a NUL character."""
    found: list[str] = []
    if isinstance(data, str):
        if _UNSTORABLE.search(data):
            found.append(path)
    elif isinstance(data, dict):
        for name, value in data.items():
            field = f"{path}.{_printable(name)}" if path else _printable(name)
            if _UNSTORABLE.search(name):
                found.append(field)
            else:
                found += unstorable_fields(value, field)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += unstorable_fields(value, f"{path}[{index}]")
    return found


class SafeJSONParser(JSONParser):
    """DRF's JSON parser (strict: no NaN or Infinity) with the two checks above."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            text = stream.read().decode(get_encoding(parser_context or {}))
        except UnicodeDecodeError as exc:
            message = _("JSON parse error - the body is not valid %(encoding)s text.") % {"encoding": exc.encoding}
            raise ParseError(message) from None
        if nesting_exceeds(text, MAX_DEPTH):
            raise ParseError(_("JSON parse error - nested more than %(max)d levels deep.") % {"max": MAX_DEPTH})
        try:
            data = json.loads(text)  # DRF's: refuses NaN and Infinity
        except ValueError as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from None
        bad = unstorable_fields(data)
        if bad:
            message = str(_("Contains characters that cannot be stored (a NUL or a lone UTF-16 surrogate)."))
            error = [ErrorDetail(message, code="unstorable_characters")]
            raise ValidationError({field or "non_field_errors": error for field in bad})
        return data

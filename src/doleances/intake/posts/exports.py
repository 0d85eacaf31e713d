"""Reading a social network's or review site's export: CSV, a JSON array (or an object holding one),
or JSON lines (no Django). Yields (line or item number, row); a row that is not an object is
yielded as it is, for the door to refuse with its number."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

# A post of a megabyte is a cell of a megabyte: csv's default limit (128 KiB) would stop the file there.
CSV_FIELD_LIMIT = 16 * 1024 * 1024


class ExportUnreadable(ValueError):
    pass


def decode(data: bytes) -> str:
    """UTF-8 (with or without its byte order mark), else Windows-1252 (spreadsheets on Windows)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def export_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    return "json" if suffix == ".json" else "csv"


def read_rows(path: Path, *, fmt: str | None = None) -> Iterator[tuple[int, object]]:
    fmt = fmt or export_format(path)
    text = decode(path.read_bytes())
    if fmt == "csv":
        yield from _csv_rows(text)
    elif fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except (ValueError, RecursionError) as error:
                    yield number, ExportUnreadable(f"not JSON ({error})")
    else:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as error:
            raise ExportUnreadable(f"{path.name} is not JSON: {error}") from None
        if isinstance(data, dict):
            lists = [value for value in data.values() if isinstance(value, list)]
            if len(lists) != 1:
                raise ExportUnreadable(f"{path.name}: expected a list of posts, or an object holding one list")
            data = lists[0]
        if not isinstance(data, list):
            raise ExportUnreadable(f"{path.name}: expected a list of posts")
        yield from enumerate(data, start=1)


def _csv_rows(text: str) -> Iterator[tuple[int, object]]:
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]  # the default when sniffing finds nothing
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        for row in reader:
            # Cells stay text as written: "=HYPERLINK(…)" is kept, and shown, as those characters.
            yield reader.line_num, {key: value for key, value in row.items() if isinstance(key, str)}
    except csv.Error as error:
        raise ExportUnreadable(f"line {reader.line_num}: {error}") from None

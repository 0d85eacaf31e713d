"""Messages from files (pure: no Django): .eml files, mbox files and folders of them, read one
message at a time. `mailbox.mbox` indexes the whole file before the first message (and keeps the
index); this reader holds one message in memory, whatever the size of the mbox."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAIL_SUFFIXES = {".eml": "eml", ".mbox": "mbox", ".mbx": "mbox", ".mbs": "mbox"}
QUOTED_FROM = re.compile(rb"^>+From ")


@dataclass(frozen=True)
class FoundMessage:
    origin: str  # "file.eml" or "box.mbox#12": where to look for it
    raw: bytes


def _kind(path: Path) -> str:
    kind = MAIL_SUFFIXES.get(path.suffix.lower())
    if kind:
        return kind
    with path.open("rb") as handle:
        return "mbox" if handle.read(5) == b"From " else "eml"


def mail_files(paths: Iterable[str | os.PathLike]) -> list[tuple[Path, str]]:
    """(path, "eml" or "mbox") of every mail file given or inside a folder given, in name order.
    In folders only the known suffixes are read; a file named on the command line is sniffed."""
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                kind = MAIL_SUFFIXES.get(child.suffix.lower())
                if kind:
                    found.append((child, kind))
        elif path.is_file():
            found.append((path, _kind(path)))
        else:
            raise FileNotFoundError(path)
    return found


def iter_mbox(path: Path, *, on_bytes: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """Each message of an mbox (mboxo or mboxrd: a "From " line after an empty line starts a
    message; ">From " lines are unquoted one level), its separator line left out."""
    current: bytearray | None = None
    previous_blank = True
    with path.open("rb") as handle:
        for line in handle:
            if on_bytes is not None:
                on_bytes(len(line))
            if line.startswith(b"From ") and previous_blank:
                if current is not None:
                    yield _finish(current)
                current = bytearray()
                previous_blank = False
                continue
            previous_blank = line in (b"\n", b"\r\n")
            if current is None:
                continue  # anything before the first separator is no message
            if QUOTED_FROM.match(line):
                line = line[1:]
            current += line
    if current is not None:
        yield _finish(current)


def _finish(buffer: bytearray) -> bytes:
    # The empty line that precedes the next separator belongs to the mbox, not to the message.
    if buffer.endswith(b"\r\n\r\n"):
        del buffer[-2:]
    elif buffer.endswith(b"\n\n"):
        del buffer[-1:]
    return bytes(buffer)


def iter_messages(paths: Iterable[str | os.PathLike], *, on_bytes: Callable[[int], None] | None = None) -> Iterator[FoundMessage]:
    for path, kind in mail_files(paths):
        if kind == "eml":
            raw = path.read_bytes()
            if on_bytes is not None:
                on_bytes(len(raw))
            yield FoundMessage(str(path), raw)
        else:
            for number, raw in enumerate(iter_mbox(path, on_bytes=on_bytes), start=1):
                yield FoundMessage(f"{path}#{number}", raw)


def total_bytes(paths: Iterable[str | os.PathLike]) -> int:
    return sum(path.stat().st_size for path, _kind in mail_files(paths))

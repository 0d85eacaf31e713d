"""Quotes around evidence: overlapping or neighbouring evidence becomes one quote.

Tone and risk evidence are short spans of one text; quoting each with some context on both
sides repeats the same sentence once per span ("five quotes of the same two sentences").
:func:`passages` merges the highlighted spans that overlap or touch, then the quotes whose
context windows overlap or touch, so a stretch of text is quoted once with all its highlights.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Passage", "merge_spans", "passages"]


@dataclass(frozen=True, slots=True)
class Passage:
    """``text[start:end]`` quoted, with ``marks`` (absolute spans, sorted, disjoint) highlighted."""

    start: int
    end: int
    marks: tuple[tuple[int, int], ...]


def merge_spans(spans: Iterable[tuple[int, int]], *, text: str = "", gap: str = " \t") -> list[tuple[int, int]]:
    """Sorted, disjoint spans: spans that overlap, touch, or are separated only by ``gap``
    characters of ``text`` (spaces) are joined ("très" + "déçu" → "très déçu")."""
    merged: list[list[int]] = []
    for start, end in sorted((s, e) for s, e in spans if e > s):
        if merged and (start <= merged[-1][1] or (text and not text[merged[-1][1] : start].strip(gap))):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _widen(text: str, start: int, end: int, context: int) -> tuple[int, int]:
    """``context`` characters either side, not cutting a word in two."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def passages(text: str, spans: Iterable[tuple[int, int]], *, context: int = 40) -> list[Passage]:
    """The quotes showing every span of ``text`` with ``context`` characters around, merged
    so that no character of ``text`` is quoted twice; in text order."""
    n = len(text)
    marks = merge_spans(((max(0, s), min(n, e)) for s, e in spans), text=text)
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, end in marks:
        lo, hi = _widen(text, start, end, context)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]), [*out[-1][2], (start, end)])
        else:
            out.append((lo, hi, [(start, end)]))
    return [Passage(lo, hi, tuple(m)) for lo, hi, m in out]

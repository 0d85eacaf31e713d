"""Fast phrase matching with spans, shared by tone, risk, typology, facts.

Texts are folded (lowercase, no accents, ASCII apostrophes — same length as
the original) and split into alphanumeric tokens; phrases are token
sequences looked up through a dictionary keyed by their first token, so the
cost grows with the text length, not with the lexicon size. Every match
carries a span into the *original* text for highlighting.

Phrase syntax: case/accents ignored; punctuation and hyphens are token
separators (``ras-le-bol`` = ``ras le bol``); a trailing ``*`` allows any
ending of the last word (``résili*``); ``je`` also matches the elided ``j'``
(``j'vais`` = ``je vais``); phrases without letters or digits (emojis,
``!!``) are matched literally; ``re:<regex>`` is a raw regex on folded text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from doleances.nlp.textnorm import fold

__all__ = ["Evidence", "PhraseMatcher", "folded_tokens", "load_lexicon", "phrase_matcher"]

_TOKEN = re.compile(r"[a-z0-9]+")
_CANONICAL = {"j": "je"}


@dataclass(frozen=True, slots=True)
class Evidence:
    """A phrase found in a text that explains a decision.

    ``start``/``end`` index the original text (``text[start:end] == phrase``);
    ``kind`` is the category it supports (e.g. ``"angry"``, ``"churn"``).
    """

    phrase: str
    start: int
    end: int
    kind: str
    weight: float = 1.0


@lru_cache(maxsize=32)
def folded_tokens(folded: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """Canonical tokens of a folded text with their start and end offsets."""
    words, starts, ends = [], [], []
    for m in _TOKEN.finditer(folded):
        tok = m.group()
        words.append(_CANONICAL.get(tok, tok))
        starts.append(m.start())
        ends.append(m.end())
    return tuple(words), tuple(starts), tuple(ends)


def longest_per_kind(found: list[Evidence], text_length: int) -> list[Evidence]:
    """Matches that do not overlap another match of the same kind (longest, then heaviest,
    wins), by position."""
    if len(found) > 1:
        found.sort(key=lambda e: (-(e.end - e.start), -e.weight))
        covered: dict[str, bytearray] = {}
        taken: list[Evidence] = []
        for ev in found:
            mask = covered.setdefault(ev.kind, bytearray(text_length + 1))
            if mask.find(1, ev.start, ev.end) == -1:
                mask[ev.start : ev.end] = b"\x01" * (ev.end - ev.start)
                taken.append(ev)
        found = taken
    found.sort(key=lambda e: (e.start, e.kind))
    return found


_Entry = tuple[tuple[str, ...], bool, str, float]
_MAX_REMEMBERED_WORDS = 200_000  # bounds the per-matcher word memo (a few tens of MB at most)


class PhraseMatcher:
    """Find weighted, categorised phrases in texts.

    ``entries`` maps a category to ``{weight: [phrases]}`` or to a plain
    list of phrases (weight 1.0). Keys starting with ``_`` are ignored.
    """

    def __init__(self, entries: dict[str, Any]) -> None:
        self._exact: dict[str, list[_Entry]] = {}
        self._prefix: dict[str, list[_Entry]] = {}
        self._prefix_lengths: set[int] = set()
        self._literal: list[tuple[str, str, float]] = []
        self._regexes: list[tuple[re.Pattern[str], str, float]] = []
        # token -> (kind, weight) of the prefix entries it starts with: texts repeat their words,
        # so each distinct word is looked up once instead of once per prefix length.
        self._prefix_hits: dict[str, tuple[tuple[str, float], ...]] = {}
        for kind, spec in entries.items():
            if kind.startswith("_"):
                continue
            buckets = spec if isinstance(spec, dict) else {"1.0": spec}
            for weight, phrases in buckets.items():
                for phrase in phrases:
                    if isinstance(phrase, str) and phrase.strip():
                        self._add(phrase.strip(), kind, float(weight))

    def _add(self, phrase: str, kind: str, weight: float) -> None:
        if phrase.startswith("re:"):
            self._regexes.append((re.compile(phrase[3:]), kind, weight))
            return
        folded = fold(phrase)
        wildcard = folded.endswith("*")
        tokens = tuple(_CANONICAL.get(t, t) for t in _TOKEN.findall(folded.rstrip("*")))
        if not tokens:
            self._literal.append((folded, kind, weight))
            return
        entry = (tokens, wildcard, kind, weight)
        if wildcard and len(tokens) == 1:
            self._prefix.setdefault(tokens[0], []).append(entry)
            self._prefix_lengths.add(len(tokens[0]))
        else:
            self._exact.setdefault(tokens[0], []).append(entry)

    def find(self, text: str, folded: str | None = None) -> list[Evidence]:
        """Non-overlapping matches per category (longest first), by position."""
        if folded is None:
            folded = fold(text)
        words, starts, ends = folded_tokens(folded)
        n = len(words)
        found: list[Evidence] = []
        exact, prefix, lengths, prefix_hits = self._exact, self._prefix, self._prefix_lengths, self._prefix_hits
        for i, tok in enumerate(words):
            candidates = exact.get(tok)
            if candidates:
                for tokens, wildcard, kind, weight in candidates:
                    j = i + len(tokens)
                    if j > n:
                        continue
                    if wildcard:
                        ok = words[i + 1 : j - 1] == tokens[1:-1] and words[j - 1].startswith(tokens[-1])
                    else:
                        ok = words[i:j] == tokens
                    if ok:
                        s, e = starts[i], ends[j - 1]
                        found.append(Evidence(text[s:e], s, e, kind, weight))
            if prefix:
                hits = prefix_hits.get(tok)
                if hits is None:
                    hits = tuple(
                        (kind, weight)
                        for length in lengths
                        if len(tok) >= length
                        for _, _, kind, weight in prefix.get(tok[:length], ())
                    )
                    if len(prefix_hits) >= _MAX_REMEMBERED_WORDS:
                        prefix_hits.clear()
                    prefix_hits[tok] = hits
                for kind, weight in hits:
                    s, e = starts[i], ends[i]
                    found.append(Evidence(text[s:e], s, e, kind, weight))
        for literal, kind, weight in self._literal:
            pos = folded.find(literal)
            while pos >= 0:
                found.append(Evidence(text[pos : pos + len(literal)], pos, pos + len(literal), kind, weight))
                pos = folded.find(literal, pos + len(literal))
        for pattern, kind, weight in self._regexes:
            for m in pattern.finditer(folded):
                found.append(Evidence(text[m.start() : m.end()], m.start(), m.end(), kind, weight))
        return longest_per_kind(found, len(text))

    def kinds_present(self, text: str) -> set[str]:
        """Categories with at least one match."""
        return {ev.kind for ev in self.find(text)}


def phrase_matcher(phrases: Iterable[str], kind: str = "match") -> PhraseMatcher:
    """Matcher for a flat list of phrases of a single kind."""
    return PhraseMatcher({kind: list(phrases)})


@lru_cache(maxsize=16)
def load_lexicon(name: str) -> dict[str, Any]:
    """Load ``doleances/nlp/data/<name>.json`` shipped with the package."""
    path = resources.files("doleances.nlp").joinpath(f"data/{name}.json")
    lexicon: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return lexicon

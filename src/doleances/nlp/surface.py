"""Presentation helpers for term counts (pure Python, no Django): used by the analytics pages
and by problem detection.

* :func:`drop_nested` removes a word or phrase that only ever appears inside a longer one
  ("dépôt" and "vénissieux" when every "dépôt" is in "dépôt de vénissieux"): same counts, so
  the longer phrase says it all and the table shows more distinct things.
* :func:`surface_forms` finds how a folded term ("depot de venissieux") was actually written
  ("dépôt de Vénissieux"), to show it and to search for it. Names keep the capitals customers
  give them; a capital that only starts a sentence, and a word shouted in capitals, do not count
  (a short all-capitals word is an acronym: "EDF", "SNCF", "CFPB").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from doleances.nlp.textnorm import fold

T = TypeVar("T")

# Between two words of a phrase: punctuation or spaces, and maybe an elided article (l', d', qu'...).
_GAP = r"[^a-z0-9]+(?:(?:[ldjtmnsc]|qu|jusqu|lorsqu|puisqu)'[^a-z0-9]*)?"
_NOT_WORD = re.compile(r"[^\w'’-]+")
_SENTENCE_END = re.compile(r"(?:^|[.!?…]|\n)[\s\"«»“”'(\[-]*$")
_ACRONYM_MAX = 4  # letters: longer words in capitals are shouted, not acronyms


def _sub_terms(term: str) -> set[str]:
    words = term.split(" ")
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)} - {term}


def drop_nested(rows: Sequence[T], *, key: Callable[[T], tuple[object, ...]], term: Callable[[T], str]) -> list[T]:
    """`rows` without those contained in a longer term of the list with the same `key` (counts)."""
    by_term = {term(row): key(row) for row in rows}
    nested = {sub for row in rows if " " in term(row) for sub in _sub_terms(term(row)) if by_term.get(sub) == key(row)}
    return [row for row in rows if term(row) not in nested]


def _written(span: str) -> str:
    """The words as written, lowercase, one space between them (punctuation in between dropped)."""
    return " ".join(_NOT_WORD.sub(" ", span).lower().split())


def _casing_votes(span: str, *, sentence_start: bool) -> list[str | None]:
    """How each word of `span` is capitalised, as evidence of how it is spelt (None: no evidence)."""
    votes: list[str | None] = []
    for i, word in enumerate(_NOT_WORD.sub(" ", span).split()):
        letters = [c for c in word if c.isalpha()]
        if word.isupper() and len(letters) > _ACRONYM_MAX:
            votes.append(word.lower())  # shouted
        elif i == 0 and sentence_start and word[:1].isupper() and not word[1:].isupper():
            votes.append(None)  # the capital of a sentence's first word says nothing
        else:
            votes.append(word)
    return votes


def _spelt(lower: str, votes: list[Counter[str]]) -> str:
    words = lower.split(" ")
    return " ".join((votes[i].most_common(1)[0][0] if i < len(votes) and votes[i] else word) for i, word in enumerate(words))


def _pattern(term: str) -> str:
    return _GAP.join(re.escape(word) for word in term.split(" "))


def surface_forms(terms: Iterable[str], texts: Iterable[str], *, enough: int = 3, max_texts: int = 2_000) -> dict[str, str]:
    """The most frequent written form (lowercase, accents kept) of each folded term.

    `fold` keeps the length of the text, so a match in the folded text is the same span in the
    original. Reading stops once every term was seen `enough` times or after `max_texts` texts;
    a term never found keeps its folded form.
    """
    wanted = sorted(set(terms))
    regexes = {term: re.compile(r"(?<![a-z0-9-])" + _pattern(term) + r"(?![a-z0-9])") for term in wanted}
    seen: dict[str, Counter[str]] = {term: Counter() for term in wanted}
    casing: dict[tuple[str, str], list[Counter[str]]] = {}
    missing = set(wanted)
    for n, text in enumerate(texts):
        if n >= max_texts or not missing:
            break
        folded = fold(text)
        for term in list(missing):
            for match in regexes[term].finditer(folded):
                span = text[match.start() : match.end()]
                lower = _written(span)
                seen[term][lower] += 1
                votes = casing.setdefault((term, lower), [])
                start = bool(_SENTENCE_END.search(text[max(0, match.start() - 40) : match.start()])) or match.start() == 0
                for i, vote in enumerate(_casing_votes(span, sentence_start=start)):
                    if len(votes) <= i:
                        votes.append(Counter())
                    if vote is not None:
                        votes[i][vote] += 1
            if seen[term].total() >= enough:
                missing.discard(term)
    forms = {}
    for term, counter in seen.items():
        if not counter:
            forms[term] = term
            continue
        lower = counter.most_common(1)[0][0]
        forms[term] = _spelt(lower, casing.get((term, lower), []))
    return forms

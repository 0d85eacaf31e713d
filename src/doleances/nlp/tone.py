"""Tone of a complaint: calm / dissatisfied / angry / distressed, with evidence.

How the label is decided (transparent, lexicon based, French + English):

1. Lexicon phrases (``data/tone_lexicon.json``) add their weight to one of
   three negative dimensions: dissatisfied, angry, distressed.
2. An intensifier in the two words before a phrase (``très``, ``vraiment``,
   ``so``...) multiplies its weight by 1.5.
3. Negation (``pas``, ``ne``, ``not``, ``n't``... in the three words before,
   within the same clause) cancels a negative phrase and turns a positive one
   (``pas content``, ``not happy``) into dissatisfaction (weight 1.0); for
   positive words the French post-verbal negation counts too (``ça marche
   pas``, ``fonctionne plus``).
4. Style cues add anger: runs of ``!!`` (+0.5 each, max 1.5), shouting
   (≥ 2 words in capitals making ≥ 30 % of the words: +1.0), emojis
   (😡🤬 → angry, 😢😭 → distressed, 🙄👎 → dissatisfied; 1.5 each).
5. Decision: distressed if distress ≥ 1.5 and ≥ anger; angry if anger ≥ 2.5
   (or ≥ 1.5 and ≥ dissatisfaction); dissatisfied if the total is ≥ 1.0;
   otherwise calm. ``score`` = 1 - exp(-total / 3) is the overall negative
   intensity in [0, 1] (0 for a neutral text) — usable for sorting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from doleances.nlp.matching import Evidence, PhraseMatcher, load_lexicon
from doleances.nlp.textnorm import compile_phrases, fold

__all__ = ["TONE_LABELS", "Tone", "analyse_tone"]

TONE_LABELS = ("calm", "dissatisfied", "angry", "distressed")


@dataclass(frozen=True, slots=True)
class Tone:
    """Tone label, negative intensity ``score`` in [0, 1] and evidence phrases."""

    label: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    dimensions: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Resources:
    matcher: PhraseMatcher
    emoji: PhraseMatcher
    intensifier: re.Pattern[str]
    negator: re.Pattern[str]


@lru_cache(maxsize=1)
def _resources() -> _Resources:
    lex = load_lexicon("tone_lexicon")
    words = {k: v for k, v in lex.items() if k in ("dissatisfied", "angry", "distressed", "positive")}
    negators = [n for n in lex["negators"] if n not in ("n'", "n't")]
    neg = compile_phrases(negators).pattern + r"|n't\b|(?<!\w)n'"
    return _Resources(
        matcher=PhraseMatcher(words),
        emoji=PhraseMatcher({k: {"1.5": v} for k, v in lex["emoji"].items()}),
        intensifier=compile_phrases(lex["intensifiers"]),
        negator=re.compile(neg),
    )


_POST_NEGATION = re.compile(r"\s+(?:\w+\s+)?(?:pas|plus|jamais|rien|point)\b")
_CLAUSE_BREAK = re.compile(r"[.;:!?,\n]|\bmais\b|\bbut\b")
_WORD = re.compile(r"[a-z0-9']+")
_EXCLAM = re.compile(r"!{2,}|[!?]{3,}")
_CAPS_WORD = re.compile(r"\b[A-ZÀ-Ý]{3,}\b")
_ALPHA_WORD = re.compile(r"\b[^\W\d_]{3,}\b")


def _window(folded: str, start: int, n_words: int) -> str:
    """The last ``n_words`` words before ``start`` within the same clause."""
    left = folded[max(0, start - 60) : start]
    parts = _CLAUSE_BREAK.split(left)
    clause = parts[-1] if parts else ""
    words = _WORD.findall(clause)
    return " ".join(words[-n_words:])


def analyse_tone(text: str, language: str | None = None) -> Tone:
    """Classify the tone of ``text`` (French or English) with evidence.

    ``language`` is accepted for API symmetry; both lexicons are always used
    because complaints often mix languages and slang.
    """
    del language
    res = _resources()
    folded = fold(text)
    dims = {"dissatisfied": 0.0, "angry": 0.0, "distressed": 0.0}
    evidence: list[Evidence] = []
    covered = bytearray(len(text) + 1)
    for ev in res.matcher.find(text, folded):
        before = _window(folded, ev.start, 3)
        negated = bool(before) and bool(res.negator.search(before)) and not res.negator.search(folded[ev.start : ev.end])
        post_negated = ev.kind == "positive" and bool(_POST_NEGATION.match(folded, ev.end))
        negated = negated or post_negated
        weight = ev.weight
        if res.intensifier.search(_window(folded, ev.start, 2)):
            weight *= 1.5
        if ev.kind == "positive":
            if not negated:
                continue
            kind, weight = "dissatisfied", 1.0
            lo = max(0, ev.start - len(before) - 8)
            hits = [h for h in res.negator.finditer(folded, lo, ev.start) if h.group().strip() in before]
            start = hits[0].start() if hits else ev.start
            end = ev.end
            if post_negated and not hits:
                m = _POST_NEGATION.match(folded, ev.end)
                end = m.end() if m else end
            ev = Evidence(text[start:end], start, end, kind, weight)
        elif negated:
            continue
        else:
            ev = Evidence(ev.phrase, ev.start, ev.end, ev.kind, round(weight, 2))
        if ev.kind == "dissatisfied" and covered.find(1, ev.start, ev.end) != -1:
            continue  # "ne marche pas" already counted; do not count its negated "marche" again
        if ev.kind == "dissatisfied":
            covered[ev.start : ev.end] = b"\x01" * (ev.end - ev.start)
        dims[ev.kind] += ev.weight
        evidence.append(ev)
    for ev in res.emoji.find(text, folded):
        dims[ev.kind] += ev.weight
        evidence.append(ev)
    bangs = list(_EXCLAM.finditer(text))
    for m in bangs[:3]:
        dims["angry"] += 0.5
        evidence.append(Evidence(m.group(), m.start(), m.end(), "angry", 0.5))
    caps = [m for m in _CAPS_WORD.finditer(text) if not m.group().startswith("XX")]
    n_words = len(_ALPHA_WORD.findall(text))
    if len(caps) >= 2 and n_words and len(caps) / n_words >= 0.3:
        dims["angry"] += 1.0
        first = caps[0]
        evidence.append(Evidence(first.group(), first.start(), first.end(), "angry", 1.0))
    total = sum(dims.values())
    if dims["distressed"] >= 1.5 and dims["distressed"] >= dims["angry"]:
        label = "distressed"
    elif dims["angry"] >= 2.5 or (dims["angry"] >= 1.5 and dims["angry"] >= dims["dissatisfied"]):
        label = "angry"
    elif total >= 1.0:
        label = "dissatisfied"
    else:
        label = "calm"
    evidence.sort(key=lambda e: e.start)
    score = 0.0 if total == 0 else round(1.0 - pow(2.718281828, -total / 3.0), 3)
    return Tone(label, score, evidence, {k: round(v, 2) for k, v in dims.items()})

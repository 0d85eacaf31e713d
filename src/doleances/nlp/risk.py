"""Risk flags (churn, legal, public exposure, safety, vulnerability) and score.

Flags come from folded, accent-insensitive phrase lists in
``data/risk_lexicon.json`` (elisions such as ``j'vais`` and typographic
apostrophes are handled by :mod:`doleances.nlp.textnorm`). A flag phrase
preceded in the same clause by a negation (``pas``, ``not``...) is ignored.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from doleances.nlp.matching import Evidence, PhraseMatcher, load_lexicon
from doleances.nlp.textnorm import compile_phrases, fold

__all__ = [
    "FLAG_POINTS",
    "RISK_FLAGS",
    "RiskFlags",
    "RiskScore",
    "detect_risks",
    "score_risk",
]

RISK_FLAGS = ("churn", "legal", "public", "safety", "vulnerability")

#: Points added by each flag in :func:`score_risk`.
FLAG_POINTS = {"churn": 25, "legal": 25, "public": 20, "safety": 35, "vulnerability": 20}
#: Points added by each tone label in :func:`score_risk`.
TONE_POINTS = {"calm": 0, "dissatisfied": 5, "angry": 15, "distressed": 15}


@dataclass(frozen=True, slots=True)
class RiskFlags:
    """Evidence per raised flag; ``flags`` only holds flags that were found."""

    flags: dict[str, list[Evidence]] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """Raised flags in canonical order."""
        return [f for f in RISK_FLAGS if self.flags.get(f)]

    def __contains__(self, flag: object) -> bool:
        return bool(self.flags.get(flag))  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class RiskScore:
    """Score in [0, 100], level (low/medium/high/critical) and readable reasons."""

    score: int
    level: str
    reasons: list[str]


_NEGATION = compile_phrases(["pas", "ne", "jamais", "aucun", "aucune", "sans", "not", "no", "never", "don't"])
_NEGATION_BREAK = re.compile(r"[.;:!?,\n]|\bmais\b|\bbut\b")


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    lex = load_lexicon("risk_lexicon")
    return PhraseMatcher({k: lex[k] for k in RISK_FLAGS})


def _negated(folded: str, start: int) -> bool:
    left = _NEGATION_BREAK.split(folded[max(0, start - 40) : start])[-1]
    words = left.split()[-3:]
    return bool(words) and bool(_NEGATION.search(" ".join(words)))


def detect_risks(text: str) -> RiskFlags:
    """Raise risk flags with the phrases (and spans) that triggered them."""
    folded = fold(text)
    flags: dict[str, list[Evidence]] = {}
    for ev in _matcher().find(text, folded):
        if ev.kind in ("churn", "safety") and _negated(folded, ev.start):
            continue
        flags.setdefault(ev.kind, []).append(ev)
    return RiskFlags(flags)


def _level(score: int) -> str:
    if score >= 75:
        return "critical"
    if score >= 50:
        return "high"
    if score >= 25:
        return "medium"
    return "low"


def score_risk(
    flags: RiskFlags,
    tone: object | None = None,
    *,
    customer_value: float | None = None,
    is_vip: bool = False,
    prior_complaints_90d: int = 0,
) -> RiskScore:
    """Additive, explainable risk score in [0, 100].

    Points (capped at 100):

    * each raised flag: churn 25, legal 25, public 20, safety 35,
      vulnerability 20; +5 per extra distinct phrase of the same flag (max +5);
    * tone label: dissatisfied 5, angry 15, distressed 15; plus
      ``round(10 * tone.score)`` for intensity (``tone`` is a
      :class:`doleances.nlp.tone.Tone` or anything with ``label``/``score``);
    * ``is_vip``: +10;
    * ``customer_value`` (yearly revenue, any currency unit):
      ``+min(15, round(5 * log10(1 + value / 100)))`` (100 → 2, 1,000 → 5,
      10,000 → 10, 100,000+ → 15);
    * ``prior_complaints_90d``: +5 per previous complaint, max +15
      (recurrence is the strongest churn predictor in the seed articles).

    Floors: a safety flag makes the level at least ``high`` (score ≥ 50);
    churn combined with anger or legal threat at least ``high`` as well.
    Levels: < 25 low, < 50 medium, < 75 high, ≥ 75 critical.
    """
    points = 0
    reasons: list[str] = []
    for name in flags.names:
        evs = flags.flags[name]
        phrases = sorted({e.phrase.lower() for e in evs})
        pts = FLAG_POINTS[name] + (5 if len(phrases) > 1 else 0)
        points += pts
        shown = ", ".join(f"«{p}»" for p in phrases[:3])
        reasons.append(f"{name}: {shown} (+{pts})")
    label = getattr(tone, "label", None)
    if label in TONE_POINTS and label != "calm":
        pts = TONE_POINTS[label] + round(10 * float(getattr(tone, "score", 0.0)))
        points += pts
        reasons.append(f"tone {label} (+{pts})")
    if is_vip:
        points += 10
        reasons.append("VIP customer (+10)")
    if customer_value:
        pts = min(15, round(5 * math.log10(1 + max(customer_value, 0) / 100)))
        if pts:
            points += pts
            reasons.append(f"customer value {customer_value:g} (+{pts})")
    if prior_complaints_90d > 0:
        pts = min(15, 5 * prior_complaints_90d)
        points += pts
        reasons.append(f"{prior_complaints_90d} prior complaint(s) in 90 days (+{pts})")
    score = min(100, points)
    names = set(flags.names)
    if "safety" in names and score < 50:
        score = 50
        reasons.append("safety issue: at least high")
    if "churn" in names and (label == "angry" or "legal" in names) and score < 50:
        score = 50
        reasons.append("churn with anger or legal threat: at least high")
    return RiskScore(int(score), _level(int(score)), reasons)

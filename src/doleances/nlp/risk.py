"""Risk flags (churn, legal, public exposure, safety, vulnerability) and score.

Flags come from folded, accent-insensitive phrase lists in
``data/risk_lexicon.json`` (elisions such as ``j'vais`` and typographic
apostrophes are handled by :mod:`doleances.nlp.textnorm`). A churn or safety
phrase governed by a negation is ignored: ``pas``, ``ne``, ``jamais``,
``not``, ``n't`` among the three words before it in the same clause, after
the last subject pronoun (``je ne vais pas résilier``, but ``c'est pas normal
je résilie`` is churn); ``sans``, ``aucun``, ``no`` only right before it, with
at most function words between (``sans danger``, ``sans pouvoir me
désabonner``, but ``pris sans engagement je résilie`` is churn).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from doleances.nlp.matching import Evidence, load_lexicon
from doleances.nlp.textnorm import fold
from doleances.nlp.tone import GatedPhrases

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


_NEGATORS = frozenset({"pas", "ne", "jamais", "not", "never", "don't", "won't", "wont", "dont"})
# These only negate the word right after them ("sans danger", "no fire"), not a later clause
# ("pris sans engagement je vais résilier").
_ADJACENT_NEGATORS = frozenset({"sans", "aucun", "aucune", "no", "without"})
# Words allowed between those and the phrase ("sans pouvoir me désabonner", "no risk of fire").
_GAP = frozenset(
    "pouvoir vouloir me m' te t' se s' vous le la les l' de d' du des un une avoir etre any a an the"  # noqa: SIM905
    " being able to risk of".split()
)
_SUBJECTS = frozenset({"je", "j'", "on", "nous", "il", "ils", "elle", "elles", "c'est", "ca", "i", "we"})
_NEGATION_BREAK = re.compile(r"[.;:!?,\n]|\bmais\b|\bbut\b")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]*)?")


@lru_cache(maxsize=1)
def _matcher() -> GatedPhrases:
    lex = load_lexicon("risk_lexicon")
    return GatedPhrases({k: lex[k] for k in RISK_FLAGS})


def _is_subject(word: str) -> bool:
    return word in _SUBJECTS or word.startswith("j'")


def _negated(folded: str, start: int) -> bool:
    """A negation governs the phrase at ``start`` ("je ne vais pas résilier", "pas de danger").

    Looks at the three words before it in the same clause, from the last
    subject pronoun on (so "c'est pas normal je résilie" is not negated).
    """
    first = _WORD.match(folded, start)
    if first and _is_subject(first.group()):
        return False  # "je vais résilier", "c'est tchao": a negation before the subject is another clause
    left = _NEGATION_BREAK.split(folded[max(0, start - 40) : start])[-1]
    words = _WORD.findall(left)[-3:]
    for i in range(len(words) - 1, -1, -1):
        if _is_subject(words[i]):
            words = words[i + 1 :]
            break
    i = len(words) - 1
    while i > 0 and words[i] in _GAP:
        i -= 1
    if words and words[i] in _ADJACENT_NEGATORS:
        return True
    return any(w in _NEGATORS or w.startswith("n'") or w.endswith("n't") for w in words)


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

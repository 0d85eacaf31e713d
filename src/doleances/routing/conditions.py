"""The conditions of a routing rule, pure: what is known of a complaint (`Facts`) against what a rule
asks, each condition told with the complaint's value and whether it holds ("why here?").

No Django here: the same evaluation serves the routing service, the admin's dry run and the
property tests. Keywords match whole words, whatever the capitals and the accents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal


def fold(text: str) -> str:
    """Lower case without accents ("Élevé" → "eleve"); ligatures and wide forms folded too."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def split_keywords(raw: str) -> list[str]:
    """The comma-separated keywords of a rule, folded, blanks dropped, in their order, once each."""
    seen: list[str] = []
    for part in raw.split(","):
        word = " ".join(fold(part).split())
        if word and word not in seen:
            seen.append(word)
    return seen


def keyword_pattern(word: str) -> re.Pattern[str]:
    """Whole word (or phrase: any run of spaces between its words), on folded text."""
    body = r"\s+".join(re.escape(piece) for piece in word.split())
    return re.compile(rf"(?<!\w){body}(?!\w)")


def find_keyword(words: list[str], folded_text: str) -> str:
    """The first of `words` found in `folded_text`, or ""."""
    for word in words:
        if keyword_pattern(word).search(folded_text):
            return word
    return ""


@dataclass(frozen=True)
class Facts:
    """What a rule may look at. `category_ids`: the complaint's category (or, while it has none, the
    suggested one) and its parents, so a rule on "Billing" also takes "Billing › Wrong amount"."""

    kind: str = ""
    channel: str = ""
    category_ids: frozenset[int] = frozenset()
    category: str = ""  # its name, to explain
    tone: str = ""
    risk_flags: frozenset[str] = frozenset()
    risk_score: int = 0
    language: str = ""
    is_vip: bool = False
    segment: str = ""
    amount: Decimal | None = None
    text: str = ""  # subject and description, folded (see `fold`)
    typology: str = ""


@dataclass(frozen=True)
class Check:
    """One condition of one rule: its name, what the rule asks, what the complaint has."""

    condition: str
    expected: str
    actual: str
    holds: bool

    def as_data(self) -> dict:
        return {"condition": self.condition, "expected": self.expected, "actual": self.actual}


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def evaluate(
    facts: Facts,
    *,
    category_id: int | None = None,
    category_label: str = "",
    tones: set[str] | frozenset[str] = frozenset(),
    risk_flag: str = "",
    min_risk_score: int | None = None,
    language: str = "",
    channel: str = "",
    vip_only: bool = False,
    kind: str = "",
    segment: str = "",
    min_amount: Decimal | None = None,
    max_amount: Decimal | None = None,
    keywords: str = "",
    typology: str = "",
) -> list[Check]:
    """Every condition that is set, in a fixed order (cheap ones first, keywords last)."""
    checks: list[Check] = []

    def add(condition: str, expected: str, actual: str, holds: bool) -> None:
        checks.append(Check(condition, expected, actual, holds))

    if kind:
        add("kind", kind, facts.kind, facts.kind == kind)
    if channel:
        add("channel", channel, facts.channel, facts.channel == channel)
    if vip_only:
        add("vip", "yes", "yes" if facts.is_vip else "no", facts.is_vip)
    if category_id is not None:
        add("category", category_label or str(category_id), facts.category, category_id in facts.category_ids)
    if tones:
        add("tone", ", ".join(sorted(tones)), facts.tone, facts.tone in tones)
    if risk_flag:
        add("risk_flag", risk_flag, ", ".join(sorted(facts.risk_flags)), risk_flag in facts.risk_flags)
    if min_risk_score is not None:
        add("risk_score", f"≥ {min_risk_score}", str(facts.risk_score), facts.risk_score >= min_risk_score)
    if language:
        add("language", language, facts.language, facts.language == language)
    if segment:
        add("segment", segment, facts.segment, fold(facts.segment.strip()) == fold(segment.strip()))
    if typology:
        add("typology", typology, facts.typology, facts.typology == typology)
    if min_amount is not None or max_amount is not None:
        expected = f"{_amount(min_amount) or '…'} – {_amount(max_amount) or '…'}"
        amount = facts.amount
        holds = (
            amount is not None and (min_amount is None or amount >= min_amount) and (max_amount is None or amount <= max_amount)
        )
        add("amount", expected, _amount(amount), holds)
    if keywords:
        words = split_keywords(keywords)
        found = find_keyword(words, facts.text)
        add("keywords", ", ".join(words), found, bool(found))
    return checks

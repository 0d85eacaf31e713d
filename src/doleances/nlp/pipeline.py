"""One-call analysis of a complaint: language, category, tone, risk, facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from doleances.nlp.facts import Facts, extract_facts
from doleances.nlp.keyword_rules import KeywordRules, suggest_categories
from doleances.nlp.language import LanguageGuess, detect_language
from doleances.nlp.risk import RiskFlags, RiskScore, detect_risks, score_risk
from doleances.nlp.suggestion import Suggester, Suggestion
from doleances.nlp.tone import Tone, analyse_tone

__all__ = ["Analysis", "analyse", "analyse_many"]


@dataclass(frozen=True, slots=True)
class Analysis:
    language: LanguageGuess
    category: Suggestion | None
    tone: Tone
    risk_flags: RiskFlags
    risk: RiskScore
    facts: Facts
    extra: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable nested dict (e.g. for a JSONField)."""
        data = asdict(self)
        data["risk_flags"] = {name: [asdict(e) for e in evs] for name, evs in self.risk_flags.flags.items()}
        return data


def _one(text: str, category: Suggestion | None, fallback_language: str) -> Analysis:
    language = detect_language(text, fallback=fallback_language)
    tone = analyse_tone(text, language.code)
    flags = detect_risks(text)
    return Analysis(language, category, tone, flags, score_risk(flags, tone), extract_facts(text))


def analyse(
    text: str,
    *,
    model: Suggester | None = None,  # a trained model, loaded by the caller: no scikit-learn here
    keyword_rules: KeywordRules | None = None,
    fallback_language: str = "fr",
) -> Analysis:
    """Analyse one complaint. The risk score here ignores customer data;
    call :func:`doleances.nlp.risk.score_risk` again with ``customer_value``,
    ``is_vip`` and ``prior_complaints_90d`` when they are known."""
    category = None
    if model is not None or keyword_rules is not None:
        category = suggest_categories([text], model, keyword_rules)[0]
    return _one(text, category, fallback_language)


def analyse_many(
    texts: Sequence[str],
    *,
    model: Suggester | None = None,  # a trained model, loaded by the caller: no scikit-learn here
    keyword_rules: KeywordRules | None = None,
    fallback_language: str = "fr",
) -> list[Analysis]:
    """Batch version of :func:`analyse` (the category model runs vectorised)."""
    texts = list(texts)
    categories: list[Suggestion | None] = [None] * len(texts)
    if texts and (model is not None or keyword_rules is not None):
        categories = suggest_categories(texts, model, keyword_rules)
    return [_one(t, c, fallback_language) for t, c in zip(texts, categories, strict=True)]

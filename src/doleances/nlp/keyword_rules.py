"""Cold-start category suggestions from keyword lists, and model/rules merging."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from doleances.nlp.matching import PhraseMatcher
from doleances.nlp.suggestion import Suggester, Suggestion

__all__ = ["KeywordRules", "suggest_categories"]


class KeywordRules:
    """Cold-start classifier from per-category keyword lists.

    ``rules`` maps a category to phrases (case/accent-insensitive, ``*``
    suffix wildcard). A match weighs its number of words; confidence is
    ``best / (total + 1)`` so one weak hit gives ~0.5 and agreement raises it.
    """

    def __init__(self, rules: Mapping[str, Sequence[str]]) -> None:
        self.rules = {str(k): [str(p) for p in v if str(p).strip()] for k, v in rules.items()}
        self._matcher = PhraseMatcher({k: v for k, v in self.rules.items() if v})

    def scores(self, text: str) -> dict[str, float]:
        """Sum of matched phrase lengths (in words) per category."""
        out: dict[str, float] = {}
        for ev in self._matcher.find(text):
            out[ev.kind] = out.get(ev.kind, 0.0) + len(ev.phrase.split())
        return out

    def predict(self, texts: Sequence[str], n_alternatives: int = 2) -> list[Suggestion | None]:
        """A suggestion per text, or ``None`` when no keyword matched."""
        result: list[Suggestion | None] = []
        for text in texts:
            scores = self.scores(text)
            if not scores:
                result.append(None)
                continue
            total = sum(scores.values()) + 1.0
            ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
            alts = [(k, round(v / total, 4)) for k, v in ranked[1 : 1 + n_alternatives]]
            result.append(Suggestion(ranked[0][0], round(ranked[0][1] / total, 4), alts, "rules"))
        return result


def suggest_categories(
    texts: Sequence[str], model: Suggester | None = None, rules: KeywordRules | None = None
) -> list[Suggestion | None]:
    """Model suggestions when a model exists, keyword rules otherwise.

    With both, a rules suggestion replaces the model's only when the model is
    unsure (confidence < 0.4) and the rules are surer than the model.
    """
    texts = list(texts)
    model_out: list[Suggestion | None] = list(model.predict(texts)) if model is not None else [None] * len(texts)
    if rules is None:
        return model_out
    rules_out = rules.predict(texts)
    merged: list[Suggestion | None] = []
    for m, r in zip(model_out, rules_out, strict=True):
        if m is None or (r is not None and m.confidence < 0.4 and r.confidence > m.confidence):
            merged.append(r)
        else:
            merged.append(m)
    return merged

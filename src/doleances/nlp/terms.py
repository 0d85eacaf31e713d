"""Word and phrase occurrence counts and emerging terms.

* :func:`count_terms` counts 1- to 3-grams per group key (period, category,
  channel...) after accent-insensitive folding and French + English stopword
  removal (an n-gram may not start or end with a stopword, so
  "délai de livraison" is kept but "de livraison" is not).
* :func:`emerging_terms` compares a recent corpus with a baseline using the
  weighted log-odds ratio with an informative Dirichlet prior (Monroe,
  Colaresi & Quinn 2008, "Fightin' Words"): the prior is the pooled counts
  scaled to ``prior_size`` pseudo-counts; the z-score (delta / sqrt(var))
  ranks terms that are significantly more frequent recently.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from doleances.nlp.textnorm import STOPWORDS, strip_redactions, tokenize

__all__ = ["EmergingTerm", "TermCount", "count_terms", "emerging_terms", "extract_ngrams"]


@dataclass(frozen=True, slots=True)
class TermCount:
    term: str
    count: int
    documents: int


@dataclass(frozen=True, slots=True)
class EmergingTerm:
    term: str
    recent_count: int
    baseline_count: int
    log_odds: float
    z_score: float


def extract_ngrams(text: str, max_n: int = 3) -> list[str]:
    """Folded 1..``max_n``-grams not starting or ending with a stopword."""
    tokens = [t for t in tokenize(strip_redactions(text)) if not t.isdigit() or len(t) == 4]
    grams: list[str] = []
    n_tok = len(tokens)
    for i in range(n_tok):
        if tokens[i] in STOPWORDS or len(tokens[i]) < 2:
            continue
        for n in range(1, max_n + 1):
            j = i + n
            if j > n_tok:
                break
            last = tokens[j - 1]
            if last in STOPWORDS or len(last) < 2:
                continue
            grams.append(" ".join(tokens[i:j]))
    return grams


def count_terms(
    items: Iterable[tuple[Hashable, str]],
    *,
    max_n: int = 3,
    top: int | None = 50,
    min_count: int = 2,
) -> dict[Hashable, list[TermCount]]:
    """Count n-gram occurrences per group.

    ``items`` yields ``(group_key, text)``; returns for each key the ``top``
    terms with at least ``min_count`` occurrences, sorted by count.
    """
    counts: dict[Hashable, Counter[str]] = {}
    docs: dict[Hashable, Counter[str]] = {}
    for key, text in items:
        grams = extract_ngrams(text, max_n)
        counts.setdefault(key, Counter()).update(grams)
        docs.setdefault(key, Counter()).update(set(grams))
    result: dict[Hashable, list[TermCount]] = {}
    for key, counter in counts.items():
        rows = [TermCount(term, n, docs[key][term]) for term, n in counter.most_common() if n >= min_count]
        result[key] = rows[:top] if top else rows
    return result


def _as_counter(corpus: Iterable[str] | Mapping[str, int], max_n: int) -> Counter[str]:
    if isinstance(corpus, Mapping):
        return Counter(corpus)
    counter: Counter[str] = Counter()
    for text in corpus:
        counter.update(extract_ngrams(text, max_n))
    return counter


def emerging_terms(
    recent: Iterable[str] | Mapping[str, int],
    baseline: Iterable[str] | Mapping[str, int],
    *,
    max_n: int = 3,
    top: int = 20,
    min_count: int = 3,
    min_z: float = 1.96,
    prior_size: float = 500.0,
) -> list[EmergingTerm]:
    """Terms over-represented in ``recent`` versus ``baseline``.

    Each corpus is a list of texts or an already computed term -> count
    mapping. For term *w*, with counts *y*, totals *n* and prior
    alpha_w = prior_size * (y_recent + y_base) / (n_recent + n_base):

    delta_w = log((y_r + a_w) / (n_r + a_0 - y_r - a_w))
            - log((y_b + a_w) / (n_b + a_0 - y_b - a_w))
    var_w   = 1 / (y_r + a_w) + 1 / (y_b + a_w)

    Terms with recent count ≥ ``min_count`` and z = delta / sqrt(var) ≥
    ``min_z`` are returned, highest z first.
    """
    rc = _as_counter(recent, max_n)
    bc = _as_counter(baseline, max_n)
    n_r, n_b = sum(rc.values()), sum(bc.values())
    if n_r == 0:
        return []
    pooled_total = n_r + n_b
    out: list[EmergingTerm] = []
    for term, y_r in rc.items():
        if y_r < min_count:
            continue
        y_b = bc.get(term, 0)
        a_w = prior_size * (y_r + y_b) / pooled_total
        a_0 = prior_size
        delta = math.log((y_r + a_w) / (n_r + a_0 - y_r - a_w)) - math.log((y_b + a_w) / max(n_b + a_0 - y_b - a_w, 1e-9))
        z = delta / math.sqrt(1.0 / (y_r + a_w) + 1.0 / (y_b + a_w))
        if z >= min_z:
            out.append(EmergingTerm(term, y_r, y_b, round(delta, 4), round(z, 3)))
    out.sort(key=lambda t: (-t.z_score, t.term))
    return out[:top]

"""Surge detection (general drift vs isolated dysfunction) and clustering.

Significance rule used by :func:`detect_surges`, per category:

* baseline rate per day ``lam = (baseline_count + 0.5) / baseline_days``
  (the +0.5 is a Jeffreys-style continuity correction so that a category
  never seen before does not get a zero rate);
* expected count in the recent window ``mu = lam * window_days``;
* ``p = P(X >= observed)`` for ``X ~ Poisson(mu)`` (upper tail);
* over-dispersion (bursty categories, weekday effects): with
  ``phi = max(1, variance / mean)`` of the category's daily baseline counts,
  the test is run on the scaled counts ``observed / phi`` and ``mu / phi``
  (quasi-Poisson), which can only make it more conservative;
* a surge is proposed when ``p < alpha / n_categories`` (Bonferroni over the
  categories tested), ``observed >= min_count`` and
  ``observed / mu >= min_ratio``.

The three conditions together keep single noisy days of rare categories
(small counts) and tiny-but-significant increases of big categories (small
ratios) out of the agents' queue.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.stats import poisson
from sklearn.feature_extraction.text import TfidfVectorizer

from doleances.nlp.terms import emerging_terms, extract_ngrams
from doleances.nlp.textnorm import STOPWORDS

__all__ = ["Cluster", "SurgeProposal", "cluster_recent", "detect_surges"]


@dataclass(frozen=True, slots=True)
class SurgeProposal:
    """A candidate systemic problem, ready to become a ``Problem`` proposal."""

    title: str
    category: str
    window_start: dt.date
    window_end: dt.date
    window_count: int
    baseline_count: int
    baseline_days: int
    expected: float
    p_value: float
    ratio: float
    member_ids: list[Hashable] = field(default_factory=list)
    evidence_text: str = ""
    top_terms: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Cluster:
    """Group of similar recent complaints, labelled by its top terms."""

    ids: list[Hashable]
    top_terms: list[str]
    label: str


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def detect_surges(
    events: Iterable[Sequence[object]],
    *,
    today: dt.date | None = None,
    window_days: int = 3,
    baseline_days: int = 28,
    alpha: float = 0.01,
    min_count: int = 5,
    min_ratio: float = 2.0,
    texts: Mapping[Hashable, str] | None = None,
) -> list[SurgeProposal]:
    """Find categories whose recent volume exceeds their baseline.

    ``events`` yields ``(date, category)`` or ``(date, category, id)``.
    The recent window is ``[today - window_days + 1, today]``; the baseline
    is the ``baseline_days`` days just before it. ``texts`` (id -> text)
    enables top terms and an evidence sentence built from emerging terms.
    Results are sorted by p-value.
    """
    rows = [(_as_date(e[0]), str(e[1]), e[2] if len(e) > 2 else None) for e in events]
    if not rows:
        return []
    end = today or max(r[0] for r in rows)
    win_start = end - dt.timedelta(days=window_days - 1)
    base_start = win_start - dt.timedelta(days=baseline_days)
    recent: Counter[str] = Counter()
    base: Counter[str] = Counter()
    base_daily: dict[str, Counter[dt.date]] = {}
    members: dict[str, list[Hashable]] = {}
    base_members: dict[str, list[Hashable]] = {}
    for day, cat, ident in rows:
        if win_start <= day <= end:
            recent[cat] += 1
            if ident is not None:
                members.setdefault(cat, []).append(ident)
        elif base_start <= day < win_start:
            base[cat] += 1
            base_daily.setdefault(cat, Counter())[day] += 1
            if ident is not None:
                base_members.setdefault(cat, []).append(ident)
    categories = set(recent) | set(base)
    threshold = alpha / max(len(categories), 1)
    out: list[SurgeProposal] = []
    for cat in sorted(categories):
        observed = recent[cat]
        mu = (base[cat] + 0.5) / baseline_days * window_days
        ratio = observed / mu
        if observed < min_count or ratio < min_ratio:
            continue
        daily = np.zeros(baseline_days)
        for day, n in base_daily.get(cat, Counter()).items():
            daily[(day - base_start).days] = n
        phi = max(1.0, float(daily.var(ddof=1) / daily.mean())) if daily.sum() > 0 else 1.0
        p_value = float(poisson.sf(math.ceil(observed / phi) - 1, mu / phi))
        if p_value >= threshold:
            continue
        ids = members.get(cat, [])
        top: list[str] = []
        if texts:
            recent_texts = [texts[i] for i in ids if i in texts]
            base_texts = [texts[i] for i in base_members.get(cat, []) if i in texts]
            top = [t.term for t in emerging_terms(recent_texts, base_texts, top=5, min_count=2, min_z=1.0)]
        evidence = (
            f"{observed} complaints in {window_days} days vs {mu:.1f} expected "
            f"from the previous {baseline_days} days ({base[cat]}); ratio {ratio:.1f}, "
            f"Poisson p = {p_value:.2g}" + (f" (dispersion {phi:.1f})" if phi > 1.0 else "")
        )
        if top:
            evidence += "; emerging terms: " + ", ".join(top)
        title = f"Surge in {cat}" + (f": {', '.join(top[:3])}" if top else "")
        out.append(
            SurgeProposal(
                title,
                cat,
                win_start,
                end,
                observed,
                base[cat],
                baseline_days,
                round(mu, 3),
                p_value,
                round(ratio, 2),
                ids,
                evidence,
                top,
            )
        )
    out.sort(key=lambda s: s.p_value)
    return out


def _analyzer(text: str) -> list[str]:
    return [g for g in extract_ngrams(text, 2) if g not in STOPWORDS]


def cluster_recent(
    texts: Sequence[str],
    ids: Sequence[Hashable],
    *,
    threshold: float = 0.45,
    min_cluster_size: int = 3,
    n_terms: int = 4,
) -> list[Cluster]:
    """Group texts whose TF-IDF cosine similarity is ≥ ``threshold``.

    Builds the similarity graph (sparse, in row blocks, so thousands of texts
    are fine) and returns its connected components of at least
    ``min_cluster_size`` members, largest first, labelled with the
    ``n_terms`` heaviest terms of the cluster centroid.
    """
    if len(texts) != len(ids):
        raise ValueError("texts and ids must have the same length")
    if len(texts) < max(min_cluster_size, 2):
        return []
    vectorizer = TfidfVectorizer(
        analyzer=_analyzer,
        sublinear_tf=True,
        min_df=1,
    )
    try:
        matrix = vectorizer.fit_transform(texts).tocsr()
    except ValueError:
        return []
    n = matrix.shape[0]
    blocks = []
    for start in range(0, n, 2000):
        sim = (matrix[start : start + 2000] @ matrix.T).tocsr()
        sim.data[sim.data < threshold] = 0
        sim.eliminate_zeros()
        blocks.append(sim)
    graph = sp.vstack(blocks, format="csr")
    n_comp, labels = connected_components(graph, directed=False)
    vocab = np.array(vectorizer.get_feature_names_out())
    clusters: list[Cluster] = []
    for comp in range(n_comp):
        members = np.flatnonzero(labels == comp)
        if len(members) < min_cluster_size:
            continue
        centroid = np.asarray(matrix[members].sum(axis=0)).ravel()
        order = np.argsort(-centroid)
        terms: list[str] = []
        for idx in order:
            term = str(vocab[idx])
            if centroid[idx] <= 0 or len(terms) >= n_terms:
                break
            if any(term in t or t in term for t in terms):
                continue
            terms.append(term)
        clusters.append(Cluster([ids[int(i)] for i in members], terms, " / ".join(terms)))
    clusters.sort(key=lambda c: (-len(c.ids), c.label))
    return clusters

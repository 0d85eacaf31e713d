"""Word and phrase occurrence counts and emerging terms.

* :func:`count_terms` counts 1- to 3-grams per group key (period, category,
  channel...) after accent-insensitive folding. Common words are those of
  the maintained stopwords-iso lists for French and English (``stopwordsiso``
  package, number words included) plus ours: an n-gram may not start or end
  with one, so "délai de livraison" is kept but "de livraison" is not.
  A phrase never spans a sentence or punctuation boundary, nor a number
  ("information. Je trouve" gives no "information je trouve"). Three rules
  keep what is counted about *what* customers complain of:

  - numbers are not terms (``2024``, ``3``, ``12h``); ``4g`` is;
  - a *measure word* is not a term: a word that, in two of its uses out of
    five or more, follows a number or a quantifier ("3 jours", "deux mois",
    "chaque fois", "every time", "this month") says how long or how much,
    not what about (``jours``, ``mois``, ``days``, ``time``, ``euros``);
  - a term must be used in several complaints (``min_documents``; phrases
    ``min_phrase_documents``): a phrase repeated by one customer is theirs,
    not a pattern.
* :func:`emerging_terms` compares a recent corpus with a baseline using the
  weighted log-odds ratio with an informative Dirichlet prior (Monroe,
  Colaresi & Quinn 2008, "Fightin' Words"): the prior is the pooled counts
  scaled to ``prior_size`` pseudo-counts; the z-score (delta / sqrt(var))
  ranks terms that are significantly more frequent recently.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import stopwordsiso

from doleances.nlp.textnorm import STOPWORDS, fold, strip_redactions, tokenize

__all__ = [
    "EmergingTerm",
    "TermCount",
    "count_terms",
    "emerging_terms",
    "extract_ngrams",
    "measure_words",
    "term_stopwords",
]

# Anything but letters, digits, spaces, apostrophes and hyphens ends a phrase; so does a line break
# and a dash between spaces.
_BOUNDARY = re.compile(r"[^\w\s'’\-]|_|\n|\s[\-–—]+\s")
_NUMBER = re.compile(r"\d+(?:er|re|e|eme|nd|st|rd|th|h|min|mn|j|k|x)?")
# Cardinal and ordinal number words: the word after them is counted ("deux mois", "first time").
_NUMBER_WORDS = frozenset(
    "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt trente quarante "  # noqa: SIM905
    "cinquante soixante cent cents mille premier premiere dernier derniere one two three four five six seven eight "
    "nine ten eleven twelve thirteen fourteen fifteen sixteen twenty thirty forty fifty sixty hundred thousand "
    "first second third last".split()
)
# Quantifiers and demonstratives: the word after them is measured or pointed at ("chaque fois", "ce mois").
_QUANTIFIERS = frozenset(
    "plusieurs quelques chaque ce cet cette ces meme memes derniers dernieres prochain prochaine nombreux "  # noqa: SIM905
    "nombreuses certains certaines divers diverses demi several few many multiple numerous various couple half "
    "long some any each every this that these those same next another".split()
)
MEASURE_SHARE = 0.4  # two uses in five after a number or a quantifier make a measure word


@lru_cache(maxsize=1)
def term_stopwords() -> frozenset[str]:
    """Folded common words of French and English: stopwords-iso's lists and ours, as tokens."""
    words = set(STOPWORDS)
    for word in stopwordsiso.stopwords("fr") | stopwordsiso.stopwords("en"):
        words.add(fold(word))
        words.update(tokenize(word))
    return frozenset(words)


def _is_number(token: str) -> bool:
    return bool(_NUMBER.fullmatch(token))


def _segments(text: str) -> list[list[str]]:
    """Runs of folded word tokens between boundaries (punctuation, line breaks, numbers)."""
    out: list[list[str]] = []
    for piece in _BOUNDARY.split(strip_redactions(text)):
        run: list[str] = []
        for token in tokenize(piece):
            if _is_number(token):
                if run:
                    out.append(run)
                run = [token]  # kept at the head of the next run: it marks the word after it as measured
                out.append(run)
                run = []
                continue
            run.append(token)
        if run:
            out.append(run)
    return out


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


def _grams(tokens: list[str], max_n: int, stop: frozenset[str]) -> list[str]:
    grams: list[str] = []
    n_tok = len(tokens)
    for i in range(n_tok):
        if tokens[i] in stop or len(tokens[i]) < 2:
            continue
        for n in range(1, max_n + 1):
            j = i + n
            if j > n_tok:
                break
            last = tokens[j - 1]
            if last in stop or len(last) < 2:
                continue
            grams.append(" ".join(tokens[i:j]))
    return grams


def _runs(text: str) -> list[list[str]]:
    return [run for run in _segments(text) if not _is_number(run[0])]


def extract_ngrams(text: str, max_n: int = 3) -> list[str]:
    """Folded 1..``max_n``-grams within one sentence or clause, without numbers, not starting or
    ending with a common word."""
    stop = term_stopwords()
    return [gram for run in _runs(text) for gram in _grams(run, max_n, stop)]


class _Measures:
    """Each word's uses, those after a number or a quantifier, and those after a number."""

    def __init__(self) -> None:
        self.uses: Counter[str] = Counter()
        self.counted: Counter[str] = Counter()
        self.numbered: Counter[str] = Counter()

    def add(self, text: str) -> None:
        after_number = False
        for run in _segments(text):
            if _is_number(run[0]):
                after_number = True
                continue
            for k, token in enumerate(run):
                previous = run[k - 1] if k else ""
                numbered = (k == 0 and after_number) or previous in _NUMBER_WORDS
                self.uses[token] += 1
                if numbered or previous in _QUANTIFIERS:
                    self.counted[token] += 1
                if numbered:
                    self.numbered[token] += 1
            after_number = False

    def words(self) -> frozenset[str]:
        """Measure words: counted in at least MEASURE_SHARE of their uses, after a number at least once
        (a noun that merely follows "ce" or "this" is pointed at, not measured)."""
        return frozenset(w for w, n in self.counted.items() if self.numbered[w] and n >= MEASURE_SHARE * self.uses[w])


def measure_words(texts: Iterable[str]) -> frozenset[str]:
    """Words saying how long or how much: see :class:`_Measures`."""
    measures = _Measures()
    for text in texts:
        measures.add(text)
    return measures.words()


def _about_measures(term: str, measures: frozenset[str]) -> bool:
    words = term.split(" ")
    return words[0] in measures or words[-1] in measures


def count_terms(
    items: Iterable[tuple[Hashable, str]],
    *,
    max_n: int = 3,
    top: int | None = 50,
    min_count: int = 2,
    min_documents: int = 2,
    min_phrase_documents: int = 2,
) -> dict[Hashable, list[TermCount]]:
    """Count n-gram occurrences per group.

    ``items`` yields ``(group_key, text)``; returns for each key the ``top``
    terms with at least ``min_count`` occurrences in at least ``min_documents``
    texts (``min_phrase_documents`` for phrases of several words), sorted by
    count. Measure words (see the module) and the phrases starting or ending
    with one are left out.
    """
    counts: dict[Hashable, Counter[str]] = {}
    docs: dict[Hashable, Counter[str]] = {}
    measured = _Measures()
    for key, text in items:
        grams = extract_ngrams(text, max_n)
        counts.setdefault(key, Counter()).update(grams)
        docs.setdefault(key, Counter()).update(set(grams))
        measured.add(text)
    measures = measured.words()
    result: dict[Hashable, list[TermCount]] = {}
    for key, counter in counts.items():
        rows = [
            TermCount(term, n, docs[key][term])
            for term, n in counter.most_common()
            if n >= min_count
            and docs[key][term] >= (min_phrase_documents if " " in term else min_documents)
            and not _about_measures(term, measures)
        ]
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
    if not isinstance(recent, Mapping):
        recent = list(recent)
    measures = frozenset() if isinstance(recent, Mapping) else measure_words(recent)
    rc = _as_counter(recent, max_n)
    bc = _as_counter(baseline, max_n)
    n_r, n_b = sum(rc.values()), sum(bc.values())
    if n_r == 0:
        return []
    pooled_total = n_r + n_b
    out: list[EmergingTerm] = []
    for term, y_r in rc.items():
        if y_r < min_count or _about_measures(term, measures):
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

"""Reads for the "Words used" page: word and phrase occurrences, and terms on the rise.

Texts come from `access.visible_complaints(user)` only (guarantee 4): a word from a complaint
the person may not see is never counted. Only subject and description are read, newest first,
at most MAX_ROWS complaints per corpus; the result says when it was capped.

Terms are counted folded (no accents, lowercase); each row also carries the form most often
written (`display`), shown on the page, and `search`, what finds it in the complaint list (a
phrase in quotes). A word that only ever appears inside a longer listed phrase, with the same
counts, is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from doleances.complaints import access
from doleances.complaints.models import Category
from doleances.complaints.search import phrase_query
from doleances.nlp.surface import drop_nested, surface_forms
from doleances.nlp.terms import count_terms, emerging_terms

MAX_ROWS = 20_000
# A word counts when this many complaints use it, a phrase when this many do: what one customer
# repeats is theirs, not a pattern.
MIN_DOCUMENTS = 2
MIN_PHRASE_DOCUMENTS = 3


@dataclass(frozen=True, slots=True)
class TermRow:
    term: str  # folded: "depot de venissieux"
    display: str  # as written: "dépôt de vénissieux"
    count: int  # occurrences
    documents: int  # complaints using it

    @property
    def search(self) -> str:
        """The list search finding this term: a phrase is quoted, so its words must follow each other."""
        return phrase_query(self.display)


@dataclass(frozen=True, slots=True)
class EmergingRow:
    term: str
    display: str
    recent_count: int
    baseline_count: int
    z_score: float

    @property
    def search(self) -> str:
        return phrase_query(self.display)


@dataclass(frozen=True, slots=True)
class TermOccurrences:
    terms: list[TermRow]
    complaints: int  # complaints read
    capped: bool  # more than MAX_ROWS matched: only the newest were read


@dataclass(frozen=True, slots=True)
class EmergingTerms:
    terms: list[EmergingRow]
    window_start: datetime
    baseline_start: datetime
    end: datetime
    recent_complaints: int
    baseline_complaints: int
    capped: bool


def _texts(user, *, start: datetime, end: datetime, category, channel) -> tuple[list[str], bool]:
    """Subject + description of the visible complaints received in [start, end), newest first."""
    qs = access.visible_complaints(user).filter(received_at__gte=start, received_at__lt=end)
    if category is not None:
        category_id = category.pk if isinstance(category, Category) else int(category)
        qs = qs.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if channel:
        qs = qs.filter(channel=channel)
    rows = list(qs.order_by("-received_at", "-id").values_list("subject", "description")[: MAX_ROWS + 1])
    capped = len(rows) > MAX_ROWS
    return [f"{subject}\n{description}" for subject, description in rows[:MAX_ROWS]], capped


def term_occurrences(
    user,
    *,
    start: datetime,
    end: datetime,
    category: Category | int | None = None,
    channel: str | None = None,
    limit: int = 50,
    min_count: int = 2,
    min_documents: int = MIN_DOCUMENTS,
    min_phrase_documents: int = MIN_PHRASE_DOCUMENTS,
) -> TermOccurrences:
    """The most frequent 1- to 3-word terms of the period, with the number of complaints using each:
    a word used in at least `min_documents` complaints, a phrase in at least `min_phrase_documents`
    (what one customer repeats is theirs, not a pattern)."""
    texts, capped = _texts(user, start=start, end=end, category=category, channel=channel)
    counted = count_terms(
        ((None, text) for text in texts),
        top=None,
        min_count=min_count,
        min_documents=min_documents,
        min_phrase_documents=min_phrase_documents,
    ).get(None, [])
    kept = drop_nested(counted, key=lambda t: (t.count, t.documents), term=lambda t: t.term)[:limit]
    forms = surface_forms((t.term for t in kept), texts)
    rows = [TermRow(t.term, forms[t.term], t.count, t.documents) for t in kept]
    return TermOccurrences(terms=rows, complaints=len(texts), capped=capped)


def emerging_terms_for(
    user,
    *,
    end: datetime,
    window_days: int = 7,
    baseline_days: int = 56,
    category: Category | int | None = None,
    channel: str | None = None,
    limit: int = 20,
    min_count: int = 3,
) -> EmergingTerms:
    """Terms significantly more frequent in the last `window_days` than in the `baseline_days` before."""
    window_start = end - timedelta(days=window_days)
    baseline_start = window_start - timedelta(days=baseline_days)
    recent, recent_capped = _texts(user, start=window_start, end=end, category=category, channel=channel)
    baseline, baseline_capped = _texts(user, start=baseline_start, end=window_start, category=category, channel=channel)
    found = emerging_terms(recent, baseline, top=3 * limit, min_count=min_count)
    kept = drop_nested(found, key=lambda t: (t.recent_count, t.baseline_count), term=lambda t: t.term)[:limit]
    forms = surface_forms((t.term for t in kept), recent)
    rows = [EmergingRow(t.term, forms[t.term], t.recent_count, t.baseline_count, t.z_score) for t in kept]
    return EmergingTerms(
        terms=rows,
        window_start=window_start,
        baseline_start=baseline_start,
        end=end,
        recent_complaints=len(recent),
        baseline_complaints=len(baseline),
        capped=recent_capped or baseline_capped,
    )

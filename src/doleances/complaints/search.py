"""Free-text search of the complaint list: words and phrases of the subject and description,
accents and case ignored, plus the customer's name or email and part of a reference.

The text index is the database's own (created by migration 0005): an FTS5 table kept in sync
by triggers on SQLite, a GIN expression index on PostgreSQL. What a person types is never
passed as query syntax: it is parsed here into words, "quoted phrases" and prefix* words, and
each one reaches the database quoted (FTS5) or as a phraseto_tsquery argument (PostgreSQL),
so quotes, stars, dashes, NEAR, OR or brackets can neither fail nor change the query.

`search_complaints` only ever narrows the queryset it is given (already access-scoped):
`id IN (<ids matching the text> UNION <ids of matching customers> [UNION <reference part>])`.
The text branch reads the text index; the customer branch (name or email containing the
input, three characters or more: shorter, it would match nearly everyone) reads trigram
indexes (PostgreSQL: pg_trgm, migration 0005; SQLite: an FTS5 trigram table, migration 0012)
and then the complaints' customer index; the reference branch (only for input shaped like part
of a reference: "2026-0001", "REC-") reads a trigram index on PostgreSQL, the reference index
on SQLite. None reads a whole table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connections
from django.db.models import BigIntegerField, F, Func, Q, QuerySet
from django.db.models.expressions import RawSQL

from doleances.complaints.models import Complaint, Customer

FTS_TABLE = "complaints_complaint_fts"
CUSTOMER_FTS_TABLE = "complaints_customer_fts"  # SQLite: names and emails, trigram tokenizer
MIN_CUSTOMER_TERM = 3  # characters: a trigram index finds nothing shorter
# Same expression as the index of migration 0005, character for character: otherwise
# PostgreSQL does not use the index.
PG_DOCUMENT = "to_tsvector('simple'::regconfig, doleances_unaccent(COALESCE(subject, '') || ' ' || COALESCE(description, '')))"
# On SQLite, a text found in at least this many complaints is searched newest first: walking
# the recency index until the page is full beats fetching and sorting every match.
COMMON_TERM_HITS = 2000
MAX_TERMS = 12  # words and phrases kept from one search (a longer query is cut, not refused)
MAX_LENGTH = 200  # characters read from one search
# Part of a reference ("2026-000123", "000123", "REC-2026", "rec-"): letters, then digits and dashes.
REFERENCE_PART_RE = re.compile(r"(?=.*\d)[A-Za-z]{0,16}-?[\d-]{1,16}|[A-Za-z]{1,16}-")
_PHRASE_RE = re.compile(r'"([^"]*)"')
# Typographic quotes (what a word processor or a French keyboard gives) quote a phrase too.
_QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})
_SYNTAX_RE = re.compile(r'["“”«»„]|\w\*')  # quotes or a prefix star: search syntax, not a name
_HAS_WORD_RE = re.compile(r"[^\W_]")  # a letter or a digit: something a tokenizer keeps
_PREFIX_STEM_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class TextQuery:
    """What was asked of the text: every word, phrase and prefix must be there (AND)."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()  # "fact*" gives "fact": words starting with it

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases or self.prefixes)


def parse_text_query(text: str) -> TextQuery:
    """Words, "quoted phrases" and prefix* words of a search; anything else is plain text.

    Quotes may be straight or typographic (“…”, « … »); an unpaired quote is ignored. A word or
    phrase without a letter or digit is dropped (no tokenizer would keep it); a star counts only
    at the end of a word of letters and digits.
    """
    text = text[:MAX_LENGTH].translate(_QUOTES)
    phrases = [" ".join(p.split()) for p in _PHRASE_RE.findall(text)]
    rest = _PHRASE_RE.sub(" ", text).replace('"', " ")
    words, prefixes = [], []
    for word in rest.split():
        stem = word.rstrip("*")
        if stem != word and _PREFIX_STEM_RE.fullmatch(stem):
            prefixes.append(stem)
        else:
            words.append(word)
    kept: dict[str, list[str]] = {"words": [], "phrases": [], "prefixes": []}
    budget = MAX_TERMS
    for kind, items in (("phrases", phrases), ("words", words), ("prefixes", prefixes)):
        for item in dict.fromkeys(items):  # in order, without repeats
            if budget and _HAS_WORD_RE.search(item):
                kept[kind].append(item)
                budget -= 1
    return TextQuery(words=tuple(kept["words"]), phrases=tuple(kept["phrases"]), prefixes=tuple(kept["prefixes"]))


def _fts5_string(text: str) -> str:
    """An FTS5 string: the tokenizer reads it as words in that order, never as operators."""
    return '"' + text.replace('"', '""') + '"'


def fts5_match(query: TextQuery) -> str:
    """The FTS5 MATCH expression of a parsed query (juxtaposed terms are ANDed)."""
    terms = [_fts5_string(t) for t in (*query.phrases, *query.words)]
    terms += [_fts5_string(stem) + "*" for stem in query.prefixes]
    return " ".join(terms)


def phrase_query(text: str) -> str:
    """What to type to find `text` as written: quoted when it has several words."""
    text = " ".join(text.replace('"', " ").split())
    return f'"{text}"' if " " in text else text


def _text_ids_sql(query: TextQuery, vendor: str) -> tuple[str, list[str]]:
    if vendor == "sqlite":
        return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts5_match(query)]
    if vendor == "postgresql":
        # A "word" the parser splits further ("dépôt-vente", "l'avoir") is a phrase, as in FTS5.
        phrase = "phraseto_tsquery('simple'::regconfig, doleances_unaccent(%s))"
        parts = [phrase] * (len(query.phrases) + len(query.words))
        params = [*query.phrases, *query.words]
        for stem in query.prefixes:
            # The stem holds letters and digits only: nothing in it is tsquery syntax.
            parts.append("to_tsquery('simple'::regconfig, doleances_unaccent(%s) || ':*')")
            params.append(stem)
        table = Complaint._meta.db_table
        return f"SELECT id FROM {table} WHERE {PG_DOCUMENT} @@ ({' && '.join(parts)})", params
    raise NotImplementedError(f"no full-text search for {vendor}")


def _ids_sql(qs: QuerySet) -> tuple[str, list]:
    sql, params = qs.order_by().values("id").query.sql_with_params()
    return sql, list(params)


def _customer_ids_sql(term: str, vendor: str) -> tuple[str, list]:
    """Complaints of the customers whose name or email contains `term`, through trigram indexes."""
    if vendor == "sqlite":
        # One FTS5 string: the trigram tokenizer matches it as a substring of either column.
        table = Complaint._meta.db_table
        customers = f"SELECT rowid FROM {CUSTOMER_FTS_TABLE} WHERE {CUSTOMER_FTS_TABLE} MATCH %s"
        return f"SELECT id FROM {table} WHERE customer_id IN ({customers})", [_fts5_string(term)]
    customers = Customer.objects.filter(Q(name__icontains=term) | Q(email__icontains=term)).values("id")
    return _ids_sql(Complaint.objects.filter(customer_id__in=customers))


def search_complaints(qs: QuerySet[Complaint], text: str) -> QuerySet[Complaint]:
    """`qs` narrowed to complaints whose subject and description hold every word and phrase of
    `text`, whose customer's name or email contains `text` (unless it is written as a search:
    quotes, prefix*), or whose reference contains it when it looks like part of a reference."""
    term = " ".join(text[:MAX_LENGTH].split())
    if not term:
        return qs
    branches: list[tuple[str, list]] = []
    query = parse_text_query(term)
    if query:
        branches.append(_text_ids_sql(query, connections[qs.db].vendor))
    if not _SYNTAX_RE.search(term) and len(term) >= MIN_CUSTOMER_TERM:  # a "phrase" or a prefix* asks for words
        branches.append(_customer_ids_sql(term, connections[qs.db].vendor))
    if REFERENCE_PART_RE.fullmatch(term):
        branches.append(_ids_sql(Complaint.objects.filter(reference__contains=term.upper())))
    if not branches:
        return qs.none()
    sql = " UNION ".join(branch_sql for branch_sql, _ in branches)
    params = [param for _, branch_params in branches for param in branch_params]
    ids = RawSQL(sql, params)
    if query and connections[qs.db].vendor == "sqlite" and _is_common_on_sqlite(fts5_match(query), qs.db):
        # The unary plus keeps SQLite from driving the query by the id list: it walks the
        # complaints newest first and stops at the end of the page.
        unindexed_id = Func(F("id"), template="+%(expressions)s", output_field=BigIntegerField())
        return qs.alias(search_unindexed_id=unindexed_id).filter(search_unindexed_id__in=ids)
    return qs.filter(id__in=ids)


def _is_common_on_sqlite(match: str, using: str) -> bool:
    """Whether the text is in COMMON_TERM_HITS complaints or more (PostgreSQL's planner knows
    this from its statistics; SQLite's does not, and would fetch and sort them all)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)",
            [match, COMMON_TERM_HITS],
        )
        return cursor.fetchone()[0] >= COMMON_TERM_HITS

"""Facts in a complaint: dates, amounts, references, products, commitments.

Seed idea: a *factual* complaint cites verifiable breaches of commitment
(a date, an amount, an order number, a promised delay); a *vague* one
("j'ai noté depuis plusieurs mois une dégradation de la qualité de service")
must be qualified with the customer. :func:`extract_facts` returns what was
found with spans, ``is_vague`` and a ``missing`` checklist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

from doleances.nlp.matching import PhraseMatcher
from doleances.nlp.textnorm import fold

__all__ = ["CHECKLIST", "Fact", "Facts", "distinct_values", "extract_facts"]

T = TypeVar("T")

#: Keys used in :attr:`Facts.missing`, in display order.
CHECKLIST = ("date", "reference", "amount", "product", "commitment")


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact found in the text: original ``text``, span and normalised ``value``."""

    text: str
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class Facts:
    dates: list[Fact] = field(default_factory=list)
    amounts: list[Fact] = field(default_factory=list)
    references: list[Fact] = field(default_factory=list)
    products: list[Fact] = field(default_factory=list)
    commitments: list[Fact] = field(default_factory=list)
    is_vague: bool = True
    missing: list[str] = field(default_factory=list)
    vague_markers: list[Fact] = field(default_factory=list)


_MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "janv": 1,
    "fevr": 2,
    "fev": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    ("dmy", re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")),
    ("dm_name", re.compile(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b")),
    ("md_name", re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b")),
    (
        "relative",
        re.compile(
            r"\b(?:hier|avant-hier|aujourd'hui|ce matin|cet apres-midi|ce soir|"
            r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) dernier|la semaine derniere|"
            r"yesterday|today|this morning|last (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week))\b"
        ),
    ),
]
_AMOUNT_RE = re.compile(
    r"(?:(?:€|\$|£|eur|usd)\s?(\d{1,3}(?:[ .,\u202f\u00a0]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?))"
    r"|(?:\b(\d{1,3}(?:[ \u202f\u00a0.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)\s?"
    r"(€|euros?|eur\b|\$|dollars?|usd\b|£|livres?\b|cts?\b|centimes?\b))"
)
_REF_RE = re.compile(
    r"\b(commande|order|contrat|contract|facture|invoice|dossier|ticket|reference|ref|"
    r"numero de client|client|compte|account|case|claim|suivi|tracking|colis|bill)"
    r"\s*(?:n\s?°|no\.?|nr\.?|num(?:ero)?\.?|#|number|:|numero)?\s*:?\s*"
    r"(#?[a-z]{0,5}[\-/ ]?\d[a-z0-9\-/]{2,})",
)
_HASH_REF_RE = re.compile(r"(?:#|n\s?°\s?)(\d{3,}[a-z0-9\-]*)")

_PRODUCTS = [
    "box",
    "freebox",
    "livebox",
    "bbox",
    "fibre",
    "adsl",
    "vdsl",
    "4g",
    "5g",
    "forfait",
    "ligne fixe",
    "ligne mobile",
    "mobile",
    "telephone",
    "portable",
    "smartphone",
    "decodeur",
    "tv",
    "television",
    "internet",
    "wifi",
    "carte bancaire",
    "carte",
    "compte courant",
    "compte",
    "livret",
    "pret",
    "credit",
    "assurance",
    "abonnement",
    "colis",
    "livraison",
    "compteur",
    "electricite",
    "gaz",
    "credit card",
    "debit card",
    "prepaid card",
    "checking account",
    "savings account",
    "account",
    "mortgage",
    "loan",
    "student loan",
    "car loan",
    "auto loan",
    "credit report",
    "phone",
    "router",
    "modem",
    "subscription",
    "package",
    "delivery",
    "insurance",
    "policy",
]
_COMMITMENTS = [
    "promis",
    "vous m'aviez promis",
    "vous m'avez promis",
    "on m'a promis",
    "on m'avait promis",
    "on m'a dit",
    "on m'avait dit",
    "on m'a assure",
    "engagement",
    "engage*",
    "delai de livraison",
    "delai",
    "garanti*",
    "garantie",
    "sous 48h",
    "sous 24h",
    "sous 72h",
    "re:sous \\d+ ?(?:h|heures|jours)",
    "contractuel*",
    "conditions generales",
    "remboursement prevu",
    "geste commercial promis",
    "promised",
    "you promised",
    "i was promised",
    "was told",
    "i was told",
    "assured",
    "guarantee*",
    "committed",
    "commitment",
    "agreed to",
    "agreement",
    "re:within \\d+ (?:business )?(?:days|hours|weeks)",
]
_VAGUE = [
    "depuis plusieurs mois",
    "depuis des mois",
    "depuis longtemps",
    "degradation",
    "de plus en plus",
    "souvent",
    "regulierement",
    "tout le temps",
    "toujours",
    "n'importe quoi",
    "en general",
    "qualite de service",
    "plusieurs fois",
    "certains",
    "parfois",
    "for months",
    "for a long time",
    "always",
    "constantly",
    "often",
    "quality of service",
    "keeps",
]


_MATCHER = PhraseMatcher({"product": _PRODUCTS, "commitment": _COMMITMENTS, "vague": _VAGUE})


def _fact(text: str, m: re.Match[str], value: str, group: int = 0) -> Fact:
    return Fact(text[m.start(group) : m.end(group)], m.start(group), m.end(group), value)


def _date_value(kind: str, m: re.Match[str]) -> str:
    g = m.groups()
    try:
        if kind == "iso":
            y, mo, d = int(g[0]), int(g[1]), int(g[2])
        elif kind == "dmy":
            d, mo, y = int(g[0]), int(g[1]), int(g[2])
            y = y + 2000 if y < 100 else y
        elif kind == "dm_name":
            d, mo, y = int(g[0]), _MONTHS[g[1]], int(g[2]) if g[2] else 0
        elif kind == "md_name":
            mo, d, y = _MONTHS[g[0]], int(g[1]), int(g[2]) if g[2] else 0
        else:
            return m.group(0)
    except (ValueError, KeyError):
        return m.group(0)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}" if y else f"--{mo:02d}-{d:02d}"


def _amount_value(m: re.Match[str]) -> str:
    number = m.group(1) or m.group(2)
    raw = number.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if re.search(r"[.,]\d{1,2}$", raw):
        raw = re.sub(r"[.,](?=\d{3})", "", raw[:-3]) + "." + raw[-2:].lstrip(".,")
        raw = raw.replace(",", ".")
        if raw.count(".") > 1:
            head, _, tail = raw.rpartition(".")
            raw = head.replace(".", "") + "." + tail
    else:
        raw = raw.replace(",", "").replace(".", "")
    unit = (m.group(3) or m.group(0)).lower()
    currency = (
        "USD" if ("$" in unit or "dollar" in unit or "usd" in unit) else ("GBP" if ("£" in unit or "livre" in unit) else "EUR")
    )
    if unit.startswith(("ct", "centime")):
        return f"0.{int(float(raw)):02d} EUR" if float(raw) < 100 else f"{raw} cents"
    return f"{raw} {currency}"


def extract_facts(text: str) -> Facts:
    """Extract dates, amounts, references, products and commitments.

    ``is_vague`` is true when no date, amount, reference or commitment is
    cited, or when only one of them is cited alongside vague wording
    ("depuis des mois", "dégradation"...). ``missing`` lists the
    :data:`CHECKLIST` items not found, to drive a qualification checklist.
    """
    folded = fold(text)
    dates: list[Fact] = []
    dated = bytearray(len(text) + 1)  # 1 where a date was found

    def free(mask: bytearray, start: int, end: int) -> bool:
        return mask.find(1, start, end) == -1

    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(folded):
            if not free(dated, m.start(), m.end()):
                continue
            value = _date_value(kind, m)
            if value:
                dates.append(_fact(text, m, value))
                dated[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    amounts = [_fact(text, m, _amount_value(m)) for m in _AMOUNT_RE.finditer(folded) if free(dated, m.start(), m.end())]
    references = []
    referenced = bytearray(len(text) + 1)
    for m in _REF_RE.finditer(folded):
        if not free(dated, m.start(2), m.end(2)):
            continue
        references.append(Fact(text[m.start() : m.end()], m.start(), m.end(), m.group(2).strip("#").upper()))
        referenced[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in _HASH_REF_RE.finditer(folded):
        if referenced[m.start()] == 0:
            references.append(_fact(text, m, m.group(1).upper()))
    found_phrases: dict[str, list[Fact]] = {"product": [], "commitment": [], "vague": []}
    for ev in _MATCHER.find(text, folded):
        found_phrases[ev.kind].append(Fact(ev.phrase, ev.start, ev.end, folded[ev.start : ev.end]))
    products, commitments, vague = (found_phrases[k] for k in ("product", "commitment", "vague"))
    found = {
        "date": bool(dates),
        "reference": bool(references),
        "amount": bool(amounts),
        "product": bool(products),
        "commitment": bool(commitments),
    }
    n_factual = sum(found[k] for k in ("date", "reference", "amount", "commitment"))
    is_vague = n_factual == 0 or (n_factual == 1 and bool(vague))
    missing = [k for k in CHECKLIST if not found[k]]
    return Facts(dates, amounts, references, products, commitments, is_vague, missing, vague)


@overload
def distinct_values(facts: Iterable[Fact]) -> list[Fact]: ...
@overload
def distinct_values(facts: Iterable[T], *, value: Callable[[T], str]) -> list[T]: ...
def distinct_values(facts: Iterable[Any], *, value: Callable[[Any], str] = lambda fact: fact.value) -> list[Any]:
    """The first mention of each normalised value, in order: "89,90 €" and later "89.90 EUR" are
    one amount, "commande 4512" and "#4512" one reference. Every mention keeps its span in
    :class:`Facts` (for highlighting); a list of facts shows each value once."""
    seen: set[str] = set()
    kept = []
    for fact in facts:
        key = value(fact)
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept

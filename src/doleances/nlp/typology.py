"""Customer typology hints (seed article 003), explainable and optional.

Four profiles, each scored from cues found across *all* the texts of a
customer (complaint + follow-ups):

* ``eau_dormante`` — "l'eau dormante": quiet, polite, long-suffering; many
  courtesy formulas, patience markers ("depuis des mois", "je me permets"),
  no shouting. Risk: leaves silently.
* ``gerant_estrade`` — "le gérant d'estrade": showman wanting an audience;
  mentions social networks, press, other customers, "tout le monde".
* ``klaxon`` — "le klaxon": loud; capitals, ``!!``, insults, repetitions.
* ``procedurier`` — "le procédurier": legalistic; cites articles of law,
  contract clauses, lawyers, formal notices, registered letters.

Score per profile = sum of cue weights; the best profile is returned when
its score ≥ 2.0, with ``confidence = best / (best + runner_up + 1)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from doleances.nlp.matching import Evidence, PhraseMatcher
from doleances.nlp.textnorm import fold

__all__ = ["TYPOLOGIES", "TypologyHint", "suggest_typology"]

TYPOLOGIES = {
    "eau_dormante": "L'eau dormante",
    "gerant_estrade": "Le gérant d'estrade",
    "klaxon": "Le klaxon",
    "procedurier": "Le procédurier",
}


@dataclass(frozen=True, slots=True)
class TypologyHint:
    """Suggested profile code, confidence in [0, 1] and supporting evidence."""

    code: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def title(self) -> str:
        return TYPOLOGIES[self.code]


_CUES: dict[str, dict[str, list[str]]] = {
    "eau_dormante": {
        "1.0": [
            "je me permets",
            "je me permets de",
            "je vous prie",
            "veuillez agreer",
            "cordialement",
            "bien cordialement",
            "sinceres salutations",
            "merci d'avance",
            "merci par avance",
            "je vous remercie",
            "je comprends",
            "je suis patient*",
            "j'ai patiente",
            "malgre ma patience",
            "depuis plusieurs mois",
            "depuis des mois",
            "je n'ai rien dit",
            "sans rien dire",
            "kind regards",
            "thank you in advance",
            "i understand",
            "i have been patient",
            "i would appreciate",
            "sincerely",
            "respectfully",
            "for several months",
        ],
    },
    "gerant_estrade": {
        "1.5": [
            "reseaux sociaux",
            "twitter",
            "facebook",
            "instagram",
            "tiktok",
            "youtube",
            "journaliste*",
            "la presse",
            "medias",
            "tout le monde",
            "les autres clients",
            "d'autres clients",
            "je ne suis pas le seul",
            "je ne suis pas la seule",
            "nous sommes nombreux",
            "tous vos clients",
            "je vais en parler",
            "faites tourner",
            "rt",
            "partagez",
            "avis google",
            "trustpilot",
            "social media",
            "everyone",
            "other customers",
            "i'm not the only one",
            "i am not the only one",
            "the press",
            "journalist",
            "go public",
            "tell everyone",
        ],
    },
    "klaxon": {
        "1.5": [
            "putain",
            "ptn",
            "merde",
            "bordel",
            "connard*",
            "enfoire*",
            "voleur*",
            "escroc*",
            "arnaque*",
            "honte",
            "scandale*",
            "nuls",
            "incompetent*",
            "marre",
            "fuck*",
            "shit",
            "idiot*",
            "thieves",
            "scam*",
            "ridiculous",
            "pathetic",
        ],
    },
    "procedurier": {
        "1.5": [
            "article",
            "articles",
            "l'article",
            "code de la consommation",
            "code civil",
            "code de commerce",
            "conditions generales",
            "cgv",
            "cgu",
            "clause",
            "clauses",
            "contractuel*",
            "lettre recommandee",
            "recommande avec accuse",
            "accuse de reception",
            "mise en demeure",
            "re:\\bmet\\w* en demeure\\b",
            "avocat*",
            "huissier",
            "tribunal",
            "jurisprudence",
            "en application de",
            "conformement a",
            "au titre de",
            "loi",
            "l. 2",
            "dgccrf",
            "mediateur",
            "pursuant to",
            "in accordance with",
            "section",
            "u.s.c",
            "usc",
            "fcra",
            "fdcpa",
            "regulation",
            "cfr",
            "statute",
            "terms and conditions",
            "certified mail",
            "lawyer",
            "attorney",
            "violation of",
            "violated",
            "legal obligation",
        ],
    },
}

_ARTICLE_REF = re.compile(r"\barticles? [lr]?\.? ?\d+[\d\-]*|\b\d+ u\.?s\.?c\.?|§ ?\d+")


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    return PhraseMatcher({k: v for k, v in _CUES.items()})


def suggest_typology(texts: Iterable[str] | str) -> TypologyHint | None:
    """Suggest one of :data:`TYPOLOGIES` for a customer, or ``None``.

    ``texts`` is one text or all the messages of the customer. Returns
    ``None`` when no profile reaches a score of 2.0. Evidence spans refer to
    the text they were found in (texts are scanned in order).
    """
    if isinstance(texts, str):
        texts = [texts]
    scores = dict.fromkeys(_CUES, 0.0)
    evidence: dict[str, list[Evidence]] = {k: [] for k in _CUES}
    shouting = False
    for text in texts:
        if not text:
            continue
        folded = fold(text)
        first_of_text = len(evidence["procedurier"])
        for ev in _matcher().find(text, folded):
            scores[ev.kind] += ev.weight
            evidence[ev.kind].append(ev)
        for m in _ARTICLE_REF.finditer(folded):
            current = evidence["procedurier"][first_of_text:]
            overlapping = [e for e in current if e.start < m.end() and m.start() < e.end]
            for e in overlapping:
                evidence["procedurier"].remove(e)
                scores["procedurier"] -= e.weight
            scores["procedurier"] += 1.5
            evidence["procedurier"].append(Evidence(text[m.start() : m.end()], m.start(), m.end(), "procedurier", 1.5))
        for m in re.finditer(r"!{2,}", text):
            scores["klaxon"] += 1.0
            evidence["klaxon"].append(Evidence(m.group(), m.start(), m.end(), "klaxon", 1.0))
        caps = re.findall(r"\b[A-ZÀ-Ý]{3,}\b", text)
        words = re.findall(r"\b[^\W\d_]{3,}\b", text)
        caps = [c for c in caps if not c.startswith("XX")]
        if len(caps) >= 3 and words and len(caps) / len(words) >= 0.2:
            scores["klaxon"] += 2.0
            shouting = True
    if not shouting and scores["klaxon"] == 0 and scores["eau_dormante"] > 0:
        scores["eau_dormante"] += 0.5
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (code, best), (_, second) = ranked[0], ranked[1]
    if best < 2.0:
        return None
    confidence = round(best / (best + second + 1.0), 3)
    return TypologyHint(code, confidence, sorted(evidence[code], key=lambda e: e.start))

"""Customer typology hints (seed article 003), explainable and optional.

The seed's four profiles of dissatisfied customers differ by *to whom* they
voice their dissatisfaction, not by how loud they are (anger is the tone's
business, :mod:`doleances.nlp.tone`). Each is scored from cues found across
*all* the texts of a customer (complaint + follow-ups):

* ``eau_dormante`` — "l'eau dormante" "est peu disposé à exprimer ses
  plaintes": says it rarely complains or hesitated to write, apologises
  for bothering, minimises, has put up with the problem for a long time.
* ``gerant_estrade`` — "le gérant d'estrade" "est direct, souhaite avoir
  l'occasion de présenter son point de vue et est peu enclin à changer de
  fournisseur": speaks frankly to the company itself, wants to explain
  their side, to be heard or called back, says they are a long-standing
  customer who wants to stay.
* ``klaxon`` — "le klaxon" "exprime son insatisfaction à son réseau plutôt
  qu'à l'entreprise directement": tells friends, family, colleagues, posts
  on social networks or review sites, warns others, talks to the press;
  a complaint that *is* a public post (social media, review site:
  ``public_posts``) is the strongest cue.
* ``procedurier`` — "le procédurier" "recourt à une tierce partie
  (organisme de protection du consommateur, avocat, etc.)": names or
  brings in a consumer association, ombudsman, regulator, lawyer, bailiff,
  court; writes through a representative. Citing the law or sending a
  formal notice is a weaker cue of the same.

Score per profile = sum of cue weights (2.0 for a cue that says it alone,
1.0 for a hint); the best profile is returned when its score ≥ 2.0, with
``confidence = best / (best + runner_up + 1)``.
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
        "2.0": [
            "je n'ai pas l'habitude de me plaindre",
            "je n'ai pas l'habitude de reclamer",
            "je ne me plains jamais",
            "je me plains rarement",
            "je ne reclame jamais",
            "je n'aime pas me plaindre",
            "je n'osais pas",
            "je n'ai pas ose",
            "j'ai hesite a vous ecrire",
            "j'hesitais a vous ecrire",
            "je n'ai rien dit",
            "sans rien dire",
            "je n'ai jamais rien dit",
            "je n'ai jamais reclame",
            "je ne voulais pas vous deranger",
            "je ne voulais pas faire d'histoire*",
            "sans faire d'histoire*",
            "je ne veux pas faire d'histoire*",
            "premiere fois que je me plains",
            "premiere fois que je reclame",
            "i don't usually complain",
            "i do not usually complain",
            "i never complain",
            "i rarely complain",
            "i hate to complain",
            "i don't like to complain",
            "i didn't want to make a fuss",
            "i don't want to make a fuss",
            "without making a fuss",
            "i hesitated to write",
            "i hesitated to complain",
            "i didn't say anything",
            "i never said anything",
            "first time i have complained",
            "first time i've complained",
        ],
        "1.0": [
            "desole de vous deranger",
            "excusez-moi de vous deranger",
            "pardon de vous deranger",
            "sans vouloir vous deranger",
            "sans vouloir vous importuner",
            "je ne voudrais pas vous importuner",
            "je me permets",
            "ce n'est peut-etre pas grand-chose",
            "ce n'est pas bien grave",
            "ce n'est pas tres grave",
            "si ce n'est pas trop demander",
            "quand vous aurez le temps",
            "j'ai patiente",
            "malgre ma patience",
            "j'ai laisse passer",
            "j'ai fini par",
            "depuis plusieurs mois",
            "depuis des mois",
            "sorry to bother you",
            "sorry for bothering you",
            "it's probably nothing",
            "it may be nothing",
            "if it's not too much trouble",
            "when you have time",
            "i have been patient",
            "i've been patient",
            "i have put up with",
            "i've put up with",
            "i let it go",
            "i let it slide",
            "i finally decided to",
            "for several months",
            "for months",
        ],
    },
    "gerant_estrade": {
        "2.0": [
            "mon point de vue",
            "ma version des faits",
            "je souhaite m'expliquer",
            "je souhaite exposer",
            "je tiens a exposer",
            "je veux etre entendu*",
            "je souhaite etre entendu*",
            "je demande a etre entendu*",
            "je veux que vous m'ecoutiez",
            "client fidele",
            "cliente fidele",
            "je souhaite rester client*",
            "je veux rester client*",
            "je tiens a rester client*",
            "je ne souhaite pas changer de*",
            "je ne veux pas changer de*",
            "je n'ai pas envie de changer de*",
            "my point of view",
            "my side of the story",
            "my side of things",
            "i want to be heard",
            "i would like to be heard",
            "i'd like to be heard",
            "loyal customer",
            "i want to stay with you",
            "i would like to stay with you",
            "i'd like to stay with you",
            "i don't want to switch",
            "i do not want to switch",
            "i don't want to change provider*",
        ],
        "1.0": [
            "je tiens a vous faire part",
            "je souhaite vous faire part",
            "je tiens a vous dire",
            "je vous le dis franchement",
            "franchement",
            "soyons clairs",
            "je vais etre direct*",
            "permettez-moi",
            "laissez-moi vous expliquer",
            "je souhaite en discuter",
            "rappelez-moi",
            "je souhaite etre rappele*",
            "je demande a etre rappele*",
            "je veux parler a un responsable",
            "je souhaite parler a un responsable",
            "client depuis",
            "cliente depuis",
            "abonne depuis",
            "abonnee depuis",
            "fidelite",
            "let me explain",
            "i would like to explain",
            "i'd like to explain",
            "to be frank",
            "frankly",
            "i'll be direct",
            "i want to speak to a manager",
            "i would like to speak to a manager",
            "please call me",
            "call me back",
            "customer for",
            "customer since",
            "member since",
            "loyalty",
        ],
    },
    "klaxon": {
        "2.0": [
            "reseaux sociaux",
            "sur twitter",
            "sur facebook",
            "sur instagram",
            "sur tiktok",
            "sur youtube",
            "sur linkedin",
            "avis google",
            "avis negatif",
            "mauvais avis",
            "trustpilot",
            "une etoile",
            "1 etoile",
            "je deconseille",
            "je vais deconseiller",
            "je deconseillerai",
            "je ne recommande pas",
            "je ne recommanderai",
            "je le dirai a tout le monde",
            "tout le monde saura",
            "autour de moi",
            "a mon entourage",
            "mon entourage",
            "bouche a oreille",
            "faites tourner",
            "a fuir",
            "fuyez",
            "la presse",
            "journaliste*",
            "social media",
            "on twitter",
            "on facebook",
            "on instagram",
            "on tiktok",
            "on youtube",
            "bad review",
            "negative review",
            "one star",
            "1 star",
            "yelp",
            "tell everyone",
            "telling everyone",
            "i will tell everyone",
            "word of mouth",
            "spread the word",
            "warn others",
            "warn other",
            "stay away from",
            "never recommend",
            "i will not recommend",
            "i won't recommend",
            "would not recommend",
            "go public",
            "the press",
            "journalist*",
        ],
        "1.0": [
            "mes amis",
            "ma famille",
            "mes proches",
            "mes collegues",
            "mes voisins",
            "un avis",
            "partagez",
            "poster",
            "publier",
            "tweet*",
            "my friends",
            "my family",
            "my colleagues",
            "my neighbors",
            "my neighbours",
            "everyone i know",
            "a review",
            "post about",
            "share this",
        ],
    },
    "procedurier": {
        "2.0": [
            "association de consommateurs",
            "association de defense des consommateurs",
            "ufc",
            "que choisir",
            "60 millions de consommateurs",
            "clcv",
            "dgccrf",
            "signalconso",
            "signal conso",
            "mediateur",
            "mediation",
            "conciliateur",
            "cnil",
            "arcep",
            "acpr",
            "banque de france",
            "defenseur des droits",
            "protection juridique",
            "office de la protection du consommateur",
            "bureau d'ethique commerciale",
            "protecteur du citoyen",
            "avocat*",
            "huissier",
            "commissaire de justice",
            "tribunal",
            "porter plainte",
            "je porte plainte",
            "je vais porter plainte",
            "j'ai porte plainte",
            "au nom de mon client",
            "au nom de ma cliente",
            "pour le compte de",
            "consumer protection",
            "cfpb",
            "consumer financial protection bureau",
            "better business bureau",
            "bbb",
            "attorney general",
            "ftc",
            "federal trade commission",
            "financial ombudsman",
            "ombudsman",
            "trading standards",
            "citizens advice",
            "lawyer",
            "attorney",
            "solicitor",
            "legal action",
            "small claims",
            "lawsuit",
            "sue you",
            "on behalf of my client",
        ],
        "1.0": [
            "mise en demeure",
            "re:\\bmet\\w* en demeure\\b",
            "lettre recommandee",
            "recommande avec accuse",
            "code de la consommation",
            "code civil",
            "conformement a",
            "en application de",
            "jurisprudence",
            "justice",
            "regulateur",
            "autorite de controle",
            "regulator",
            "in court",
            "to court",
            "pursuant to",
            "in accordance with",
            "violation of",
            "certified mail",
            "formal notice",
            "legal obligation",
        ],
    },
}
# A citation of the law ("article L. 224-39", "15 U.S.C. 1681", "§ 3") is a hint of the same kind.
_ARTICLE_REF = re.compile(r"\barticles? [lr]?\.? ?\d+[\d\-]*|\b\d+ u\.?s\.?c\.?|§ ?\d+")
_PUBLIC_POST = 2.0  # a complaint written on a social network or a review site


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    return PhraseMatcher({k: v for k, v in _CUES.items()})


def suggest_typology(texts: Iterable[str] | str, *, public_posts: int = 0) -> TypologyHint | None:
    """Suggest one of :data:`TYPOLOGIES` for a customer, or ``None``.

    ``texts`` is one text or all the messages of the customer;
    ``public_posts`` how many of them were posted publicly (social network,
    review site): voicing it to others rather than to the company. Returns
    ``None`` when no profile reaches a score of 2.0. Evidence spans refer to
    the text they were found in (texts are scanned in order).
    """
    if isinstance(texts, str):
        texts = [texts]
    scores = dict.fromkeys(_CUES, 0.0)
    evidence: dict[str, list[Evidence]] = {k: [] for k in _CUES}
    scores["klaxon"] += _PUBLIC_POST * max(0, public_posts)
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
            scores["procedurier"] += 1.0
            evidence["procedurier"].append(Evidence(text[m.start() : m.end()], m.start(), m.end(), "procedurier", 1.0))
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (code, best), (_, second) = ranked[0], ranked[1]
    if best < 2.0:
        return None
    confidence = round(best / (best + second + 1.0), 3)
    return TypologyHint(code, confidence, sorted(evidence[code], key=lambda e: e.start))

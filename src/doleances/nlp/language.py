"""Lightweight language identification (no model download).

Method: each language has a profile of very frequent function words
(weight 1.0), a few distinctive words (weight 2.0) and characteristic
characters (e.g. ``ñ`` for Spanish, ``ß`` for German). Scores are the summed
weights of matches normalised by the number of tokens; the best language wins
when it clearly beats the runner-up. Non-Latin scripts are recognised by
Unicode block. Very short texts ("ok merci", "thx") rely on a strong-word
lexicon and otherwise fall back to ``fallback`` with a low confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from doleances.nlp.textnorm import tokenize

__all__ = ["SUPPORTED_LANGUAGES", "LanguageGuess", "detect_language"]


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """ISO 639-1 code (``"und"`` when undetermined) and confidence in [0, 1]."""

    code: str
    confidence: float


_FUNCTION_WORDS: dict[str, str] = {
    "fr": "le la les des du de un une et est pas je vous nous il elle ce cette qui que "
    "pour dans sur avec mais ou au aux mon ma mes votre vos ne sont suis ai avez plus "
    "tres tout bien fait rien toujours depuis chez merci bonjour en on y aussi quand sans moins "
    "pourquoi comment parce alors donc encore deja",
    "en": "the and is are was were to of in on for with not you your my i it this that "
    "have has had be been from they we at an or by would could please thank thanks",
    "es": "el la los las de del que y en un una es por con para no su sus lo como mas "
    "pero muy esta estoy tengo hola gracias usted ustedes cuando porque",
    "de": "der die das und ist nicht ich sie es ein eine zu den mit von auf fur dem des "
    "sich auch wir haben hat bitte danke mein meine ihr ihre aber oder wie",
    "it": "il lo la gli le di che e non un una per con sono mi ho del della nel questo "
    "questa ma anche come piu grazie buongiorno perche sempre molto",
    "pt": "o a os as de do da dos das que e em um uma para com nao por mais seu sua meu "
    "minha voce obrigado obrigada muito esta estou tenho foi sao",
}

_STRONG_WORDS: dict[str, str] = {
    "fr": "merci bonjour bonsoir svp stp cordialement nul arnaque impossible depuis "
    "toujours jamais aucun aucune j'ai c'est n'est facture forfait resilier "
    "remboursement oui non salut ptn putain deja wesh mdr jpp panne pareil semaine semaines "
    "jours pire marre coupure coupe connexion reseau paye prive abonnement",
    "en": "thx thanks thank please hello hi yes cheers refund account bank billing customer service terrible awful never wtf lol",
    "es": "gracias hola por favor senor cuenta factura nunca ahora bueno vale",
    "de": "danke hallo bitte nicht rechnung kundenservice leider immer noch",
    "it": "grazie ciao prego fattura sempre ancora niente cliente servizio",
    "pt": "obrigado obrigada ola nao conta fatura voce atendimento sempre",
}

_CHAR_MARKERS: dict[str, str] = {
    "fr": "éèêàùçœë",
    "es": "ñ¿¡",
    "de": "ßäöü",
    "it": "ìò",
    "pt": "ãõ",
}

SUPPORTED_LANGUAGES = tuple(_FUNCTION_WORDS)


def _build_weights() -> dict[str, dict[str, float]]:
    weights: dict[str, dict[str, float]] = {}
    for lang, words in _FUNCTION_WORDS.items():
        table = weights.setdefault(lang, {})
        for w in words.split():
            table[w] = 1.0
    for lang, words in _STRONG_WORDS.items():
        table = weights.setdefault(lang, {})
        for w in words.split():
            for tok in tokenize(w, split_elisions=False):
                table[tok] = max(table.get(tok, 0.0), 2.0)
    return weights


_WEIGHTS = _build_weights()

_SCRIPTS: list[tuple[str, re.Pattern[str]]] = [
    ("ru", re.compile(r"[\u0400-\u04FF]")),
    ("ar", re.compile(r"[\u0600-\u06FF]")),
    ("he", re.compile(r"[\u0590-\u05FF]")),
    ("el", re.compile(r"[\u0370-\u03FF]")),
    ("ja", re.compile(r"[\u3040-\u30FF]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF]")),
    ("ko", re.compile(r"[\uAC00-\uD7AF]")),
]
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def _script_guess(text: str) -> LanguageGuess | None:
    latin = len(_LATIN_LETTER.findall(text))
    best: tuple[int, str] | None = None
    for code, pattern in _SCRIPTS:
        n = len(pattern.findall(text))
        if n and (best is None or n > best[0]):
            best = (n, code)
    if best is None or best[0] < latin:
        return None
    if best[1] == "zh" and _SCRIPTS[4][1].search(text):
        return LanguageGuess("ja", 0.9)
    return LanguageGuess(best[1], 0.9)


def detect_language(text: str, *, fallback: str = "fr") -> LanguageGuess:
    """Guess the language of ``text``.

    Returns ``LanguageGuess(code, confidence)``. ``code`` is one of
    ``SUPPORTED_LANGUAGES`` ("fr", "en", "es", "de", "it", "pt"), a script
    based code ("ru", "ar", "zh", ...), ``fallback`` for very short texts with
    no usable signal (confidence 0.3), or ``"und"``.
    """
    if not isinstance(text, str) or not text.strip():
        return LanguageGuess("und", 0.0)
    sample = text[:4000]
    script = _script_guess(sample)
    if script is not None:
        return script
    tokens = tokenize(sample, split_elisions=False)
    expanded: list[str] = []
    for tok in tokens:
        expanded.append(tok)
        if "'" in tok:
            expanded.extend(p for p in tok.split("'") if p)
    scores = {lang: 0.0 for lang in _WEIGHTS}
    for tok in expanded:
        for lang, table in _WEIGHTS.items():
            w = table.get(tok)
            if w:
                scores[lang] += w
    lowered = sample.lower()
    for lang, chars in _CHAR_MARKERS.items():
        hits = sum(lowered.count(c) for c in chars)
        scores[lang] += min(hits, 10) * 0.5
    if re.search(r"\b(?:[ldjmnst]|qu)['\u2019]\w", lowered):
        scores["fr"] += 1.5
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    n_tokens = max(len(tokens), 1)
    if top <= 0:
        if n_tokens <= 4 and _LATIN_LETTER.search(sample):
            return LanguageGuess(fallback, 0.3)
        return LanguageGuess("und", 0.0)
    margin = (top - second) / top
    coverage = min(1.0, top / n_tokens)
    confidence = round(min(0.99, 0.35 + 0.4 * margin + 0.3 * coverage), 3)
    if margin < 0.1:
        if n_tokens <= 4 and fallback in (best, ranked[1][0]):
            return LanguageGuess(fallback, 0.35)
        return LanguageGuess(best, round(min(confidence, 0.4), 3))
    return LanguageGuess(best, confidence)

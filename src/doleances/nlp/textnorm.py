"""Text normalisation helpers shared by the NLP modules.

Matching in this package is accent-insensitive and case-insensitive: every
lexicon entry and every input text goes through :func:`fold`, which keeps the
string length unchanged so that spans found on the folded text map back onto
the original text character for character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "STOPWORDS",
    "STOPWORDS_EN",
    "STOPWORDS_FR",
    "compile_phrases",
    "fold",
    "fold_char",
    "strip_redactions",
    "tokenize",
]

_APOSTROPHES = "\u2019\u2018\u02bc\u00b4`\u2032"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015"
_SPECIAL = {"œ": "o", "æ": "a", "ß": "s", "ø": "o", "ł": "l", "đ": "d"}


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Fold one character to a single lowercase ASCII-ish character.

    Accented letters lose their accent, typographic apostrophes become
    ``'`` and dashes become ``-``. Characters without a one-character
    folding (emojis, CJK...) are returned lowercased, or unchanged.
    """
    if ch in _APOSTROPHES:
        return "'"
    if ch in _DASHES:
        return "-"
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low.isascii():
        return low
    if low in _SPECIAL:
        return _SPECIAL[low]
    decomposed = unicodedata.normalize("NFD", low)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(base) == 1:
        return base
    return low


def fold(text: str) -> str:
    """Lowercase, strip accents and unify apostrophes, preserving length."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(c) for c in text)


_TOKEN_RE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_ELISION_RE = re.compile(r"^(?:[ldjtmnsc]|qu|jusqu|lorsqu|puisqu)'")


def tokenize(text: str, *, split_elisions: bool = True) -> list[str]:
    """Folded word tokens; French elisions (``l'``, ``j'``, ``qu'``) removed."""
    tokens = _TOKEN_RE.findall(fold(text))
    if not split_elisions:
        return tokens
    out: list[str] = []
    for tok in tokens:
        if "'" in tok:
            tok = _ELISION_RE.sub("", tok)
            if "'" in tok and not tok.endswith("'t"):
                out.extend(t for t in tok.split("'") if t)
                continue
        if tok:
            out.append(tok)
    return out


_REDACTION_RE = re.compile(r"\b(?:X{2,}[/\-]?)+(?:X{2,})?\b|\{\$?[\d.,]+\}")


def strip_redactions(text: str) -> str:
    """Remove CFPB-style redaction tokens (``XXXX``, ``XX/XX/XXXX``)."""
    return _REDACTION_RE.sub(" ", text)


def _words(block: str) -> list[str]:
    return block.split()


STOPWORDS_FR = frozenset(
    fold(w)
    for w in _words(
        """
a afin ai aie aient aies ait alors as au aucun aucune aupres auquel aura aurai auraient aurais
aurait auras aurez auriez aurions aurons auront aussi autre autres aux avaient avais avait avant
avec avez aviez avions avoir avons ayant ayez ayons bon c ca car ce ceci cela celle celles celui
cependant certain certaine certains ces cet cette ceux chaque chez ci comme comment d dans de des
deja depuis devrait doit donc dont du elle elles en encore entre es est et etaient etais etait etant
ete etes etiez etions etre eu eue eues eurent eus eut eux fait faire fais fois font furent fut ici
il ils j je jusqu l la le les leur leurs lors lui m ma mais me meme memes mes moi mon n ne ni nos
notre nous on ont ou par parce pas peu peut peux plus pour pourquoi qu quand que quel quelle quelles
quels qui quoi s sa sans se sera serai seraient serais serait seras serez seriez serions serons
seront ses si sien soi soient sois soit sommes son sont sous suis sur t ta te tes toi ton tous tout
toute toutes tres tu un une unes uns vos votre vous y c'est n'est qu'il
"""
    )
)

STOPWORDS_EN = frozenset(
    _words(
        """
a about above after again against all am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
down during each few for from further had hadn't has hasn't have haven't having he her here hers
herself him himself his how i if in into is isn't it it's its itself just let's me more most my
myself no nor not of off on once only or other ought our ours ourselves out over own same she should
shouldn't so some such than that that's the their theirs them themselves then there there's these
they this those through to too under until up very was wasn't we were weren't what when where which
while who whom why will with won't would wouldn't you your yours yourself yourselves also get got us
im i'm ive i've
"""
    )
)

STOPWORDS = STOPWORDS_FR | STOPWORDS_EN


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """Compile phrases into one folded, word-bounded alternation regex.

    A trailing ``*`` on a phrase allows any word continuation
    (``résili*`` matches ``résilier`` and ``résiliation``); a leading ``je``
    also matches the spoken elision ``j'`` (``je vais`` ~ ``j'vais``); a phrase
    starting with ``re:`` is a raw regular expression on folded text.
    """
    parts = []
    cleaned = {p.strip() for p in phrases if p.strip()}
    for raw in sorted(p for p in cleaned if p.startswith("re:")):
        parts.append(f"(?:{raw[3:]})")
    plain = {fold(p) for p in cleaned if not p.startswith("re:")}
    for phrase in sorted(plain, key=len, reverse=True):
        wildcard = phrase.endswith("*")
        body = re.escape(phrase.rstrip("*"))
        body = body.replace("\\ ", r"[\s\-]+").replace("'", r"'\s?")
        if body.startswith("je["):
            body = r"j(?:e[\s\-]+|'\s?)" + body[len(r"je[\s\-]+") :]
        suffix = r"\w*" if wildcard else ""
        left = r"(?<!\w)" if phrase[:1].isalnum() else ""
        right = r"(?!\w)" if (wildcard or phrase[-1:].isalnum()) else ""
        parts.append(f"{left}{body}{suffix}{right}")
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(parts))

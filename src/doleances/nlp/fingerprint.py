"""Exact-duplicate key of a complaint text (copy-paste campaigns): no numpy, so that the code
that stores an analysis can compute it without loading the similarity index's libraries."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from doleances.nlp.textnorm import strip_redactions

__all__ = ["text_fingerprint"]

_LETTERS = re.compile(r"[^\W\d_]+")


def _normalise_for_fingerprint(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", strip_redactions(text).casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_LETTERS.findall(bare))


def text_fingerprint(text: str) -> str:
    """16-hex-digit hash of the normalised text (exact-duplicate detection): case, accents,
    punctuation, whitespace, digits and CFPB ``XXXX`` redactions are ignored."""
    norm = _normalise_for_fingerprint(text)
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()

"""The writing check before a final answer is sent (seed 004: no robotic tone). Pure Python.

It reports; it never blocks: the person who answers reads the findings and decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from doleances.messaging.placeholders import leftover

MAX_SENTENCE_WORDS = 35

APOLOGY = {
    "fr": ("désolé", "désolée", "excuse", "regrett"),
    "en": ("sorry", "apolog", "regret"),
}
THANKS = {
    "fr": ("merci", "remerci"),
    "en": ("thank",),
}
# Words that put the fault on the customer.
BLAME = {
    "fr": (
        "votre faute",
        "vous auriez dû",
        "vous n'avez pas respecté",
        "vous n’avez pas respecté",
        "par votre négligence",
        "vous avez mal",
    ),
    "en": ("your fault", "you should have", "you failed to", "your negligence", "you did not bother", "you didn't bother"),
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


@dataclass(frozen=True)
class Finding:
    code: str  # "no_apology" | "no_thanks" | "blame_word" | "long_sentence" | "placeholder_left"
    detail: str = ""


def _lang(language: str) -> str:
    return "en" if (language or "").lower().startswith("en") else "fr"


def check_writing(text: str, language: str) -> list[Finding]:
    lang = _lang(language)
    lowered = text.lower()
    findings: list[Finding] = []
    if not any(word in lowered for word in APOLOGY[lang]):
        findings.append(Finding("no_apology"))
    if not any(word in lowered for word in THANKS[lang]):
        findings.append(Finding("no_thanks"))
    for word in BLAME[lang]:
        if word in lowered:
            findings.append(Finding("blame_word", word))
    for sentence in _SENTENCE_END.split(text):
        words = sentence.split()
        if len(words) > MAX_SENTENCE_WORDS:
            findings.append(Finding("long_sentence", " ".join(words[:8]) + " …"))
    for token in leftover(text):
        findings.append(Finding("placeholder_left", token))
    return findings

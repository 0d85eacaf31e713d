"""Placeholders of response templates: `{{ name }}`, checked when a template is saved.

Pure Python: the text is filled with plain values (never Django's template engine, so that a
template written in the admin can neither run code nor read what it was not given).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every name a template may use, and what it stands for (shown in the admin's help).
PLACEHOLDERS: dict[str, str] = {
    "customer": "the customer's name",
    "reference": "the complaint's reference",
    "subject": "the complaint's subject",
    "received_date": "the day the complaint was received",
    "due_date": "the day the answer is due",
    "today": "the day the letter is sent",
    "new_date": "the new date of the answer (holding reply, delay letter)",
    "decision": "the decision (upheld, partially upheld, rejected)",
    "reasons": "the reasons of the decision",
    "remedy": "the remedy offered, with its amount",
    "measures": "the measures taken",
    "mediator": "the mediator block (name, address, website)",
    "ombudsman": "the Financial Ombudsman Service wording and its time limit",
    "next_steps": "the CFPB next steps",
    "portal_url": "the customer's tracking page",
    "survey_url": "the satisfaction survey page",
    "agent": "the name of the person who answers",
    "organisation": "the organisation's name",
}

_TOKEN = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_OPEN = "{{"
_CLOSE = "}}"


@dataclass(frozen=True)
class PlaceholderProblem:
    code: str  # "unknown_placeholder" | "unclosed_placeholder" | "unopened_placeholder"
    name: str  # the placeholder's name, or the text around the stray brace


def problems(text: str) -> list[PlaceholderProblem]:
    """What is wrong with the placeholders of `text` (empty when all is well)."""
    found: list[PlaceholderProblem] = []
    for match in _TOKEN.finditer(text):
        if match.group(1) not in PLACEHOLDERS:
            found.append(PlaceholderProblem("unknown_placeholder", match.group(1)))
    rest = _TOKEN.sub("", text)
    if _OPEN in rest:
        start = rest.index(_OPEN)
        found.append(PlaceholderProblem("unclosed_placeholder", rest[start : start + 30].strip()))
    elif _CLOSE in rest:
        end = rest.index(_CLOSE)
        found.append(PlaceholderProblem("unopened_placeholder", rest[max(0, end - 28) : end + 2].strip()))
    return found


def used(text: str) -> set[str]:
    return {match.group(1) for match in _TOKEN.finditer(text)}


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder replaced by its value ("" when not given)."""
    return _TOKEN.sub(lambda match: values.get(match.group(1), "") if match.group(1) in PLACEHOLDERS else match.group(0), text)


def leftover(text: str) -> list[str]:
    """Placeholders still in a text after filling (the agent pasted one, or a value was empty)."""
    return [match.group(0) for match in _TOKEN.finditer(text)] + ([_OPEN] if _OPEN in _TOKEN.sub("", text) else [])

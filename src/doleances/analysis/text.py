"""The text that is analysed (evidence offsets point into it) and excerpts around evidence."""

from __future__ import annotations

from doleances.complaints.models import Complaint
from doleances.nlp.passages import passages

EXCERPT_CONTEXT = 40


def complaint_text(complaint: Complaint) -> str:
    """Subject, description and remedy sought, as the customer wrote them."""
    parts = [complaint.subject, complaint.description, complaint.remedy_sought]
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def quotes(text: str, spans, *, context: int = EXCERPT_CONTEXT) -> list[list[dict]]:
    """Each stretch of `text` around the evidence spans, once (overlapping or neighbouring evidence
    share one quote), as parts to render: `{"text": ..., "mark": bool}` (escaped later)."""
    out = []
    for passage in passages(text, spans, context=context):
        parts, at = [], passage.start
        if passage.start > 0:
            parts.append({"text": "…", "mark": False})
        for start, end in passage.marks:
            if start > at:
                parts.append({"text": _flat(text[at:start]), "mark": False})
            parts.append({"text": text[start:end], "mark": True})
            at = end
        tail = _flat(text[at : passage.end]) + ("…" if passage.end < len(text) else "")
        if tail:
            parts.append({"text": tail, "mark": False})
        out.append(parts)
    return out


def _flat(part: str) -> str:
    """One line: the subject, description and remedy (joined by a blank line) stay apart visibly."""
    return part.replace("\n\n", " · ").replace("\n", " ")

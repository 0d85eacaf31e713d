"""The text that is analysed (evidence offsets point into it) and excerpts around evidence."""

from __future__ import annotations

from doleances.complaints.models import Complaint

EXCERPT_CONTEXT = 40


def complaint_text(complaint: Complaint) -> str:
    """Subject, description and remedy sought, as the customer wrote them."""
    parts = [complaint.subject, complaint.description, complaint.remedy_sought]
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def excerpt(text: str, start: int, end: int, *, context: int = EXCERPT_CONTEXT) -> dict[str, str]:
    """The matched phrase with a little text either side, as separate (escaped later) parts."""
    start, end = max(0, start), min(len(text), end)
    before_from = max(0, start - context)
    after_to = min(len(text), end + context)
    return {
        "before": ("…" if before_from > 0 else "") + text[before_from:start].replace("\n", " "),
        "match": text[start:end],
        "after": text[end:after_to].replace("\n", " ") + ("…" if after_to < len(text) else ""),
    }

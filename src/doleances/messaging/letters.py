"""Letters from response templates: choose the template, fill it with plain values.

The person who answers edits the filled text before it is sent; the mandatory-content check
(`messaging.mandatory.check`) and the writing check (`messaging.writing`) read the final text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from doleances.core.regulatory import Jurisdiction
from doleances.messaging import placeholders
from doleances.messaging.mandatory import Block, LetterKind, OrganisationTexts, block_text
from doleances.messaging.models import OrganisationSettings, ResponseTemplate
from doleances.messaging.pdf import Letterhead

_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class FilledLetter:
    subject: str
    body: str
    template_id: int | None


def templates_for(
    letter: LetterKind | str, *, language: str, decision: str = "", kind: str = "", category: str = "", channel: str = ""
):
    """Active templates that fit, the most specific first (blank fields fit anything)."""
    rows = ResponseTemplate.objects.filter(letter=LetterKind(letter), language=language, is_active=True)
    for field, value in (("decision", decision), ("kind", kind), ("category", category), ("channel", channel)):
        rows = rows.filter(Q(**{field: ""}) | Q(**{field: value}))
    rows = list(rows)
    rows.sort(key=lambda t: (-sum(bool(getattr(t, f)) for f in ("decision", "kind", "category", "channel")), t.name, t.pk))
    return rows


# Which regulatory block each jurisdiction's letters carry: a shipped template names all three,
# and only the one of the complaint's jurisdiction is written (the others are left out).
_BLOCKS_OF = {
    Jurisdiction.FR: Block.MEDIATOR,
    Jurisdiction.UK: Block.OMBUDSMAN,
    Jurisdiction.US: Block.NEXT_STEPS,
}


def fill(
    template: ResponseTemplate,
    values: dict[str, str],
    texts: OrganisationTexts,
    *,
    language: str,
    jurisdiction: Jurisdiction | str = Jurisdiction.NONE,
) -> FilledLetter:
    """The template's subject and text with every placeholder replaced; the regulatory block of
    the jurisdiction comes from the organisation's settings, in the letter's language."""
    own = _BLOCKS_OF.get(Jurisdiction(jurisdiction))
    full = {
        **values,
        **{block.value: block_text(block, texts, language) if block == own else "" for block in _BLOCKS_OF.values()},
        "organisation": values.get("organisation") or texts.name,
    }
    body = _BLANK_LINES.sub("\n\n", placeholders.fill(template.body, full)).strip() + "\n"
    return FilledLetter(
        subject=" ".join(placeholders.fill(template.subject, full).split()),
        body=body,
        template_id=template.pk,
    )


def organisation_texts() -> OrganisationTexts:
    return OrganisationSettings.load().texts()


def letterhead() -> Letterhead:
    org = OrganisationSettings.load()
    return Letterhead(name=org.name, address=org.letterhead_address, footer=org.letterhead_footer)

"""What a letter must carry, per jurisdiction (core.regulatory) — from plain values.

Seed and DESIGN.md guarantee 6: a French rejection or partial refusal carries the mediator's
details (Code de la consommation L612-1, ACPR recommendation 2022-R-01), a UK final response the
Financial Ombudsman Service wording and its six-month limit (FCA DISP 1.6), a US final response
the CFPB's next steps; a holding reply its reason and the new date. Sending without them is
refused, naming what is missing. The texts are configured once per organisation
(`messaging.models.OrganisationSettings`). No link to the EU online dispute resolution platform:
it closed in 2025.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from doleances.core.errors import DoleancesError
from doleances.core.regulatory import Jurisdiction


class LetterKind(StrEnum):
    """Every letter the organisation writes; a response template is written for one of them."""

    ACKNOWLEDGEMENT = "acknowledgement"
    CLARIFICATION_REQUEST = "clarification_request"
    PROGRESS_REPORT = "progress_report"
    HOLDING_REPLY = "holding_reply"
    DELAY_LETTER = "delay_letter"
    FINAL_RESPONSE = "final_response"
    SUMMARY_RESOLUTION = "summary_resolution"
    MEASURES_TAKEN = "measures_taken"
    SURVEY_INVITATION = "survey_invitation"


LETTER_LABELS = {
    LetterKind.ACKNOWLEDGEMENT: _("Acknowledgement"),
    LetterKind.CLARIFICATION_REQUEST: _("Clarification request"),
    LetterKind.PROGRESS_REPORT: _("Progress report"),
    LetterKind.HOLDING_REPLY: _("Holding reply"),
    LetterKind.DELAY_LETTER: _("Delay letter"),
    LetterKind.FINAL_RESPONSE: _("Final answer"),
    LetterKind.SUMMARY_RESOLUTION: _("Summary resolution (UK)"),
    LetterKind.MEASURES_TAKEN: _("Measures-taken notice"),
    LetterKind.SURVEY_INVITATION: _("Satisfaction survey invitation"),
}

# Decisions whose letter refuses the customer something (French mediator block required).
REFUSING_DECISIONS = frozenset({"rejected", "partially_upheld"})


class Block(StrEnum):
    MEDIATOR = "mediator"
    OMBUDSMAN = "ombudsman"
    NEXT_STEPS = "next_steps"
    HOLDING_REASON = "holding_reason"
    NEW_DATE = "new_date"


BLOCK_LABELS = {
    Block.MEDIATOR: _("the mediator's details (name, address, website — Code de la consommation L612-1)"),
    Block.OMBUDSMAN: _("the Financial Ombudsman Service wording with its six-month time limit"),
    Block.NEXT_STEPS: _("the CFPB next steps"),
    Block.HOLDING_REASON: _("the reason why the answer needs more time"),
    Block.NEW_DATE: _("the new date of the answer"),
}


@dataclass(frozen=True)
class OrganisationTexts:
    """The organisation's mandatory wording, as configured once (plain values)."""

    name: str = ""
    mediator_name: str = ""
    mediator_address: str = ""
    mediator_website: str = ""
    ombudsman_wording: str = ""
    ombudsman_months: int = 6
    next_steps: str = ""


def required_blocks(jurisdiction: Jurisdiction | str, letter: LetterKind | str, decision: str = "") -> list[Block]:
    jurisdiction, letter = Jurisdiction(jurisdiction), LetterKind(letter)
    blocks: list[Block] = []
    if letter in (LetterKind.HOLDING_REPLY, LetterKind.DELAY_LETTER):
        blocks += [Block.HOLDING_REASON, Block.NEW_DATE]
    if jurisdiction == Jurisdiction.FR and letter == LetterKind.FINAL_RESPONSE and decision in REFUSING_DECISIONS:
        blocks.append(Block.MEDIATOR)
    if jurisdiction == Jurisdiction.UK and letter in (
        LetterKind.FINAL_RESPONSE,
        LetterKind.SUMMARY_RESOLUTION,
        LetterKind.DELAY_LETTER,
    ):
        blocks.append(Block.OMBUDSMAN)
    if jurisdiction == Jurisdiction.US and letter == LetterKind.FINAL_RESPONSE:
        blocks.append(Block.NEXT_STEPS)
    return blocks


def _lang(language: str) -> str:
    return "en" if (language or "").lower().startswith("en") else "fr"


def block_text(block: Block, texts: OrganisationTexts, language: str) -> str:
    """The text a `{{ mediator }}`, `{{ ombudsman }}` or `{{ next_steps }}` placeholder becomes
    ("" when the organisation has not configured it: the letter is then refused by `check`)."""
    if block == Block.MEDIATOR:
        if not texts.mediator_name:
            return ""
        where = ", ".join(part for part in (texts.mediator_address.replace("\n", ", "), texts.mediator_website) if part)
        with override(_lang(language)):
            return str(
                _(
                    "If this answer does not satisfy you, you may refer your complaint free of charge to the "
                    "mediator: %(name)s, %(where)s."
                )
                % {"name": texts.mediator_name, "where": where}
            )
    if block == Block.OMBUDSMAN:
        return texts.ombudsman_wording.replace("{months}", str(texts.ombudsman_months))
    if block == Block.NEXT_STEPS:
        return texts.next_steps
    return ""


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def missing_blocks(
    body: str,
    required: list[Block],
    texts: OrganisationTexts,
    *,
    holding_reason: str = "",
    new_date_text: str = "",
) -> list[Block]:
    """The required blocks `body` does not carry. The mediator block is there when the body names
    the mediator and says where to reach them (website or address); the Ombudsman wording and the
    next steps when their configured text is there, whitespace aside."""
    text = _normal(body)
    missing = []
    for block in required:
        if block == Block.MEDIATOR:
            reach = texts.mediator_website or texts.mediator_address
            present = bool(texts.mediator_name and reach) and all(
                _normal(part) in text for part in (texts.mediator_name, reach.splitlines()[0] if reach else "")
            )
        elif block == Block.OMBUDSMAN:
            wording = block_text(block, texts, "en")
            present = bool(wording.strip()) and _normal(wording) in text
        elif block == Block.NEXT_STEPS:
            present = bool(texts.next_steps.strip()) and _normal(texts.next_steps) in text
        elif block == Block.HOLDING_REASON:
            present = bool(holding_reason.strip())
        else:  # NEW_DATE
            present = bool(new_date_text) and _normal(new_date_text) in text
        if not present:
            missing.append(block)
    return missing


class MissingMandatoryContent(DoleancesError):
    """A letter lacks what its regulatory profile requires; `blocks` names each missing block."""

    def __init__(self, blocks: list[Block]) -> None:
        names = "; ".join(str(BLOCK_LABELS[block]) for block in blocks)
        super().__init__(
            "mandatory_content_missing",
            str(_("This letter cannot be sent: it must carry %(blocks)s.") % {"blocks": names}),
            field="body",
        )
        self.blocks = blocks


def check(
    body: str,
    *,
    jurisdiction: Jurisdiction | str,
    letter: LetterKind | str,
    decision: str = "",
    texts: OrganisationTexts,
    holding_reason: str = "",
    new_date_text: str = "",
) -> None:
    """Refuse (MissingMandatoryContent) a letter that lacks a block its profile requires."""
    required = required_blocks(jurisdiction, letter, decision)
    missing = missing_blocks(body, required, texts, holding_reason=holding_reason, new_date_text=new_date_text)
    if missing:
        raise MissingMandatoryContent(missing)

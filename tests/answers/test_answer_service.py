"""The final answer: decision, letter from a template, mandatory blocks per jurisdiction, the PDF,
the outbox mail, the field notices."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest
from django.core import mail

from doleances.answers.models import Decision
from doleances.answers.services import answer_complaint, prepare_answer, tell_field_staff
from doleances.complaints.models import Complaint
from doleances.core.errors import Conflict, DoleancesErrors
from doleances.core.models import OutboxMessage
from doleances.core.outbox_worker import deliver_due
from doleances.messaging.letters import letterhead
from doleances.messaging.mandatory import Block, MissingMandatoryContent
from doleances.messaging.models import Notification
from doleances.messaging.pdf import letter_text
from tests.answers.conftest import MEDIATOR, MEDIATOR_SITE, case_in_progress

pytestmark = pytest.mark.django_db


def _normal(text: str) -> str:
    return " ".join(text.split())


def test_a_french_rejection_from_the_template_carries_the_mediator_block_and_is_sent(french_case, agent):
    decision = answer_complaint(
        french_case, outcome="rejected", reasons="Le prélèvement était conforme au contrat.", remedy="apology_only", actor=agent
    )

    french_case.refresh_from_db()
    assert french_case.status == "answered"
    assert MEDIATOR in decision.body
    assert MEDIATOR_SITE in decision.body
    assert "Le prélèvement était conforme au contrat." in decision.body
    row = OutboxMessage.objects.get(pk=decision.message.outbox_id)
    assert french_case.reference in row.payload["subject"]
    assert row.payload["body"] == decision.body
    assert row.payload["reply_to"]
    assert [f["filename"] for f in row.payload["attachments"]] == [decision.letter.original_name]
    actions = list(french_case.events.values_list("action", flat=True))
    assert actions[-3:] == ["message.sent", "decision.made", "complaint.answered"]


def test_a_french_rejection_without_the_mediator_block_is_refused_naming_it(french_case, agent):
    with pytest.raises(MissingMandatoryContent) as refused:
        answer_complaint(
            french_case,
            outcome="rejected",
            reasons="Conforme.",
            remedy="apology_only",
            actor=agent,
            body="Madame, nous sommes désolés et vous remercions, mais nous refusons.",
        )

    assert refused.value.blocks == [Block.MEDIATOR]
    assert "médiateur" in refused.value.message.lower() or "mediator" in refused.value.message.lower()
    assert not Decision.objects.exists()
    french_case.refresh_from_db()
    assert french_case.status == "in_progress"


def test_a_partial_refusal_needs_the_mediator_block_too_but_an_upheld_one_does_not(french_case, agent):
    body = "Nous vous présentons nos excuses et vous remercions. Nous vous remboursons."
    with pytest.raises(MissingMandatoryContent):
        answer_complaint(
            french_case,
            outcome="partially_upheld",
            reasons="En partie.",
            remedy="refund",
            amount=Decimal("12.50"),
            currency="EUR",
            actor=agent,
            body=body,
        )

    decision = answer_complaint(
        french_case,
        outcome="upheld",
        reasons="Erreur de notre part.",
        remedy="refund",
        amount=Decimal("12.50"),
        currency="EUR",
        actor=agent,
        body=body,
    )
    assert decision.amount == Decimal("12.50")


def test_a_uk_final_response_without_the_ombudsman_wording_is_refused(agent, team, organisation):
    case = case_in_progress(agent, team, profile="uk-fca-disp", language="en")
    with pytest.raises(MissingMandatoryContent) as refused:
        answer_complaint(
            case,
            outcome="upheld",
            reasons="Our error.",
            remedy="apology_only",
            actor=agent,
            body="Dear customer, we are sorry and thank you.",
        )
    assert refused.value.blocks == [Block.OMBUDSMAN]

    decision = answer_complaint(case, outcome="upheld", reasons="Our error.", remedy="apology_only", actor=agent)
    assert "Financial Ombudsman Service" in decision.body
    assert "6 months" in decision.body
    assert MEDIATOR not in decision.body  # only the block of the complaint's jurisdiction


def test_a_us_final_response_carries_the_cfpb_next_steps(agent, team, organisation):
    case = case_in_progress(agent, team, profile="us-cfpb", language="en")
    decision = answer_complaint(case, outcome="rejected", reasons="Per the agreement.", remedy="none", actor=agent)
    assert "Consumer Financial Protection Bureau" in decision.body
    assert "Financial Ombudsman" not in decision.body


def test_the_pdf_letter_says_what_the_email_says(french_case, agent):
    decision = answer_complaint(
        french_case, outcome="rejected", reasons="Conforme au contrat.", remedy="apology_only", actor=agent
    )

    with decision.letter.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    extracted = "\n".join(page.extract_text() for page in reader.pages)
    email_body = OutboxMessage.objects.get(pk=decision.message.outbox_id).payload["body"]
    assert _normal(extracted) == _normal(letter_text(letterhead(), email_body))


def test_a_letter_of_twenty_thousand_characters_makes_a_pdf_of_several_pages(french_case, agent):
    words = "Nous regrettons cette situation et vous remercions de votre patience. " * 300
    body = (words[:19_500] + f" {MEDIATOR}, {MEDIATOR_SITE}.").ljust(20_000, "x")
    decision = answer_complaint(
        french_case, outcome="rejected", reasons="Conforme.", remedy="apology_only", actor=agent, body=body
    )

    with decision.letter.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) > 3
    extracted = "".join(p.extract_text() for p in reader.pages)
    # The unbroken run of x is cut where the line ends: compare the text without its white space.
    assert "".join(extracted.split()) == "".join(letter_text(letterhead(), decision.body).split())


def test_field_staff_are_told_once_in_the_app_and_by_mail(french_case, agent, field_staff):
    technician, manager = field_staff
    decision = answer_complaint(
        french_case,
        outcome="upheld",
        reasons="Panne confirmée.",
        remedy="replacement",
        actor=agent,
        body="Nous sommes désolés, merci. Nous remplaçons l'appareil.",
    )

    notes = Notification.objects.filter(kind="decision.field_notice").order_by("recipient__username")
    assert [n.recipient for n in notes] == [manager, technician]
    assert "remplacement" in notes[0].body.lower() or "replacement" in notes[0].body.lower()
    assert all(n.outbox_id for n in notes)
    assert tell_field_staff(decision, at=decision.decided_at) == []
    assert Notification.objects.filter(kind="decision.field_notice").count() == 2


def test_bad_decisions_are_all_told_at_once(french_case, agent):
    with pytest.raises(DoleancesErrors) as refused:
        answer_complaint(french_case, outcome="maybe", reasons=" ", remedy="gold", amount=Decimal("-1"), actor=agent, body="x")
    assert {e.code for e in refused.value.errors} >= {"invalid_decision", "reasons_required", "invalid_remedy", "negative_amount"}


def test_the_draft_reports_the_writing_check_without_blocking(french_case):
    draft = prepare_answer(
        french_case,
        outcome="rejected",
        reasons="C'est votre faute, vous auriez dû lire le contrat.",
        remedy="none",
        body="C'est votre faute, vous auriez dû lire le contrat.",
    )
    codes = [f.code for f in draft.findings]
    assert "no_apology" in codes
    assert "no_thanks" in codes
    assert "blame_word" in codes
    assert draft.missing == [Block.MEDIATOR]


def test_the_answer_is_delivered_with_its_pdf_and_reply_to(french_case, agent, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    answer_complaint(french_case, outcome="rejected", reasons="Conforme.", remedy="apology_only", actor=agent)
    deliver_due()

    sent = [m for m in mail.outbox if french_case.reference in m.subject and m.attachments]
    assert len(sent) == 1
    assert sent[0].reply_to
    assert sent[0].attachments[0][2] == "application/pdf"
    assert sent[0].extra_headers["Message-ID"]


def test_an_answer_cannot_be_sent_twice(french_case, agent):
    answer_complaint(french_case, outcome="rejected", reasons="Conforme.", remedy="apology_only", actor=agent)
    with pytest.raises(Conflict):
        answer_complaint(
            Complaint.objects.get(pk=french_case.pk), outcome="rejected", reasons="Conforme.", remedy="apology_only", actor=agent
        )

"""Response templates: placeholders checked when saved, the shipped ones complete, filled from plain
values; the writing check; the mandatory blocks per jurisdiction (pure)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from doleances.core.regulatory import Jurisdiction
from doleances.messaging import placeholders
from doleances.messaging.letters import fill
from doleances.messaging.mandatory import LETTER_LABELS, Block, OrganisationTexts, missing_blocks, required_blocks
from doleances.messaging.models import ResponseTemplate
from doleances.messaging.writing import check_writing
from tests.answers.conftest import ship_templates

TEXTS = OrganisationTexts(
    name="Acme",
    mediator_name="Médiateur X",
    mediator_website="www.mediateur.example",
    ombudsman_wording="Refer to the Financial Ombudsman Service within {months} months.",
    ombudsman_months=6,
    next_steps="Contact the CFPB.",
)


@pytest.mark.django_db
def test_a_template_with_an_unknown_placeholder_is_refused_when_saved():
    template = ResponseTemplate(
        name="x", letter="final_response", language="fr", subject="Réf {{ reference }}", body="Bonjour {{ client }}"
    )
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    assert "client" in str(refused.value)
    with pytest.raises(ValidationError):
        template.save()
    assert not ResponseTemplate.objects.filter(name="x").exists()


@pytest.mark.parametrize("text", ["Bonjour {{ customer", "Bonjour customer }}", "{{ reference }} et {{ oops"])
def test_an_unclosed_placeholder_is_named(text):
    assert placeholders.problems(text) != []


@pytest.mark.django_db
def test_html_or_script_in_a_template_is_kept_as_text_and_never_run():
    template = ResponseTemplate.objects.create(
        name="html",
        letter="final_response",
        language="fr",
        subject="<b>{{ reference }}</b>",
        body="<script>alert(1)</script> {{ customer }}",
    )
    filled = fill(template, {"customer": "<img src=x onerror=alert(1)>", "reference": "REC-1"}, TEXTS, language="fr")
    assert filled.body == "<script>alert(1)</script> <img src=x onerror=alert(1)>\n"  # plain text mail; pages escape it


@pytest.mark.django_db
def test_every_letter_is_shipped_in_french_and_english():
    ship_templates()
    shipped = set(ResponseTemplate.objects.values_list("letter", "language", "decision"))
    for letter in LETTER_LABELS:
        for language in ("fr", "en"):
            if letter == "final_response":
                assert {(letter, language, d) for d in ("upheld", "partially_upheld", "rejected")} <= shipped
            else:
                assert (letter, language, "") in shipped
    for template in ResponseTemplate.objects.all():
        assert placeholders.problems(template.subject + template.body) == [], template.name


@pytest.mark.django_db
@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
def test_a_shipped_final_answer_carries_exactly_its_jurisdictions_blocks(jurisdiction):
    ship_templates()
    for template in ResponseTemplate.objects.filter(letter="final_response"):
        filled = fill(template, {"reasons": "r"}, TEXTS, language=template.language, jurisdiction=jurisdiction)
        required = required_blocks(jurisdiction, "final_response", template.decision)
        assert missing_blocks(filled.body, required, TEXTS) == [], (template.name, jurisdiction)
        assert "{{" not in filled.body


def test_required_blocks_per_jurisdiction():
    assert required_blocks("fr", "final_response", "rejected") == [Block.MEDIATOR]
    assert required_blocks("fr", "final_response", "partially_upheld") == [Block.MEDIATOR]
    assert required_blocks("fr", "final_response", "upheld") == []
    assert required_blocks("uk", "final_response", "upheld") == [Block.OMBUDSMAN]
    assert required_blocks("us", "final_response", "rejected") == [Block.NEXT_STEPS]
    assert required_blocks("fr", "holding_reply") == [Block.HOLDING_REASON, Block.NEW_DATE]


def test_a_holding_reply_needs_its_reason_and_the_new_date_in_the_text():
    required = required_blocks("fr", "holding_reply")
    assert missing_blocks(
        "Nous répondrons le 16 décembre 2026.", required, TEXTS, holding_reason="", new_date_text="16 décembre 2026"
    ) == [Block.HOLDING_REASON]
    assert missing_blocks(
        "Nous répondrons bientôt.", required, TEXTS, holding_reason="expertise", new_date_text="16 décembre 2026"
    ) == [Block.NEW_DATE]


def test_a_mediator_not_configured_means_the_block_is_missing():
    assert missing_blocks("Médiateur X", [Block.MEDIATOR], OrganisationTexts()) == [Block.MEDIATOR]


def test_the_writing_check_reports_apology_thanks_blame_long_sentences_and_leftovers():
    long = " ".join(["mot"] * 40) + "."
    codes = [f.code for f in check_writing(f"Vous auriez dû lire. {long} {{{{ customer }}}}", "fr")]
    assert codes == ["no_apology", "no_thanks", "blame_word", "long_sentence", "placeholder_left"]
    assert check_writing("We are sorry for this. Thank you for telling us.", "en") == []


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=200))
def test_text_without_braces_has_no_placeholder_problem_and_fills_to_itself(text):
    assert placeholders.problems(text) == []
    assert placeholders.fill(text, {"customer": "x"}) == text


@given(
    st.sampled_from(sorted(placeholders.PLACEHOLDERS)), st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=50)
)
def test_every_known_placeholder_is_filled(name, value):
    assert placeholders.fill(f"a {{{{ {name} }}}} b", {name: value}) == f"a {value} b"

"""The conditions of a routing rule, pure: keywords on whole words whatever capitals and accents,
the amount range, and one evaluation per condition told with the complaint's value."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from doleances.routing.conditions import Facts, evaluate, find_keyword, fold, split_keywords


def keywords_found(keywords: str, text: str) -> str:
    return find_keyword(split_keywords(keywords), fold(text))


def test_keywords_match_whole_words_whatever_the_capitals_and_accents():
    assert keywords_found("résiliation", "Je demande la RESILIATION de mon contrat") == "resiliation"
    assert keywords_found("Élevé", "un montant eleve") == "eleve"
    assert keywords_found("avocat", "mon avocat-conseil") == "avocat"  # a hyphen ends a word


def test_a_keyword_inside_a_longer_word_does_not_match():
    assert keywords_found("rat", "la ratification du contrat") == ""
    assert keywords_found("colis", "colissimo") == ""


def test_a_phrase_matches_across_any_run_of_spaces_and_line_breaks():
    assert keywords_found("mise en demeure", "Ceci vaut MISE  EN\ndemeure.") == "mise en demeure"


def test_keywords_are_split_on_commas_folded_and_kept_once():
    assert split_keywords(" Avocat , , avocat,Tribunal  de commerce ,") == ["avocat", "tribunal de commerce"]


def test_regular_expression_characters_in_keywords_are_plain_text():
    assert keywords_found("c++", "mon code c++ plante") == "c++"
    assert keywords_found("a.b", "axb") == ""


def test_the_amount_range_includes_both_bounds_and_a_missing_amount_never_matches():
    def holds(amount):
        return evaluate(Facts(amount=amount), min_amount=Decimal("100"), max_amount=Decimal("500"))[0].holds

    assert [holds(Decimal(v)) for v in ("99.99", "100", "500", "500.01")] == [False, True, True, False]
    assert holds(None) is False


def test_an_open_ended_range_is_told_with_an_ellipsis():
    (check,) = evaluate(Facts(amount=Decimal("1200")), min_amount=Decimal("1000"))
    assert check.as_data() == {"condition": "amount", "expected": "1000.00 – …", "actual": "1200.00"}


def test_each_condition_is_told_with_what_the_rule_asks_and_what_the_complaint_has():
    facts = Facts(kind="claim", channel="email", is_vip=True, segment="Professionnels", tone="angry", text=fold("Avocat"))
    checks = evaluate(facts, kind="claim", channel="phone", vip_only=True, segment="professionnels", keywords="avocat")
    assert [(c.condition, c.expected, c.actual, c.holds) for c in checks] == [
        ("kind", "claim", "claim", True),
        ("channel", "phone", "email", False),
        ("vip", "yes", "yes", True),
        ("segment", "professionnels", "Professionnels", True),
        ("keywords", "avocat", "avocat", True),
    ]


def test_no_condition_set_means_no_check():
    assert evaluate(Facts()) == []


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçôÉÀ", min_size=1, max_size=12)


@given(word=words, before=words, after=words)
def test_a_keyword_glued_to_other_letters_never_matches_and_alone_always_does(word, before, after):
    assert keywords_found(word, f"{before} {word.upper()} {after}") == fold(word)
    assert keywords_found(word, f"{before}{word}{after}") == ""


@given(text=st.text(max_size=200), keywords=st.text(max_size=60))
def test_keyword_matching_never_fails_and_is_the_same_twice(text, keywords):
    first = keywords_found(keywords, text)
    assert first == keywords_found(keywords, text)
    assert first == "" or first in split_keywords(keywords)

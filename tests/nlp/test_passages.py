"""Evidence quotes: overlapping or neighbouring evidence is quoted once."""

from doleances.nlp.passages import Passage, merge_spans, passages

TEXT = "Je suis très déçu. Toujours pas de connexion depuis 3 jours, c'est inadmissible !! Réparez vite."


def span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def test_overlapping_and_touching_spans_merge():
    assert merge_spans([(10, 15), (12, 20), (20, 25), (30, 31)]) == [(10, 25), (30, 31)]


def test_spans_separated_by_a_space_merge_into_one_highlight():
    assert merge_spans([span("très"), span("déçu")], text=TEXT) == [(span("très")[0], span("déçu")[1])]


def test_spans_separated_by_punctuation_stay_apart():
    assert merge_spans([span("déçu"), span("Toujours pas")], text=TEXT) == [span("déçu"), span("Toujours pas")]


def test_nearby_evidence_is_one_passage_with_every_highlight():
    found = passages(TEXT, [span("très déçu"), span("Toujours pas"), span("depuis 3 jours"), span("inadmissible")], context=20)

    assert found == [
        Passage(0, len(TEXT), (span("très déçu"), span("Toujours pas"), span("depuis 3 jours"), span("inadmissible")))
    ]


def test_the_same_span_found_twice_is_highlighted_once():
    assert passages(TEXT, [span("déçu"), span("déçu"), span("très déçu")], context=5) == [
        Passage(TEXT.index("suis"), TEXT.index(" pas de"), (span("très déçu"),))
    ]


def test_distant_evidence_gives_separate_passages_that_do_not_cut_words():
    text = "Bonjour. " + "x " * 60 + "Je suis furieux. " + "y " * 60 + "Je vais porter plainte."
    found = passages(text, [span_in(text, "furieux"), span_in(text, "porter plainte")], context=10)

    assert [text[p.start : p.end] for p in found] == ["x Je suis furieux. y y y y y", "y Je vais porter plainte."]
    assert [p.marks for p in found] == [(span_in(text, "furieux"),), (span_in(text, "porter plainte"),)]


def span_in(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def test_no_spans_no_passages_and_spans_are_clipped_to_the_text():
    assert passages(TEXT, []) == []
    assert passages("abc", [(1, 10)], context=0) == [Passage(0, 3, ((1, 3),))]

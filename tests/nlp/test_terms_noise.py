"""Issue 14 item 8: the words-used counts leave out common words, numbers, measure words,
phrases across punctuation, and phrases of a single complaint."""

from doleances.nlp.terms import count_terms, extract_ngrams, measure_words, term_stopwords


def terms_of(texts: list[str], **options) -> list[str]:
    return [t.term for t in count_terms(((None, text) for text in texts), top=None, **options).get(None, [])]


def test_a_phrase_never_spans_a_sentence_or_punctuation():
    grams = extract_ngrams("Aucune information. Je trouve ce procédé honteux ; colis (perdu) - remboursez")

    assert "information je trouve" not in grams
    assert "honteux colis" not in grams
    assert "colis perdu" not in grams
    assert "perdu remboursez" not in grams
    assert "trouve ce procede" in grams


def test_a_line_break_ends_a_phrase():
    assert "livraison colis" not in extract_ngrams("Retard de livraison\nColis perdu")


def test_numbers_are_not_terms_and_break_phrases():
    grams = extract_ngrams("Box en panne depuis 2024, facture 89 90 payée 12h, réseau 4g coupé")

    assert [g for g in grams if any(ch.isdigit() for ch in g)] == ["reseau 4g", "reseau 4g coupe", "4g", "4g coupe"]


def test_maintained_french_and_english_stopwords_and_number_words_are_common_words():
    stop = term_stopwords()

    assert {"rien", "deux", "trois", "back", "two", "first", "les", "the"} <= stop
    assert not {"facture", "livraison", "colis", "fibre", "refund", "account"} & stop
    assert extract_ngrams("rien de rien, deux fois, back again") == []


def test_words_counted_by_a_number_or_a_quantifier_are_measure_words():
    texts = [
        "Sans internet depuis 3 jours, panne depuis deux mois",
        "Panne de fibre depuis 10 jours, chaque fois la même chose",
        "Fibre coupée depuis quelques jours, ça fait 2 mois",
        "No internet for 5 days, every time I call it is the same",
        "Fibre en panne, il y a des jours comme ça",
    ]

    measures = measure_words(texts)

    assert {"jours", "mois", "days"} <= measures
    assert not {"panne", "fibre", "internet"} & measures
    assert terms_of(texts) == ["panne", "fibre", "internet"]


def test_a_phrase_must_be_used_in_several_complaints():
    texts = [
        "Je trouve ce procédé honteux. Je trouve ce procédé honteux.",
        "Coupure de fibre à Lyon.",
        "Encore une coupure de fibre.",
        "Coupure de fibre ce matin.",
    ]

    assert terms_of(texts, min_phrase_documents=3) == ["coupure", "coupure de fibre", "fibre"]
    assert "trouve ce procede" in terms_of(texts, min_documents=1, min_phrase_documents=1)


def test_a_word_must_be_used_in_several_complaints():
    assert terms_of(["Scandale scandale scandale", "Facture fausse", "Facture en double"]) == ["facture"]

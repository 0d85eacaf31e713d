"""The pure presentation helpers: nested terms dropped, written forms found."""

from __future__ import annotations

from doleances.nlp.surface import drop_nested, surface_forms


def test_a_word_only_seen_inside_a_phrase_with_the_same_counts_is_dropped():
    rows = [("depot", 12), ("depot de venissieux", 12), ("venissieux", 12), ("colis", 15), ("colis bloque", 6)]

    kept = drop_nested(rows, key=lambda r: (r[1],), term=lambda r: r[0])

    assert kept == [("depot de venissieux", 12), ("colis", 15), ("colis bloque", 6)]


def test_written_forms_keep_accents_and_elisions_and_fall_back_to_the_folded_term():
    texts = ["Colis bloqué au DÉPÔT (de) Vénissieux", "compte deux fois l’abonnement", "lave-linge en panne"]

    forms = surface_forms(["depot de venissieux", "bloque", "fois abonnement", "lave-linge", "linge", "absent"], texts)

    assert forms == {
        "depot de venissieux": "dépôt de Vénissieux",
        "bloque": "bloqué",
        "fois abonnement": "fois l’abonnement",
        "lave-linge": "lave-linge",
        "linge": "linge",
        "absent": "absent",
    }


def test_names_keep_the_capitals_customers_write_but_not_a_sentence_capital_or_shouting():
    texts = [
        "Colis bloqué au dépôt de Vénissieux.",
        "Dépôt de Vénissieux fermé. Colis perdu.",
        "LIVRAISON RATÉE, EDF a coupé. Edf encore !",
        "Plus de livraison, la SNCF aussi.",
    ]

    forms = surface_forms(["depot de venissieux", "colis", "livraison", "edf", "sncf"], texts)

    assert forms == {
        "depot de venissieux": "dépôt de Vénissieux",
        "colis": "colis",
        "livraison": "livraison",
        "edf": "EDF",
        "sncf": "SNCF",
    }

from doleances.nlp.facts import CHECKLIST, distinct_values, extract_facts
from doleances.nlp.typology import TYPOLOGIES, suggest_typology


def test_typologies():
    assert (
        suggest_typology(
            "Bonjour, je me permets de vous relancer, depuis plusieurs mois ma connexion est lente. "
            "Je vous remercie par avance. Cordialement"
        ).code
        == "eau_dormante"
    )
    assert (
        suggest_typology("Conformément à l'article L. 224-39 du code de la consommation, je vous mets en demeure.").code
        == "procedurier"
    )
    assert suggest_typology("VOUS ÊTES DES VOLEURS !!! ARNAQUE !!!").code == "klaxon"
    hint = suggest_typology(["Je vais le poster sur les réseaux sociaux", "tout le monde saura, je ne suis pas le seul"])
    assert hint.code == "gerant_estrade"
    assert hint.title == TYPOLOGIES["gerant_estrade"]
    assert 0 < hint.confidence < 1
    assert hint.evidence


def test_typology_none_when_no_cue():
    assert suggest_typology("ma box ne marche pas") is None
    assert suggest_typology([]) is None


def test_vague_complaint():
    facts = extract_facts("J'ai noté depuis plusieurs mois une dégradation de la qualité de service.")
    assert facts.is_vague
    assert facts.missing == list(CHECKLIST)
    assert [f.value for f in facts.vague_markers] == ["depuis plusieurs mois", "degradation", "qualite de service"]


def test_factual_french_complaint():
    text = "Le 3 mars j'ai payé 120,50 euros pour la commande n° 12345, vous m'aviez promis une livraison sous 48h"
    facts = extract_facts(text)
    assert not facts.is_vague
    assert [f.value for f in facts.dates] == ["--03-03"]
    assert [f.value for f in facts.amounts] == ["120.50 EUR"]
    assert [f.value for f in facts.references] == ["12345"]
    assert [f.value for f in facts.commitments] == ["vous m'aviez promis", "sous 48h"]
    assert facts.missing == []
    for f in facts.dates + facts.amounts + facts.references:
        assert text[f.start : f.end] == f.text


def test_dates_amounts_references_formats():
    facts = extract_facts("Contrat ABC-123 : facture du 03/03/2025 de 1 200 € ; invoice #98765 ; 2024-12-31 ; €30")
    assert [f.value for f in facts.dates] == ["2024-12-31", "2025-03-03"] or [f.value for f in facts.dates] == [
        "2025-03-03",
        "2024-12-31",
    ]
    assert sorted(f.value for f in facts.amounts) == ["1200 EUR", "30 EUR"]
    assert [f.value for f in facts.references] == ["ABC-123", "98765"]


def test_english_facts():
    facts = extract_facts("On March 3, 2024 I was charged $45.00 on my credit card; you promised a refund.")
    assert [f.value for f in facts.dates] == ["2024-03-03"]
    assert [f.value for f in facts.amounts] == ["45.00 USD"]
    assert [f.value for f in facts.products] == ["credit card"]
    assert "you promised" in [f.value for f in facts.commitments]
    assert facts.missing == ["reference"]


def test_the_same_amount_written_three_ways_is_one_value():
    facts = extract_facts("J'ai payé 89,90 € le 3 mars. Les 89.90 EUR ont été prélevés deux fois : 89,90 euros et encore 12 €.")

    assert [f.value for f in facts.amounts] == ["89.90 EUR", "89.90 EUR", "89.90 EUR", "12 EUR"]
    assert [f.text for f in distinct_values(facts.amounts)] == ["89,90 €", "12 €"]


def test_distinct_values_reads_stored_facts_too():
    stored = [{"text": "commande 4512", "value": "4512"}, {"text": "#4512", "value": "4512"}, {"text": "#77", "value": "77"}]

    assert distinct_values(stored, value=lambda fact: fact["value"]) == [stored[0], stored[2]]

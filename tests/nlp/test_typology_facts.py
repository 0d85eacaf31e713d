from doleances.nlp.facts import CHECKLIST, distinct_values, extract_facts
from doleances.nlp.typology import TYPOLOGIES, suggest_typology


def code_of(texts, **options) -> str | None:
    hint = suggest_typology(texts, **options)
    return hint.code if hint else None


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
    hint = suggest_typology(["Je vais le poster sur les réseaux sociaux", "tout le monde saura, je ne suis pas le seul"])
    assert hint.code == "klaxon"
    assert hint.title == TYPOLOGIES["klaxon"]
    assert 0 < hint.confidence < 1
    assert sorted(e.phrase for e in hint.evidence) == ["poster", "réseaux sociaux", "tout le monde saura"]


# Seed 003: "L'eau dormante est peu disposé à exprimer ses plaintes."
def test_still_water_is_the_customer_reluctant_to_complain():
    assert code_of("Je n'ai pas l'habitude de me plaindre, mais ma facture est fausse depuis trois mois.") == "eau_dormante"
    assert code_of("Désolé de vous déranger, ce n'est peut-être pas grand-chose : le compteur clignote.") == "eau_dormante"
    assert code_of("Sorry to bother you. I don't usually complain, but my card was charged twice.") == "eau_dormante"
    assert code_of("I've put up with the slow line for a year and I let it go; it's probably nothing.") == "eau_dormante"


# Seed 003: "Le gérant d'estrade est direct, souhaite avoir l'occasion de présenter son point de vue et est
# peu enclin à changer de fournisseur."
def test_the_voicer_speaks_up_directly_wants_to_be_heard_and_stays():
    assert code_of("Client fidèle depuis 12 ans, je souhaite exposer mon point de vue et être rappelé.") == "gerant_estrade"
    assert code_of("Franchement, je ne veux pas changer de banque, mais je veux être entendu.") == "gerant_estrade"
    assert code_of("Let me explain my side of the story: I am a loyal customer and I want to stay with you.") == (
        "gerant_estrade"
    )


# Seed 003: "Le klaxon exprime son insatisfaction à son réseau plutôt qu'à l'entreprise directement."
def test_the_horn_tells_their_network_or_the_public_rather_than_the_company():
    assert code_of("J'en ai parlé autour de moi et je déconseille votre agence à tous mes amis.") == "klaxon"
    assert code_of("Mauvais avis laissé sur Trustpilot, une étoile.") == "klaxon"
    assert code_of("I posted a bad review and I will tell everyone I know to stay away from you.") == "klaxon"
    assert code_of("Livraison en retard.", public_posts=1) == "klaxon"  # the complaint itself was a public post


# Seed 003: "Le procédurier recourt à une tierce partie (organisme de protection du consommateur, avocat, etc.)."
def test_the_stickler_turns_to_a_third_party():
    assert code_of("J'ai saisi l'UFC-Que Choisir et le médiateur de l'énergie.") == "procedurier"
    assert code_of("Mon avocat vous contactera.") == "procedurier"
    assert code_of("I have filed a complaint with the CFPB and my attorney is copied.") == "procedurier"
    assert code_of("I contacted the Better Business Bureau and the Financial Ombudsman.") == "procedurier"


def test_shouting_and_insults_say_nothing_about_whom_the_customer_tells():
    # Anger is the tone's business: an angry message to the company is not a horn's.
    assert code_of("VOUS ÊTES DES VOLEURS !!! ARNAQUE !!! C'EST UNE HONTE !!!") is None
    assert code_of("This is a scam, you are thieves, ridiculous and pathetic!!!") is None


def test_courtesy_formulas_everyone_writes_are_no_profile():
    assert code_of("Bonjour, merci d'avance. Cordialement.") is None
    assert code_of("Thank you in advance. Kind regards, sincerely.") is None


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

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doleances.nlp import risk, tone
from doleances.nlp.textnorm import fold
from doleances.nlp.tone import TONE_LABELS, analyse_tone


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Bonjour, pourriez-vous m'envoyer ma facture de mars ? Merci", "calm"),
        ("Could you send me a copy of my statement? Thank you", "calm"),
        ("Je ne suis pas content, toujours pas de réponse à mon courrier", "dissatisfied"),
        ("I am not happy with the service, still no answer", "dissatisfied"),
        ("C'est une honte, bande de voleurs !!!", "angry"),
        ("You are thieves, this is a SCAM 😡", "angry"),
        ("putain ça marche jamais votre box", "angry"),
        ("Je suis désespérée, je ne sais plus quoi faire 😢", "distressed"),
        ("I am desperate and in tears, please help me", "distressed"),
    ],
)
def test_tone_labels(text, label):
    assert analyse_tone(text).label == label


def test_labels_are_known():
    assert TONE_LABELS == ("calm", "dissatisfied", "angry", "distressed")


def test_evidence_spans_point_into_original_text():
    text = "Service NUL, je suis vraiment déçu !!"
    tone = analyse_tone(text)
    assert tone.evidence
    for ev in tone.evidence:
        assert text[ev.start : ev.end] == ev.phrase
    assert "déçu" in [ev.phrase for ev in tone.evidence]


def test_negation_cancels_negative_word():
    assert analyse_tone("Ce n'est pas un problème, merci").label == "calm"


def test_negated_positive_becomes_dissatisfied_with_negation_in_evidence():
    tone = analyse_tone("je ne suis pas content")
    assert tone.label == "dissatisfied"
    assert tone.evidence[0].phrase == "ne suis pas content"
    assert [e.phrase for e in analyse_tone("not happy at all").evidence] == ["not happy"]


def test_french_post_verbal_negation_of_positive_word():
    tone = analyse_tone("franchement la box marche pas")
    assert tone.label == "dissatisfied"
    assert "marche pas" in [e.phrase for e in tone.evidence]


def test_intensifier_raises_weight():
    plain = analyse_tone("je suis déçu")
    strong = analyse_tone("je suis très déçu")
    assert strong.dimensions["dissatisfied"] == pytest.approx(1.5 * plain.dimensions["dissatisfied"])
    assert strong.score > plain.score


def test_capitals_and_exclamations_add_anger():
    quiet = analyse_tone("vous êtes nuls")
    loud = analyse_tone("VOUS ÊTES NULS !!!")
    assert loud.dimensions["angry"] > quiet.dimensions["angry"]
    assert loud.label == "angry"


def test_emoji_evidence():
    tone = analyse_tone("ma box 🤬")
    assert tone.label == "angry"
    assert tone.evidence[0].phrase == "🤬"


def test_score_bounds_and_calm_zero():
    assert analyse_tone("").score == 0.0
    assert 0.0 < analyse_tone("scandaleux, honteux, arnaque, voleurs !!!").score < 1.0


# --- French complaint-handling rules (invented texts, never evaluation tweets) ---------------


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, panne en cours sur Lyon 3 ? merci",
        "Bonjour, la box est bloquée à l'étape 4, que dois-je faire ?",
        "Plus de connexion depuis ce matin, un problème dans le quartier ?",
        "Hello, my internet is down, can you help please?",
        "Bonjour, j'ai besoin d'aide pour configurer ma box",
        "Je n'ai jamais eu un seul souci avec vous, merci",
    ],
)
def test_plain_outage_report_or_request_is_calm(text):
    tone = analyse_tone(text)
    assert tone.label == "calm"
    assert tone.dimensions["dissatisfied"] <= 0.5


def test_report_words_stay_as_evidence_but_count_once():
    tone = analyse_tone("Panne générale ? box bloquée, souci de débit, svp")
    assert tone.label == "calm"
    assert {"Panne", "bloquée"} <= {e.phrase for e in tone.evidence}
    assert tone.dimensions["dissatisfied"] == 0.5


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Plus d'internet depuis trois semaines.", "depuis trois semaines"),
        ("Toujours rien, la ligne est coupée depuis lundi.", "depuis lundi"),
        ("Ça fait 10 jours que j'attends le technicien.", "Ça fait 10 jours"),
        ("No service for three weeks.", "for three weeks"),
        ("La connexion saute tous les soirs.", "tous les soirs"),
        ("C'est la troisième fois que j'appelle pour cette panne.", "troisième fois"),
        ("It drops every time I start a call.", "every time"),
        ("Après le passage du technicien, le problème persiste.", "persiste"),
        ("Vous me facturez le mois alors que j'ai tout renvoyé.", "alors que"),
        ("C'est pour quand la réparation ?", "C'est pour quand"),
        ("Impossible de vous joindre, personne ne décroche.", "Impossible de vous joindre"),
        ("Deux coupures par jour, est-ce que quelqu'un regarde ?", "coupures par jour"),
        ("Réparez ma ligne, je paie un abonnement pour rien.", "Réparez"),
    ],
)
def test_persistence_recurrence_and_reproach_are_dissatisfied(text, phrase):
    tone = analyse_tone(text)
    assert tone.label == "dissatisfied"
    assert phrase in [e.phrase for e in tone.evidence]
    for ev in tone.evidence:
        assert text[ev.start : ev.end] == ev.phrase


def test_negation_must_govern_the_phrase():
    # "plus" of "n'ai plus internet" does not cancel the later duration, "plus de 10 fois" is no negation
    assert analyse_tone("Je n'ai plus internet depuis trois jours").label == "dissatisfied"
    assert analyse_tone("C'est arrivé plus de 10 fois ce mois-ci").label == "dissatisfied"
    assert analyse_tone("Il n'y a plus de problème, merci").label == "calm"


def test_double_exclamation_is_impatience_not_anger():
    tone = analyse_tone("c'est encore cassé !!")
    assert tone.label == "dissatisfied"
    assert ("!!", "dissatisfied") in [(e.phrase, e.kind) for e in tone.evidence]


def test_praise_in_a_complaint_reads_as_sarcasm():
    tone = analyse_tone("Bravo, encore une coupure ce soir")
    assert tone.label == "dissatisfied"
    assert "Bravo" in [e.phrase for e in tone.evidence]
    assert analyse_tone("Super, merci pour votre aide").label == "calm"
    assert analyse_tone("Well done, the outage is back again").label == "dissatisfied"


def test_laughter_makes_hostility_jocular():
    tone = analyse_tone("je vous déteste 😂 encore une coupure")
    assert tone.label == "dissatisfied"
    assert analyse_tone("je vous déteste, encore une coupure").label == "angry"


@pytest.mark.parametrize(
    "text",
    [
        "Trois semaines sans internet, aucune solution, aucun rappel, c'est scandaleux",
        "Vous prenez vos clients pour des pigeons",
        "ras le bol de vos coupures",
        "You are liars and this bill is a rip off",
    ],
)
def test_one_explicit_anger_marker_makes_angry(text):
    assert analyse_tone(text).label == "angry"


def test_attenuator_softens_a_word():
    tone = analyse_tone("j'en ai un peu marre d'attendre")
    assert tone.label == "dissatisfied"
    assert [e.weight for e in tone.evidence if e.phrase == "marre"] == [1.0]


def test_distress_needs_more_than_a_plea_and_the_end_of_the_message_decides():
    assert analyse_tone("aidez-moi svp, la box ne démarre pas").label != "distressed"
    assert analyse_tone("bloquée à l'étranger sans accès à mes mails").label == "distressed"
    assert analyse_tone("ras le bol de vos coupures, aidez-moi, je suis à bout").label == "distressed"
    assert analyse_tone("je suis à bout, franchement bande d'escrocs").label == "angry"


def test_regex_entries_are_gated_by_their_literal_text():
    from re import _parser

    from doleances.nlp.tone import GatedPhrases, _required_literals

    assert _required_literals(_parser.parse(r"\bdepuis (?:\d+|deux) jours?")) == frozenset({"depuis "})
    assert _required_literals(_parser.parse(r"(?:\d+|deux) (?:fois|reprises)")) == frozenset({"fois", "reprises"})
    assert _required_literals(_parser.parse(r"\d+")) is None
    matcher = GatedPhrases({"x": ["re:\\bdepuis \\d+ jours?", "re:\\d{3}", "panne"]})
    text = "Panne depuis 12 jours, ticket 456"
    found = matcher.find(text, text.lower())
    assert [e.phrase for e in found] == ["Panne", "depuis 12 jours", "456"]


# Words the lexicon regexes look for, and filler: texts made of them hit the gated windows'
# edges (word boundaries, numbers next to words, repeated hits) far more often than prose does.
_GATE_TEXT = (
    "depuis 3 jours deux semaines fois reprises 2e 3eme toujours pas encore panne free sfr orange chez résilier "
    "!! ??? ... merci svp avocat tribunal 60 millions ans 85 câble à terre ça fait lundi mois le la de et x 12h"
)
_GATE_WORDS = tuple(_GATE_TEXT.split(" "))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_GATE_WORDS), max_size=60).map(" ".join))
def test_gating_the_lexicon_regexes_never_changes_what_is_found(text):
    for matcher in (tone._resources().matcher, risk._matcher()):
        ungated = copy.copy(matcher)
        ungated._regexes = [(pattern, None, None, kind, weight) for pattern, _g, _w, kind, weight in matcher._regexes]
        folded = fold(text)
        assert matcher.find(text, folded) == ungated.find(text, folded)

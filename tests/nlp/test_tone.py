import pytest

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

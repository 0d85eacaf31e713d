import pytest

from doleances.nlp.risk import RISK_FLAGS, RiskFlags, detect_risks, score_risk
from doleances.nlp.tone import Tone, analyse_tone


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Je vais résilier mon abonnement", "churn"),
        ("j'vais résilier", "churn"),
        ("J’ai demandé la résiliation", "churn"),
        ("je pars à la concurrence", "churn"),
        ("je vais changer d'opérateur", "churn"),
        ("I will cancel my account tomorrow", "churn"),
        ("I want to close my account", "churn"),
        ("I will switch to another bank", "churn"),
        ("Je saisis mon avocat", "legal"),
        ("mise en demeure de payer", "legal"),
        ("J'ai écrit à la DGCCRF et à UFC-Que Choisir", "legal"),
        ("je contacte 60 millions de consommateurs", "legal"),
        ("I filed a complaint with the CFPB and my lawyer", "legal"),
        ("I will sue you", "legal"),
        ("je vais publier ça sur les réseaux sociaux", "public"),
        ("I'll post a bad review on Trustpilot", "public"),
        ("un journaliste va s'intéresser à vous", "public"),
        ("Il y a une fuite de gaz près du compteur", "safety"),
        ("the charger caught fire", "safety"),
        ("câble arraché qui pend sur le trottoir, c'est dangereux", "safety"),
        ("ma mère de 85 ans est seule sans téléphone", "vulnerability"),
        ("je suis au chômage et en surendettement", "vulnerability"),
        ("after my husband passed away I fell into hardship", "vulnerability"),
        ("Adieu Free, je pars chez Orange", "churn"),
        ("si rien n'est fait d'ici lundi c'est tchao", "churn"),
        ("je vais aller voir ailleurs", "churn"),
        ("je vais passer chez un autre opérateur", "churn"),
        ("j'ai pris l'offre sans engagement donc je résilie", "churn"),
        ("c'est pas normal je résilie", "churn"),
        ("en tant qu'ex-client je reçois encore des factures", "churn"),
        ("I will go elsewhere", "churn"),
        ("je vais en parler sur les réseaux sociaux", "public"),
        ("je vais publier votre réponse partout", "public"),
        ("des câbles arrachés pendent devant chez moi", "safety"),
        ("le technicien a laissé le tableau électrique ouvert", "safety"),
        ("mon père est retraité et vit seul", "vulnerability"),
        ("j'ai perdu mon emploi le mois dernier", "vulnerability"),
        ("mon ami a perdu sa mère et les prélèvements continuent", "vulnerability"),
    ],
)
def test_flags(text, flag):
    flags = detect_risks(text)
    assert flag in flags
    for ev in flags.flags[flag]:
        assert text[ev.start : ev.end] == ev.phrase


@pytest.mark.parametrize(
    "text",
    [
        "je ne compte pas partir, je suis content",
        "je ne vais pas résilier",
        "Le délai est court",
        "À mon avis la facture est fausse",
        "pas de danger, tout va bien",
    ],
)
def test_no_false_flags(text):
    assert detect_risks(text).names == []


def test_flag_names_order():
    flags = detect_risks("lawyer, fire, cancel my account")
    assert flags.names == ["churn", "legal", "safety"]
    assert set(flags.names) <= set(RISK_FLAGS)


def test_score_zero_for_nothing():
    score = score_risk(RiskFlags(), Tone("calm", 0.0))
    assert (score.score, score.level, score.reasons) == (0, "low", [])


def test_score_additive_formula():
    flags = detect_risks("je vais résilier")
    assert score_risk(flags).score == 25
    assert score_risk(flags, is_vip=True).score == 35
    assert score_risk(flags, prior_complaints_90d=2).score == 35
    assert score_risk(flags, prior_complaints_90d=9).score == 40
    assert score_risk(flags, customer_value=10_000).score == 35
    tone = Tone("angry", 0.5)
    score = score_risk(flags, tone)
    assert score.score == 50
    assert score.level == "high"


def test_safety_floor_and_cap():
    assert score_risk(detect_risks("danger")).level == "high"
    text = "danger incendie, avocat tribunal, je résilie, réseaux sociaux, handicapé"
    score = score_risk(detect_risks(text), analyse_tone("honte !!! voleurs"), is_vip=True, prior_complaints_90d=5)
    assert score.score == 100
    assert score.level == "critical"
    assert any(r.startswith("safety") for r in score.reasons)


# --- French churn, exposure, safety and vulnerability rules (invented texts) ------------------


@pytest.mark.parametrize(
    "text",
    [
        "qu'est-ce qu'il se passe chez Orange ?",
        "la résilience du réseau est à revoir",
        "facturé sans pouvoir me désabonner de l'option",
        "je ne vais pas résilier",
        "I don't want to cancel my account",
        "pas de réponse sur Twitter ni sur Facebook",
        "un accident technique sur le réseau",
        "un suspense de malade ce match",
        "je veux prendre une autre box",
    ],
)
def test_no_false_flags_fr(text):
    assert detect_risks(text).names == []

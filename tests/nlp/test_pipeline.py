import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from doleances.nlp.classifier import KeywordRules
from doleances.nlp.pipeline import analyse, analyse_many

SRC = Path(__file__).resolve().parents[2] / "src"


def test_analyse_french_complaint():
    text = (
        "Bonjour, le 3 mars j'ai payé 120 € pour la commande n° 4567 mais toujours rien. "
        "C'est une honte, je vais résilier et saisir l'UFC-Que Choisir !!!"
    )
    result = analyse(text, keyword_rules=KeywordRules({"delivery": ["commande", "colis"]}))
    assert result.language.code == "fr"
    assert result.category.label == "delivery"
    assert result.tone.label == "angry"
    assert result.risk_flags.names == ["churn", "legal"]
    assert result.risk.level in ("high", "critical")
    assert not result.facts.is_vague


def test_analyse_without_model_or_rules():
    result = analyse("Could you send me my statement? Thanks")
    assert result.category is None
    assert result.language.code == "en"
    assert result.tone.label == "calm"
    assert result.risk.score == 0


def test_analyse_many_matches_analyse():
    texts = ["ma box est en panne", "I will close my account"]
    assert [a.risk_flags.names for a in analyse_many(texts)] == [analyse(t).risk_flags.names for t in texts]


def test_no_django_import():
    code = (
        "import sys; import doleances.nlp, doleances.nlp.pipeline, doleances.nlp.classifier, "
        "doleances.nlp.similarity, doleances.nlp.surges, doleances.nlp.terms, doleances.nlp.typology; "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'django' or "
        "(m.startswith('doleances.') and not m.startswith('doleances.nlp'))]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(SRC)}, timeout=60)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_analyse_never_crashes_and_spans_are_valid(text):
    result = analyse(text)
    for ev in result.tone.evidence + [e for evs in result.risk_flags.flags.values() for e in evs]:
        assert text[ev.start : ev.end] == ev.phrase
    for fact in result.facts.dates + result.facts.amounts + result.facts.references:
        assert text[fact.start : fact.end] == fact.text
    assert 0 <= result.risk.score <= 100


def test_analysis_to_dict_is_json_serialisable():
    import json

    data = analyse("Je vais résilier, c'est une honte !!", keyword_rules=KeywordRules({"x": ["honte"]})).to_dict()
    decoded = json.loads(json.dumps(data))
    assert decoded["risk_flags"]["churn"][0]["phrase"] == "Je vais résilier"
    assert decoded["tone"]["label"] == "angry"
    assert decoded["category"]["label"] == "x"
    assert decoded["language"]["code"] == "fr"

import csv
from importlib import resources

from doleances.nlp.matching import PhraseMatcher, load_lexicon
from doleances.nlp.risk import RISK_FLAGS
from doleances.nlp.tone import TONE_LABELS


def test_lexicons_load_and_compile():
    tone = load_lexicon("tone_lexicon")
    risk = load_lexicon("risk_lexicon")
    assert set(RISK_FLAGS) <= set(risk)
    assert {"dissatisfied", "angry", "distressed", "positive", "emoji"} <= set(tone)
    PhraseMatcher({k: risk[k] for k in RISK_FLAGS})


def test_tweet_labels_file_has_no_text_and_valid_values():
    raw = resources.files("doleances.nlp").joinpath("data/fr_tweets_labels.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(raw.splitlines()))
    assert list(rows[0]) == ["row", "tone", *RISK_FLAGS, "batch"]
    assert len(rows) >= 200
    assert len({r["row"] for r in rows}) == len(rows)
    for r in rows:
        assert 0 <= int(r["row"]) < 3030
        assert r["tone"] in TONE_LABELS
        assert all(r[f] in ("0", "1") for f in RISK_FLAGS)
        assert r["batch"] in ("A", "B", "C", "D", "E", "F", "G")


def test_phrase_syntax():
    matcher = PhraseMatcher({"x": ["résili*", "je vais partir", "ras-le-bol", "re:\\d+ ans", "😡"]})
    text = "J’vais partir, RAS LE BOL, résiliation, 85 ans 😡"
    found = matcher.find(text)
    assert [e.phrase for e in found] == ["J’vais partir", "RAS LE BOL", "résiliation", "85 ans", "😡"]
    assert all(text[e.start : e.end] == e.phrase for e in found)

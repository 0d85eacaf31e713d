import json
import random

import numpy as np
import pytest

from doleances.nlp.classifier import (
    KeywordRules,
    Suggestion,
    activate_model,
    evaluate,
    load_active_model,
    read_labelled_csv,
    save_model,
    suggest_categories,
    train_classifier,
)

TEMPLATES = {
    "billing": [
        "facture trop élevée ce mois",
        "double prélèvement sur mon compte",
        "erreur de facturation",
        "I was charged twice on my bill",
        "remboursement du trop perçu",
    ],
    "network": [
        "coupure internet depuis hier",
        "la fibre ne marche plus",
        "pas de réseau mobile",
        "my internet connection keeps dropping",
        "débit très lent le soir",
    ],
    "delivery": [
        "colis jamais reçu",
        "livraison en retard de deux semaines",
        "le livreur n'est pas passé",
        "my parcel never arrived",
        "commande perdue par le transporteur",
    ],
}


def _dataset(n_per_class=30, seed=1):
    rng = random.Random(seed)
    texts, labels = [], []
    for label, phrases in TEMPLATES.items():
        for _ in range(n_per_class):
            texts.append(" ".join(rng.sample(phrases, 2)) + f" client {rng.randint(1, 999)}")
            labels.append(label)
    return texts, labels


@pytest.fixture(scope="module")
def model():
    texts, labels = _dataset()
    return train_classifier(texts, labels, seed=0)


def test_predict_returns_suggestions(model):
    out = model.predict(["ma facture est fausse, double prélèvement", "plus de fibre depuis hier soir"])
    assert [s.label for s in out] == ["billing", "network"]
    for s in out:
        assert isinstance(s, Suggestion)
        assert 0 < s.confidence <= 1
        assert len(s.alternatives) == 2
        assert s.confidence >= max(p for _, p in s.alternatives)
        assert s.confidence + sum(p for _, p in s.alternatives) == pytest.approx(1.0, abs=1e-3)


def test_evaluate_metrics(model):
    texts, labels = _dataset(10, seed=7)
    metrics = evaluate(model, texts, labels)
    assert metrics["accuracy"] == 1.0
    assert metrics["macro_f1"] == 1.0
    assert set(metrics["per_class"]) == {"billing", "network", "delivery"}
    assert metrics["per_class"]["billing"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 10}
    assert metrics["complaints_per_second"] > 0


def test_meta(model):
    assert model.meta["n_samples"] == 90
    assert model.meta["labels"] == ["billing", "delivery", "network"]
    assert "sklearn_version" in model.meta
    assert "created_at" in model.meta


def test_save_versions_and_load(model, tmp_path):
    model.metrics = {"dev": {"accuracy": 1.0}}
    first = save_model(model, tmp_path)
    second = save_model(model, tmp_path)
    assert (first.name, second.name) == ("v0001", "v0002")
    assert json.loads((second / "meta.json").read_text())["n_samples"] == 90
    assert json.loads((second / "metrics.json").read_text()) == {"dev": {"accuracy": 1.0}}
    assert (tmp_path / "ACTIVE").read_text().strip() == "v0002"
    activate_model(tmp_path, "v0001")
    loaded = load_active_model(tmp_path)
    assert loaded.predict(["colis jamais reçu"])[0].label == "delivery"
    assert loaded.metrics == {"dev": {"accuracy": 1.0}}


def test_load_active_model_empty(tmp_path):
    assert load_active_model(tmp_path / "none") is None


def test_training_errors():
    with pytest.raises(ValueError, match="two categories"):
        train_classifier(["a", "b"], ["x", "x"])
    with pytest.raises(ValueError, match="same length"):
        train_classifier(["a"], ["x", "y"])


def test_keyword_rules():
    rules = KeywordRules({"billing": ["facture*", "prélèvement"], "network": ["fibre", "coupure internet"]})
    out = rules.predict(["Ma facture et le prélèvement", "coupure internet et fibre HS", "bonjour"])
    assert out[0].label == "billing"
    assert out[0].source == "rules"
    assert out[0].confidence == pytest.approx(2 / 3, abs=1e-3)
    assert out[1].label == "network"
    assert out[2] is None


def test_suggest_categories_combination(model):
    rules = KeywordRules({"billing": ["facture"]})
    only_rules = suggest_categories(["ma facture"], None, rules)
    assert only_rules[0].source == "rules"
    with_model = suggest_categories(["colis jamais reçu, livraison en retard"], model, rules)
    assert with_model[0].source == "model"
    assert with_model[0].label == "delivery"
    assert suggest_categories(["x"], None, None) == [None]


def test_read_labelled_csv(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text('text,label\n"hello, world",a\n,b\nbye,\nok,c\n', encoding="utf-8")
    assert read_labelled_csv(path, "text", "label") == (["hello, world", "ok"], ["a", "c"])


def test_single_text_fast_path_matches_batch(model):
    texts = ["facture double prélèvement", "colis perdu", "zzz inconnu"]
    batch = model.decision_function(texts)
    single = np.vstack([model.decision_function([t]) for t in texts])
    assert np.allclose(batch, single, atol=1e-5)


def test_binary_and_without_nb():
    texts, labels = _dataset(12)
    keep = [i for i, y in enumerate(labels) if y != "delivery"]
    binary = train_classifier([texts[i] for i in keep], [labels[i] for i in keep], nb=False)
    assert binary.labels == ["billing", "network"]
    out = binary.predict(["double prélèvement sur la facture", "coupure fibre"])
    assert [s.label for s in out] == ["billing", "network"]
    assert out[0].alternatives[0][0] == "network"

import datetime as dt
import random

from doleances.nlp.surges import cluster_recent, detect_surges
from doleances.nlp.terms import count_terms, emerging_terms, extract_ngrams

TODAY = dt.date(2025, 3, 31)


def _events(surge=8):
    rng = random.Random(0)
    events, texts, ident = [], {}, 0
    for back in range(40):
        day = TODAY - dt.timedelta(days=back)
        for category in ("billing", "network", "delivery"):
            n = rng.randint(1, 3) + (surge if category == "network" and back < 3 else 0)
            for _ in range(n):
                ident += 1
                events.append((day, category, ident))
                texts[ident] = "coupure fibre à Lyon" if category == "network" and back < 3 else f"souci {category}"
    return events, texts


def test_detect_surge_with_evidence():
    events, texts = _events()
    surges = detect_surges(events, today=TODAY, texts=texts)
    assert [s.category for s in surges] == ["network"]
    surge = surges[0]
    assert surge.window_start == TODAY - dt.timedelta(days=2)
    assert surge.window_count == len(surge.member_ids) >= 8 + 3
    assert surge.ratio >= 2
    assert surge.p_value < 0.01 / 3
    assert "coupure" in surge.top_terms
    assert "Surge in network" in surge.title
    assert "Poisson p" in surge.evidence_text


def test_no_surge_on_stable_volume():
    events, _ = _events(surge=0)
    assert detect_surges(events, today=TODAY) == []
    assert detect_surges([]) == []


def test_min_count_blocks_tiny_categories():
    events = [(TODAY, "rare"), (TODAY, "rare"), ("2025-03-30", "rare")]
    assert detect_surges(events, today=TODAY) == []
    assert detect_surges(events, today=TODAY, min_count=3)[0].category == "rare"


def test_cluster_recent():
    texts = [
        "coupure fibre lyon",
        "coupure de la fibre à Lyon",
        "fibre coupée lyon, coupure",
        "facture trop chère",
        "facture chère",
        "colis perdu",
    ]
    clusters = cluster_recent(texts, list("abcdef"), min_cluster_size=2, threshold=0.3)
    assert [c.ids for c in clusters] == [["a", "b", "c"], ["d", "e"]]
    assert clusters[0].top_terms[:3] == ["coupure", "fibre", "lyon"] or "coupure" in clusters[0].label
    assert cluster_recent([], []) == []


def test_extract_ngrams_skips_stopword_edges():
    assert extract_ngrams("Le délai de livraison n'est pas respecté") == ["delai", "delai de livraison", "livraison", "respecte"]


def test_count_terms_per_group():
    counts = count_terms([("mars", "coupure fibre"), ("mars", "coupure fibre lyon"), ("avril", "facture")])
    assert [(t.term, t.count, t.documents) for t in counts["mars"]] == [
        ("coupure", 2, 2),
        ("coupure fibre", 2, 2),
        ("fibre", 2, 2),
    ]
    assert counts["avril"] == []


def test_emerging_terms():
    baseline = ["ma facture est trop élevée", "problème de facture", "le wifi marche bien"] * 30
    recent = ["coupure fibre à Lyon", "coupure fibre encore", "coupure générale de la fibre"] * 5
    terms = emerging_terms(recent, baseline, top=3)
    assert {t.term for t in terms} >= {"coupure", "fibre"}
    assert all(t.z_score >= 1.96 and t.baseline_count == 0 for t in terms)
    assert emerging_terms([], baseline) == []


def test_overdispersed_baseline_is_more_conservative():
    events = []
    for back in range(3, 31):
        events += [(TODAY - dt.timedelta(days=back), "bursty")] * (10 if back % 2 else 0)
        events += [(TODAY - dt.timedelta(days=back), "steady")] * 5
    for back in range(3):
        events += [(TODAY - dt.timedelta(days=back), "bursty")] * 11
        events += [(TODAY - dt.timedelta(days=back), "steady")] * 11
    assert [s.category for s in detect_surges(events, today=TODAY)] == ["steady"]

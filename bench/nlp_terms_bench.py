"""Terms, emerging terms, surges and clustering on real CFPB narratives.

A sanity and speed check on real text (no labels involved):

* ``count_terms`` per product on the 10,000 training narratives;
* ``emerging_terms`` of one product against all the others;
* a synthetic surge, 50 random draws: dev narratives are spread uniformly over
  31 days except half of one product, moved into the last 3 days;
  ``detect_surges`` should flag that product (detection rate) and nothing
  else (false alarms); ``cluster_recent`` groups the surge's texts.

Usage: ``PYTHONPATH=src .venv/bin/python bench/nlp_terms_bench.py``
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from pathlib import Path

from doleances.nlp.classifier import read_labelled_csv
from doleances.nlp.surges import cluster_recent, detect_surges
from doleances.nlp.terms import count_terms, emerging_terms

DATA = Path("/work/shared/data/cfpb")


def main() -> None:
    texts, labels = read_labelled_csv(DATA / "train.csv", "narrative", "product")
    started = time.perf_counter()
    counts = count_terms(zip(labels, texts, strict=True), top=8)
    count_s = time.perf_counter() - started
    target = "Student loan"
    started = time.perf_counter()
    emerging = emerging_terms(
        [t for t, y in zip(texts, labels, strict=True) if y == target],
        [t for t, y in zip(texts, labels, strict=True) if y != target],
        top=10,
    )
    emerging_s = time.perf_counter() - started
    dev_x, dev_y = read_labelled_csv(DATA / "dev.csv", "narrative", "product")
    today = dt.date(2025, 3, 31)
    surge_category = "Money transfer, virtual currency, or money service"
    by_id = dict(enumerate(dev_x))
    detected = false_alarms = 0
    n_runs = 50
    started = time.perf_counter()
    for seed in range(n_runs):
        rng = random.Random(seed)
        events = []
        for i, label in enumerate(dev_y):
            back = rng.randint(0, 30)
            if label == surge_category and rng.random() < 0.5:
                back = rng.randint(0, 2)  # half of this category lands in the last 3 days
            events.append((today - dt.timedelta(days=back), label, i))
        surges = detect_surges(events, today=today, texts=by_id if seed == 0 else None)
        detected += any(s.category == surge_category for s in surges)
        false_alarms += sum(s.category != surge_category for s in surges)
        if seed == 0:
            first = surges
    surge_s = (time.perf_counter() - started) / n_runs
    members = first[0].member_ids if first else []
    started = time.perf_counter()
    clusters = cluster_recent([by_id[i] for i in members], members, threshold=0.3, min_cluster_size=2)
    cluster_s = time.perf_counter() - started
    surges = first
    print(
        json.dumps(
            {
                "count_terms_seconds_10k": round(count_s, 2),
                "top_terms_mortgage": [t.term for t in counts["Mortgage"]],
                "emerging_student_loan_vs_rest": [t.term for t in emerging],
                "emerging_seconds": round(emerging_s, 2),
                "surges": [(s.category, s.window_count, s.expected, f"{s.p_value:.2g}", s.ratio) for s in surges],
                "surge_titles": [s.title for s in surges],
                "surge_seconds_per_run": round(surge_s, 3),
                "surge_detection_rate": detected / n_runs,
                "false_alarms_per_run_other_7_categories": false_alarms / n_runs,
                "clusters_in_surge": [(len(c.ids), c.label) for c in clusters[:5]],
                "cluster_seconds": round(cluster_s, 2),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()

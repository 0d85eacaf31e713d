"""Similarity index benchmark at 1M synthetic complaints.

Synthetic texts recombine 3-8 random sentences of the CFPB training
narratives (``/work/shared/data/cfpb/train.csv``). Prints one JSON line:
indexing time, build time, RSS, query latency (median / p95 / max, wall and
CPU), whether a copy of an indexed text with one word changed comes first,
whether querying with the first half of an indexed text (its first
sentences) finds it in the top 10, and query latency after 20,000 more
documents were added without rebuilding (pending segment).

Usage: ``PYTHONPATH=src .venv/bin/python bench/nlp_similarity_bench.py [N]``
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import resource
import sys
import time
from pathlib import Path

from doleances.nlp.similarity import SimilarityIndex, text_fingerprint

DATA = Path("/work/shared/data/cfpb/train.csv")
TIME_BUDGET_S = 900


def sentences() -> list[str]:
    out: list[str] = []
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", row["narrative"]) if len(s.strip()) > 20)
    return out


def main(n_docs: int = 1_000_000, chunk: int = 50_000) -> None:
    rng = random.Random(0)
    pool = sentences()
    index = SimilarityIndex()
    t0 = time.perf_counter()
    probes: list[tuple[int, str]] = []
    total_chars = 0
    added = 0
    while added < n_docs and time.perf_counter() - t0 < TIME_BUDGET_S:
        size = min(chunk, n_docs - added)
        texts = [" ".join(rng.choices(pool, k=rng.randint(3, 8))) for _ in range(size)]
        total_chars += sum(map(len, texts))
        ids = list(range(added, added + size))
        probes.extend((ids[i], texts[i]) for i in rng.sample(range(size), 10))
        index.add(ids, texts)
        added += size
    t_add = time.perf_counter() - t0
    t1 = time.perf_counter()
    index.query("warm up the index build")
    t_build = time.perf_counter() - t1
    latencies: list[float] = []
    cpu_latencies: list[float] = []
    hits = 0
    for doc_id, text in probes[:300]:
        words = text.split()
        words[len(words) // 2] = "modified"
        query = " ".join(words)
        s, c = time.perf_counter(), time.thread_time()
        res = index.query(query, k=10)
        latencies.append((time.perf_counter() - s) * 1000)
        cpu_latencies.append((time.thread_time() - c) * 1000)
        hits += bool(res) and res[0][0] == doc_id
    partial_hits = 0
    partial_lat: list[float] = []
    for doc_id, text in probes[:200]:
        parts = re.split(r"(?<=[.!?])\s+", text)
        half = " ".join(parts[: max(1, len(parts) // 2)])
        s = time.perf_counter()
        res = index.query(half, k=10, min_score=0.0)
        partial_lat.append((time.perf_counter() - s) * 1000)
        partial_hits += doc_id in [r[0] for r in res]
    fresh = [" ".join(rng.choices(pool, k=rng.randint(3, 8))) for _ in range(200)]
    fresh_lat = []
    for text in fresh:
        s = time.perf_counter()
        index.query(text, k=10)
        fresh_lat.append((time.perf_counter() - s) * 1000)
    extra = [" ".join(rng.choices(pool, k=rng.randint(3, 8))) for _ in range(20_000)]
    s = time.perf_counter()
    index.add(list(range(added, added + len(extra))), extra)
    pending_add_s = time.perf_counter() - s
    pending_lat = []
    pending_hits = 0
    for i in range(0, 200):
        s = time.perf_counter()
        res = index.query(extra[i * 7], k=10)
        pending_lat.append((time.perf_counter() - s) * 1000)
        pending_hits += bool(res) and res[0][0] == added + i * 7
    pending_lat.sort()
    s = time.perf_counter()
    for _, text in probes[:1000]:
        text_fingerprint(text)
    fp_ms = (time.perf_counter() - s) * 1000 / min(len(probes), 1000)
    latencies.sort()
    fresh_lat.sort()
    cpu_latencies.sort()
    print(
        json.dumps(
            {
                "n_docs": added,
                "avg_chars": round(total_chars / max(added, 1)),
                "index_add_s": round(t_add, 1),
                "index_build_s": round(t_build, 1),
                "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "query_ms_median_near_dup": round(latencies[len(latencies) // 2], 2),
                "query_ms_p95_near_dup": round(latencies[int(len(latencies) * 0.95)], 2),
                "query_ms_median_fresh": round(fresh_lat[len(fresh_lat) // 2], 2),
                "query_ms_p95_fresh": round(fresh_lat[int(len(fresh_lat) * 0.95)], 2),
                "query_ms_max": round(max(latencies + fresh_lat), 2),
                "query_cpu_ms_median_near_dup": round(cpu_latencies[len(cpu_latencies) // 2], 2),
                "query_cpu_ms_p95_near_dup": round(cpu_latencies[int(len(cpu_latencies) * 0.95)], 2),
                "load_average_1min": round(os.getloadavg()[0], 2),
                "near_dup_top1_recall": round(hits / len(latencies), 3),
                "first_half_query_recall_at_10": round(partial_hits / len(partial_lat), 3),
                "first_half_query_ms_median": round(sorted(partial_lat)[len(partial_lat) // 2], 2),
                "fingerprint_ms": round(fp_ms, 3),
                "pending_20k_add_s": round(pending_add_s, 1),
                "query_ms_median_with_20k_pending": round(pending_lat[len(pending_lat) // 2], 2),
                "query_ms_p95_with_20k_pending": round(pending_lat[int(len(pending_lat) * 0.95)], 2),
                "pending_doc_top1_recall": round(pending_hits / len(pending_lat), 3),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)

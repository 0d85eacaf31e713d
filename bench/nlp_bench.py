"""End-to-end NLP benchmark: category model on CFPB + analysis throughput.

Trains on ``/work/shared/data/cfpb/train.csv`` (10,000 narratives), scores
on the held-out ``dev.csv`` (3,000), saves/reloads the model, then measures
:func:`doleances.nlp.pipeline.analyse` throughput on 1,000-character
complaints. The process is pinned to one CPU core. Prints one JSON line with
wall-clock figures and CPU-time figures (``*_per_cpu_second``, less
sensitive to other processes on a shared machine) and the load average.

Usage: ``PYTHONPATH=src .venv/bin/python bench/nlp_bench.py [--per-class]``
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from doleances.nlp.classifier import evaluate, load_active_model, read_labelled_csv, save_model, train_classifier
from doleances.nlp.pipeline import analyse, analyse_many

DATA = Path("/work/shared/data/cfpb")


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    train_x, train_y = read_labelled_csv(DATA / "train.csv", "narrative", "product")
    dev_x, dev_y = read_labelled_csv(DATA / "dev.csv", "narrative", "product")
    started, cpu = time.perf_counter(), time.process_time()
    model = train_classifier(train_x, train_y, seed=0)
    train_s, train_cpu = time.perf_counter() - started, time.process_time() - cpu
    metrics = evaluate(model, dev_x, dev_y)
    model.metrics = {"dev": metrics}
    with tempfile.TemporaryDirectory() as tmp:
        save_model(model, tmp)
        reloaded = load_active_model(tmp)
        assert reloaded is not None
        same = [s.label for s in reloaded.predict(dev_x[:50])] == [s.label for s in model.predict(dev_x[:50])]
    texts = [t[:1000] for t in dev_x if len(t) >= 1000][:1000]
    for t in texts[:20]:
        analyse(t, model=model)
    started, cpu = time.perf_counter(), time.process_time()
    for t in texts:
        analyse(t, model=model)
    single_s, single_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    for t in texts:
        analyse(t)
    no_model_s, no_model_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    analyse_many(texts, model=model)
    batch_s, batch_cpu = time.perf_counter() - started, time.process_time() - cpu
    out = {
        "train_rows": len(train_x),
        "dev_rows": len(dev_x),
        "train_seconds_1core": round(train_s, 1),
        "train_cpu_seconds": round(train_cpu, 1),
        "dev_accuracy": metrics["accuracy"],
        "dev_macro_f1": metrics["macro_f1"],
        "classifier_complaints_per_second": metrics["complaints_per_second"],
        "saved_model_roundtrip_ok": same,
        "pipeline_texts": len(texts),
        "pipeline_ms_per_complaint_with_model": round(single_s / len(texts) * 1000, 3),
        "pipeline_per_second_with_model": round(len(texts) / single_s, 1),
        "pipeline_per_second_batch_with_model": round(len(texts) / batch_s, 1),
        "pipeline_per_second_no_model": round(len(texts) / no_model_s, 1),
        "pipeline_per_cpu_second_with_model": round(len(texts) / single_cpu, 1),
        "pipeline_per_cpu_second_batch_with_model": round(len(texts) / batch_cpu, 1),
        "pipeline_per_cpu_second_no_model": round(len(texts) / no_model_cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "temperature": model.meta["temperature"],
    }
    if "--per-class" in sys.argv:
        out["per_class"] = metrics["per_class"]
    print(json.dumps(out))


if __name__ == "__main__":
    main()

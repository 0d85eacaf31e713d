"""Our classifier: training time on all 10,000 train docs and single-doc predict time on the
same 200 x 1,000-char docs (1 thread)."""

import json
import os
import sys
import time

os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
import numpy as np

sys.path.insert(0, "/work/main/src")
from doleances.nlp.classifier import read_labelled_csv, train_classifier

texts, labels = read_labelled_csv("/work/shared/data/cfpb/train.csv", "narrative", "product")
t = time.perf_counter()
c = time.process_time()
m = train_classifier(texts, labels, seed=0)
print(json.dumps({"train_all_wall_s": round(time.perf_counter() - t, 1), "train_all_cpu_s": round(time.process_time() - c, 1)}))
rng = np.random.default_rng(0)
long_ = [i for i, t in enumerate(texts) if len(t) >= 1000]
docs = [texts[i][:1000] for i in rng.choice(long_, 200, replace=False)]
m.predict(docs[:5])
t = time.perf_counter()
c = time.process_time()
for _ in range(5):
    for d in docs:
        m.predict([d])
el = time.perf_counter() - t
print(
    json.dumps(
        {
            "ours_ms_per_doc_wall": round(1000 * el / 1000, 3),
            "ours_ms_per_doc_cpu": round(1000 * (time.process_time() - c) / 1000, 3),
        }
    )
)

# ruff: noqa: E402 - thread and offline settings must be in the environment before torch loads
"""3-fold CV (same folds as bench/nlp_classifier_selection.py) of:
(a) LogisticRegression on MiniLM embeddings, (b) stack ours+embedding, (c) ours alone.
C and w are chosen by an inner 3-fold CV on the outer training folds only; all fixed values are reported too.
Usage: cv.py [full|subset]"""

import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np

sys.path.insert(0, "/work/main/src")
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from doleances.nlp.classifier import read_labelled_csv, train_classifier

CS, WS = (1, 4, 16), (0.25, 0.5, 1.0)
mode = sys.argv[1] if len(sys.argv) > 1 else "full"
texts, labels = read_labelled_csv("/work/shared/data/cfpb/train.csv", "narrative", "product")
x = np.asarray(texts, dtype=object)
y = np.asarray(labels)
emb = np.load("/tmp/enc/train_emb.npy") if mode == "full" else None
if mode == "subset":
    sub = np.load("/tmp/enc/subset_idx.npy")
    full = np.zeros((len(y), 384), np.float32)
    import glob

    for f in sorted(glob.glob("/tmp/enc/chunks/*.npy")):
        a = np.load(f)
        full[a[:, 0].astype(int)] = a[:, 1:]
    x, y, emb = x[sub], y[sub], full[sub]
    assert np.abs(emb).sum(axis=1).min() > 0
classes = np.unique(y)


def z(s):
    c = s - s.mean(axis=1, keepdims=True)
    return c / (c.std(axis=1, keepdims=True) + 1e-9)


def ours(tr, te):
    t = time.perf_counter()
    m = train_classifier(list(x[tr]), list(y[tr]), seed=0)
    assert m.labels == list(classes)
    fit_s = time.perf_counter() - t
    return np.asarray(m.decision_function(list(x[te]))), fit_s


def lr(tr, te, c):
    m = LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(emb[tr], y[tr])
    assert list(m.classes_) == list(classes)
    return m.decision_function(emb[te])


def scores(pred_idx, yy):
    p = classes[pred_idx]
    return round(float(accuracy_score(yy, p)), 4), round(float(f1_score(yy, p, average="macro")), 4)


folds = list(StratifiedKFold(n_splits=3, shuffle=True, random_state=42).split(x, y))
n = len(y)
oof_ours = np.zeros((n, len(classes)))
oof_lr = {c: np.zeros((n, len(classes))) for c in CS}
oof_sel_a = np.zeros(n, int)
oof_sel_b = np.zeros(n, int)
choices, fit_times = [], []
t0 = time.perf_counter()
for k, (tr, te) in enumerate(folds):
    # inner 3-fold on the outer training part only: choose C (LR alone) and w (stack)
    inner_ours = np.zeros((len(tr), len(classes)))
    inner_lr = {c: np.zeros((len(tr), len(classes))) for c in CS}
    for itr, ite in StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(tr, y[tr]):
        inner_ours[ite], _ = ours(tr[itr], tr[ite])
        for c in CS:
            inner_lr[c][ite] = lr(tr[itr], tr[ite], c)
    ytr = y[tr]
    c_best = max(CS, key=lambda c: scores(inner_lr[c].argmax(1), ytr)[1])
    grid = {(c, w): scores((z(inner_ours) + w * z(inner_lr[c])).argmax(1), ytr)[1] for c in CS for w in WS}
    cw_best = max(grid, key=grid.get)
    # outer
    oof_ours[te], fs = ours(tr, te)
    fit_times.append(round(fs, 1))
    for c in CS:
        oof_lr[c][te] = lr(tr, te, c)
    oof_sel_a[te] = oof_lr[c_best][te].argmax(1)
    oof_sel_b[te] = (z(oof_ours[te]) + cw_best[1] * z(oof_lr[cw_best[0]][te])).argmax(1)
    choices.append(
        {
            "fold": k,
            "C_lr_alone": c_best,
            "stack_C_w": cw_best,
            "inner_f1_lr_alone": scores(inner_lr[c_best].argmax(1), ytr)[1],
            "inner_f1_ours": scores(inner_ours.argmax(1), ytr)[1],
            "inner_f1_stack_best": grid[cw_best],
            "elapsed_s": round(time.perf_counter() - t0),
        }
    )
    print(json.dumps(choices[-1]), flush=True)

rows = {"(c) ours alone (train_classifier defaults)": scores(oof_ours.argmax(1), y)}
for c in CS:
    rows[f"(a) LR on embeddings, C={c}"] = scores(oof_lr[c].argmax(1), y)
rows["(a) LR on embeddings, C chosen by inner CV"] = scores(oof_sel_a, y)
for c in CS:
    for w in WS:
        rows[f"(b) stack z(ours) + {w} z(LR C={c})"] = scores((z(oof_ours) + w * z(oof_lr[c])).argmax(1), y)
rows["(b) stack, C and w chosen by inner CV"] = scores(oof_sel_b, y)
out = {"mode": mode, "n": n, "choices": choices, "ours_fit_seconds_per_outer_fold": fit_times, "rows": rows}
with open(f"/tmp/enc/cv_{mode}.json", "w") as fh:
    json.dump(out, fh, indent=1)
for k, v in rows.items():
    print(f"{k:55s} acc {v[0]:.4f}  macroF1 {v[1]:.4f}")
# per-class F1 for ours vs best stack chosen
from sklearn.metrics import classification_report

print(classification_report(y, classes[oof_ours.argmax(1)], digits=3))
print(classification_report(y, classes[oof_sel_b], digits=3))
np.savez(
    f"/tmp/enc/oof_{mode}.npz",
    y=y,
    classes=classes,
    ours=oof_ours,
    sel_b=oof_sel_b,
    sel_a=oof_sel_a,
    **{f"lr{c}": oof_lr[c] for c in CS},
)

"""Paired bootstrap (docs resampled, 2,000 draws) of the OOF difference stack - ours."""

import numpy as np
from sklearn.metrics import f1_score

d = np.load("/tmp/enc/oof_full.npz", allow_pickle=True)
y, cl, ours = d["y"], d["classes"], d["ours"]


def z(s):
    return (s - s.mean(1, keepdims=True)) / ((s - s.mean(1, keepdims=True)).std(1, keepdims=True) + 1e-9)


po = ours.argmax(1)
rng = np.random.default_rng(0)
yi = np.searchsorted(cl, y)
for name, pb in [
    ("stack C=4 w=0.25 (best fixed, post hoc)", (z(ours) + 0.25 * z(d["lr4"])).argmax(1)),
    ("stack C,w chosen by inner CV", d["sel_b"]),
]:
    da, df = [], []
    for _ in range(2000):
        i = rng.integers(0, len(y), len(y))
        da.append((pb[i] == yi[i]).mean() - (po[i] == yi[i]).mean())
        df.append(f1_score(yi[i], pb[i], average="macro") - f1_score(yi[i], po[i], average="macro"))
    print(
        name,
        "acc diff {:.4f} [{:.4f}, {:.4f}]".format((pb == yi).mean() - (po == yi).mean(), *np.percentile(da, [2.5, 97.5])),
        "macroF1 diff {:.4f} [{:.4f}, {:.4f}]".format(
            f1_score(yi, pb, average="macro") - f1_score(yi, po, average="macro"), *np.percentile(df, [2.5, 97.5])
        ),
        f"docs fixed {((pb == yi) & (po != yi)).sum()} broken {((pb != yi) & (po == yi)).sum()}",
    )

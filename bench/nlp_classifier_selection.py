"""Model selection for the category classifier, on the TRAINING set only.

Outer 3-fold stratified cross-validation over ``cfpb/train.csv``; each
variant is trained with :func:`train_classifier` on two folds and scored on
the third. ``dev.csv`` is never read here. Prints one JSON line per variant.

Usage: ``PYTHONPATH=src .venv/bin/python bench/nlp_classifier_selection.py [variant ...]``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from doleances.nlp.classifier import read_labelled_csv, train_classifier

TRAIN = Path("/work/shared/data/cfpb/train.csv")
VARIANTS: dict[str, dict[str, object]] = {
    "word+char_C0.3_bias": {"c": 0.3, "word_only": False, "nb": False},
    "word+char_C0.3_nobias": {"c": 0.3, "word_only": False, "tune_bias": False, "nb": False},
    "word_C0.3_bias": {"c": 0.3, "nb": False},
    "word_C0.3_nobias": {"c": 0.3, "tune_bias": False, "nb": False},
    "word_C0.5_bias": {"c": 0.5, "nb": False},
    "word_C0.2_bias": {"c": 0.2, "nb": False},
    "word13_C0.3_bias": {"c": 0.3, "ngram_max": 3, "nb": False},
    "word_C0.3_bias_nbsvm": {"c": 0.3},
    "word_C0.3_nobias_nbsvm": {"c": 0.3, "tune_bias": False},
    "word_C0.15_bias_nbsvm": {"c": 0.15},
    "word_C0.6_bias_nbsvm": {"c": 0.6},
}


def main(names: list[str]) -> None:
    texts, labels = read_labelled_csv(TRAIN, "narrative", "product")
    x = np.asarray(texts, dtype=object)
    y = np.asarray(labels)
    folds = list(StratifiedKFold(n_splits=3, shuffle=True, random_state=42).split(x, y))
    for name in names or list(VARIANTS):
        params = VARIANTS[name]
        predicted = np.empty(len(y), dtype=object)
        started = time.perf_counter()
        for tr, te in folds:
            model = train_classifier(list(x[tr]), list(y[tr]), seed=0, **params)  # type: ignore[arg-type]
            predicted[te] = [s.label for s in model.predict(list(x[te]))]
        print(
            json.dumps(
                {
                    "variant": name,
                    "cv_accuracy": round(float(accuracy_score(y, predicted)), 4),
                    "cv_macro_f1": round(float(f1_score(y, predicted, average="macro")), 4),
                    "seconds": round(time.perf_counter() - started, 1),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])

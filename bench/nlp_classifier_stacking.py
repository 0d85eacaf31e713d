"""Can other linear views of the text lift the category classifier? (training set only)

Same outer 3-fold CV as ``bench/nlp_classifier_selection.py`` (``cfpb/train.csv``, seed 42;
``dev.csv`` is never read). Each base model is fitted on two folds; its decisions on the third
fold are combined with the shipped model's parts (LinearSVC and NB-SVM on word 1-2-grams):

* z-sum: row-standardised decisions summed (what the shipped model does with its two parts),
  per-class offsets fitted on inner out-of-fold decisions of the training folds;
* meta: a class-balanced logistic regression fitted on the inner out-of-fold decisions.

Base models: ``char`` (LinearSVC on char_wb 2-5-grams), ``lr`` (logistic regression on word
1-2-grams), ``cnb`` (complement naive Bayes on counts), ``prefix`` (word 1-2-grams of the first
40 words, added to the word features). Prints one JSON line per combination.

Usage: ``PYTHONPATH=src .venv/bin/python bench/nlp_classifier_stacking.py [char lr cnb prefix]``
(``lr`` and ``char`` take 6-7 minutes each on one core).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

from doleances.nlp.calibration import fit_bias
from doleances.nlp.classifier import _clean, read_labelled_csv
from doleances.nlp.linear_ensemble import LinearEnsemble, combine_parts

TRAIN = Path("/work/shared/data/cfpb/train.csv")


def _word() -> TfidfVectorizer:
    return TfidfVectorizer(preprocessor=_clean, ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_df=0.9, dtype=np.float32)


def _prefix_text(text: str) -> str:
    return " ".join(_clean(text).split()[:40])


class _WordAndPrefix:
    def __init__(self, weight: float = 0.5) -> None:
        self.word, self.weight = _word(), weight
        self.prefix = TfidfVectorizer(
            preprocessor=_prefix_text, ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_df=0.9, dtype=np.float32
        )

    def fit_transform(self, texts):
        return sp.hstack([self.word.fit_transform(texts), self.weight * self.prefix.fit_transform(texts)]).tocsr()

    def transform(self, texts):
        return sp.hstack([self.word.transform(texts), self.weight * self.prefix.transform(texts)]).tocsr()


def _ensemble(x_train, y_train, x_test):
    return LinearEnsemble(c=0.3).fit(x_train, y_train).decision_parts(x_test)


BASES = {
    "shipped": (_word, _ensemble),
    "char": (
        lambda: TfidfVectorizer(
            preprocessor=_clean, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=3, max_df=0.9, dtype=np.float32
        ),
        lambda a, b, c: [LinearSVC(C=0.3, class_weight="balanced").fit(a, b).decision_function(c)],
    ),
    "lr": (
        _word,
        lambda a, b, c: [LogisticRegression(C=20, class_weight="balanced", max_iter=300).fit(a, b).decision_function(c)],
    ),
    "cnb": (
        lambda: CountVectorizer(preprocessor=_clean, ngram_range=(1, 2), min_df=2, max_df=0.9),
        lambda a, b, c: [ComplementNB(alpha=0.3).fit(a, b).predict_joint_log_proba(c)],
    ),
    "prefix": (_WordAndPrefix, _ensemble),
}


def main(names: list[str]) -> None:
    texts, labels = read_labelled_csv(TRAIN, "narrative", "product")
    x, y = np.asarray(texts, dtype=object), np.asarray(labels)
    classes, y_index = np.unique(y, return_inverse=True)
    folds = list(StratifiedKFold(n_splits=3, shuffle=True, random_state=42).split(x, y))

    def parts_of(name: str) -> list[tuple[list[np.ndarray], list[np.ndarray]]]:
        """Per outer fold: (decisions on the test fold, inner out-of-fold decisions on the training folds)."""
        make_features, fit = BASES[name]
        out = []
        for train, test in folds:
            features = make_features()
            x_train, x_test = features.fit_transform(list(x[train])), features.transform(list(x[test]))
            outer = fit(x_train, y[train], x_test)
            inner = [np.zeros((len(train), len(classes))) for _ in outer]
            for a, b in StratifiedKFold(3, shuffle=True, random_state=0).split(np.zeros(len(train)), y[train]):
                for k, part in enumerate(fit(x_train[a], y[train][a], x_train[b])):
                    inner[k][b] = part
            out.append((outer, inner))
        return out

    def report(variant: str, chosen: list[str], cache: dict) -> None:
        z_pred, meta_pred = np.empty(len(y), dtype=int), np.empty(len(y), dtype=int)
        for k, (train, test) in enumerate(folds):
            outer = [p for n in chosen for p in cache[n][k][0]]
            inner = [p for n in chosen for p in cache[n][k][1]]
            bias = fit_bias(combine_parts(inner), y_index[train])
            z_pred[test] = (combine_parts(outer) + bias).argmax(1)
            meta = LogisticRegression(C=0.3, class_weight="balanced", max_iter=2000).fit(_stack(inner), y_index[train])
            meta_pred[test] = meta.predict(_stack(outer))
        for how, pred in (("z-sum+offsets", z_pred), ("meta-LR", meta_pred)):
            print(
                json.dumps(
                    {
                        "variant": variant,
                        "combination": how,
                        "cv_accuracy": round(float(accuracy_score(y_index, pred)), 4),
                        "cv_macro_f1": round(float(f1_score(y_index, pred, average="macro")), 4),
                    }
                ),
                flush=True,
            )

    cache = {}
    started = time.perf_counter()
    cache["shipped"] = parts_of("shipped")
    report("shipped", ["shipped"], cache)
    for name in names or ["cnb", "prefix", "char", "lr"]:
        cache[name] = parts_of(name)
        report(name if name == "prefix" else f"shipped + {name}", [name] if name == "prefix" else ["shipped", name], cache)
    print(json.dumps({"seconds": round(time.perf_counter() - started, 1)}))


def _stack(parts: list[np.ndarray]) -> np.ndarray:
    """The parts' row-standardised decisions side by side: the meta-learner's features."""
    return np.hstack([(p - p.mean(axis=1, keepdims=True)) / (p.std(axis=1, keepdims=True) + 1e-9) for p in parts])


if __name__ == "__main__":
    main(sys.argv[1:])

"""Linear text classifier: class-balanced LinearSVC + NB-SVM, averaged.

NB-SVM (Wang & Manning 2012): for each class, features are scaled by the
log-count ratio ``r = log((p / |p|_1) / (q / |q|_1))`` of binarised feature
counts in the class (p) versus the other classes (q), with add-one
smoothing, and a binary class-balanced LinearSVC is fitted on the scaled
features. Because ``(x * r) · w = x · (r * w)``, every part stays a linear
function of ``x``: the model stores one ``(coef, intercept)`` block per part.
The final decision is the sum of the row-standardised (z-scored) decisions
of the parts, which puts the multi-class SVM and the one-vs-rest NB-SVM on
the same scale.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.svm import LinearSVC

__all__ = ["LinearEnsemble", "combine_parts"]


def combine_parts(parts: list[np.ndarray]) -> np.ndarray:
    """Sum of row-standardised decisions (a single part is returned as is)."""
    if len(parts) == 1:
        return parts[0]
    total = np.zeros_like(parts[0])
    for part in parts:
        centred = part - part.mean(axis=1, keepdims=True)
        total += centred / (centred.std(axis=1, keepdims=True) + 1e-9)
    return total


class LinearEnsemble(ClassifierMixin, BaseEstimator):  # type: ignore[misc]  # scikit-learn ships no types
    """LinearSVC (+ NB-SVM when ``nb``) with linear ``blocks_`` for fast scoring."""

    def __init__(self, c: float = 0.3, nb: bool = True, random_state: int = 0) -> None:
        self.c = c
        self.nb = nb
        self.random_state = random_state

    def _svc(self) -> LinearSVC:
        return LinearSVC(C=self.c, class_weight="balanced", random_state=self.random_state)

    def fit(self, x: sp.spmatrix, y: np.ndarray) -> LinearEnsemble:
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        svc = self._svc().fit(x, y)
        coef, intercept = svc.coef_, svc.intercept_
        if coef.shape[0] == 1:  # binary: make one row per class
            coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
        blocks = [(coef, intercept)]
        if self.nb:
            binary = (x > 0).astype(np.float64).tocsr()
            coefs, intercepts = [], []
            for label in self.classes_:
                positive = y == label
                p = 1.0 + np.asarray(binary[positive].sum(axis=0)).ravel()
                q = 1.0 + np.asarray(binary[~positive].sum(axis=0)).ravel()
                r = np.log((p / p.sum()) / (q / q.sum()))
                part = self._svc().fit(sp.csr_matrix(x.multiply(r)), positive)
                coefs.append(part.coef_.ravel() * r)
                intercepts.append(part.intercept_[0])
            blocks.append((np.vstack(coefs), np.asarray(intercepts)))
        self.blocks_ = [(np.ascontiguousarray(c.T, dtype=np.float64), np.asarray(b, dtype=np.float64)) for c, b in blocks]
        return self

    def decision_parts(self, x: sp.spmatrix) -> list[np.ndarray]:
        return [np.asarray(x @ coef_t) + intercept for coef_t, intercept in self.blocks_]

    def decision_function(self, x: sp.spmatrix) -> np.ndarray:
        return combine_parts(self.decision_parts(x))

    def predict(self, x: sp.spmatrix) -> np.ndarray:
        labels: np.ndarray = self.classes_[self.decision_function(x).argmax(axis=1)]
        return labels

"""Complaint category classifier: trained model + cold-start keyword rules.

Model (chosen by 3-fold cross-validation on the CFPB training set only, see
``bench/nlp_classifier_selection.py`` and ``docs/nlp/evaluation.md``):
redactions (``XXXX``) removed, lowercase, word 1-2-gram TF-IDF (sublinear
tf, min_df 2, max_df 0.9), then :class:`~doleances.nlp.linear_ensemble.LinearEnsemble`:
a class-balanced ``LinearSVC`` (C=0.3) plus a one-vs-rest NB-SVM, their
decisions z-scored and summed (``nb=False`` keeps the LinearSVC alone).
Adding ``char_wb`` 2-5-grams (``word_only=False``) did not help in
cross-validation and makes prediction ~5x slower.

Per-class decision offsets (maximising out-of-fold macro-F1) and the
softmax temperature ``T`` (minimum out-of-fold log-loss) are fitted on the
training data; confidences are ``softmax(T * (decision + offsets))``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from scipy.special import softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline, make_union

from doleances.nlp.calibration import fit_bias, fit_temperature
from doleances.nlp.keyword_rules import KeywordRules, suggest_categories
from doleances.nlp.linear_ensemble import LinearEnsemble, combine_parts
from doleances.nlp.suggestion import Suggestion
from doleances.nlp.textnorm import strip_redactions

__all__ = [
    "KeywordRules",
    "Suggestion",
    "TrainedModel",
    "activate_model",
    "evaluate",
    "load_active_model",
    "load_model",
    "read_labelled_csv",
    "save_model",
    "suggest_categories",
    "train_classifier",
]

MODEL_FILE = "model.joblib"
_VERSION_RE = re.compile(r"^v(\d{4})$")


def _clean(text: str) -> str:
    """Pre-processing of the vectorizers (module level so the model pickles)."""
    return strip_redactions(text).lower()


def _build_pipeline(c: float, seed: int, *, word_only: bool = True, ngram_max: int = 2, nb: bool = True) -> Pipeline:
    vectorizers = [
        TfidfVectorizer(
            preprocessor=_clean, ngram_range=(1, ngram_max), sublinear_tf=True, min_df=2, max_df=0.9, dtype=np.float32
        ),
    ]
    if not word_only:
        vectorizers.append(
            TfidfVectorizer(
                preprocessor=_clean, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=3, dtype=np.float32
            )
        )
    features = make_union(*vectorizers)
    return Pipeline([("features", features), ("svm", LinearEnsemble(c=c, nb=nb, random_state=seed))])


def _min_df_safe(pipeline: Pipeline, n: int) -> None:
    if n < 50:
        for _, vec in pipeline.named_steps["features"].transformer_list:
            vec.set_params(min_df=1, max_df=1.0)


class TrainedModel:
    """A fitted pipeline with calibrated confidences and metadata."""

    def __init__(self, pipeline: Pipeline, temperature: float, meta: dict[str, Any], bias: np.ndarray | None = None) -> None:
        self.pipeline = pipeline
        self.temperature = temperature
        self.bias = np.zeros(len(pipeline.classes_)) if bias is None else np.asarray(bias, dtype=np.float64)
        self.meta = meta
        self.metrics: dict[str, Any] = {}

    @property
    def labels(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def _fast_parts(self) -> list[tuple[Any, dict[str, int], np.ndarray, bool, int]]:
        parts = getattr(self, "_parts_cache", None)
        if parts is None:
            parts, offset = [], 0
            for _, vec in self.pipeline.named_steps["features"].transformer_list:
                vocab = vec.vocabulary_
                parts.append((vec.build_analyzer(), vocab, vec.idf_, vec.sublinear_tf, offset))
                offset += len(vocab)
            self._blocks = self.pipeline.named_steps["svm"].blocks_
            self._parts_cache = parts
        return parts

    def _fast_decision(self, text: str) -> np.ndarray:
        """Same as the sklearn pipeline for one text, without its per-call overhead."""
        indices: list[np.ndarray] = []
        values: list[np.ndarray] = []
        for analyzer, vocab, idf, sublinear, offset in self._fast_parts():
            counts: dict[int, int] = {}
            for gram in analyzer(text):
                j = vocab.get(gram)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            if sublinear:
                tf = 1.0 + np.log(tf)
            w = tf * idf[idx]
            w /= np.sqrt(w @ w)
            indices.append(idx + offset)
            values.append(w)
        if indices:
            idx, w = np.concatenate(indices), np.concatenate(values)
            parts = [(w @ coef_t[idx] + intercept).reshape(1, -1) for coef_t, intercept in self._blocks]
        else:
            parts = [intercept.reshape(1, -1).copy() for _, intercept in self._blocks]
        return combine_parts(parts)

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 1:
            return self._fast_decision(texts[0]) + self.bias
        scores = np.asarray(self.pipeline.decision_function(list(texts)), dtype=np.float64)
        if scores.ndim == 1:  # binary problem
            scores = np.column_stack([-scores, scores])
        return scores + self.bias

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        proba: np.ndarray = softmax(self.temperature * self.decision_function(texts), axis=1)
        return proba

    def predict(self, texts: Sequence[str], n_alternatives: int = 2) -> list[Suggestion]:
        """One :class:`Suggestion` per text (best label + runners-up)."""
        if not len(texts):
            return []
        proba = self.predict_proba(texts)
        labels = self.labels
        out = []
        for row in proba:
            order = np.argsort(-row)
            alts = [(labels[i], round(float(row[i]), 4)) for i in order[1 : 1 + n_alternatives]]
            out.append(Suggestion(labels[order[0]], round(float(row[order[0]]), 4), alts, "model"))
        return out


def train_classifier(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    seed: int = 0,
    c: float = 0.3,
    calibrate: bool = True,
    tune_bias: bool = True,
    word_only: bool = True,
    ngram_max: int = 2,
    nb: bool = True,
) -> TrainedModel:
    """Fit the category model.

    With ``calibrate``, 3-fold out-of-fold decisions on the training texts
    fit the softmax temperature and, with ``tune_bias`` and at least 200
    texts, per-class decision offsets that maximise macro-F1 (helps the
    small categories; chosen on training data only).
    """
    texts = list(texts)
    y = np.asarray([str(label) for label in labels])
    if len(texts) != len(y) or not len(texts):
        raise ValueError("texts and labels must be non-empty and of the same length")
    classes, y_index, counts = np.unique(y, return_inverse=True, return_counts=True)
    if len(classes) < 2:
        raise ValueError("at least two categories are needed")
    started = time.perf_counter()
    temperature = 1.0
    bias = np.zeros(len(classes))
    pipeline = _build_pipeline(c, seed, word_only=word_only, ngram_max=ngram_max, nb=nb)
    _min_df_safe(pipeline, len(texts))
    features = pipeline.named_steps["features"]
    matrix = features.fit_transform(texts)
    if calibrate and counts.min() >= 3:
        # Out-of-fold decisions for calibration. The vectorizers are fitted
        # once on all training texts (unsupervised IDF; a small optimism
        # accepted to keep training fast); only the SVM is refitted per fold.
        oof = np.zeros((len(texts), len(classes)))
        folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=seed)
        for tr, te in folds.split(np.zeros(len(y)), y):
            svm = LinearEnsemble(c=c, nb=nb, random_state=seed).fit(matrix[tr], y[tr])
            oof[te] = svm.decision_function(matrix[te])
        bias = fit_bias(oof, y_index) if tune_bias and len(texts) >= 200 else np.zeros(len(classes))
        temperature = fit_temperature(oof + bias, y_index)
    pipeline.named_steps["svm"].fit(matrix, y)
    meta = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "n_samples": len(texts),
        "labels": [str(x) for x in classes],
        "label_counts": {str(k): int(v) for k, v in zip(classes, counts, strict=True)},
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "algorithm": f"tfidf(word1-{ngram_max}{'' if word_only else '+char_wb2-5'})"
        f"+LinearSVC(C={c},balanced){'+NB-SVM' if nb else ''}+offsets+softmax(T)",
        "temperature": round(temperature, 4),
        "bias": [round(float(b), 4) for b in bias],
        "seed": seed,
        "training_seconds": round(time.perf_counter() - started, 2),
    }
    return TrainedModel(pipeline, temperature, meta, bias)


def evaluate(model: TrainedModel, texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class precision/recall/F1/support and speed."""
    started = time.perf_counter()
    predicted = [s.label for s in model.predict(list(texts))]
    elapsed = max(time.perf_counter() - started, 1e-9)
    y = [str(label) for label in labels]
    names = sorted(set(y) | set(model.labels))
    p, r, f, s = precision_recall_fscore_support(y, predicted, labels=names, zero_division=0)
    return {
        "n": len(y),
        "accuracy": round(float(accuracy_score(y, predicted)), 4),
        "macro_f1": round(float(f1_score(y, predicted, labels=names, average="macro", zero_division=0)), 4),
        "per_class": {
            n: {"precision": round(float(a), 4), "recall": round(float(b), 4), "f1": round(float(c), 4), "support": int(d)}
            for n, a, b, c, d in zip(names, p, r, f, s, strict=True)
        },
        "complaints_per_second": round(len(y) / elapsed, 1),
    }


def _versions(directory: Path) -> list[int]:
    if not directory.exists():
        return []
    return sorted(int(m.group(1)) for p in directory.iterdir() if (m := _VERSION_RE.match(p.name)))


def save_model(model: TrainedModel, directory: str | Path, *, activate: bool = True) -> Path:
    """Write ``directory/vNNNN/`` (model.joblib, meta.json, metrics.json)."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    versions = _versions(root)
    target = root / f"v{(versions[-1] if versions else 0) + 1:04d}"
    target.mkdir()
    joblib.dump(
        {"pipeline": model.pipeline, "temperature": model.temperature, "bias": model.bias, "meta": model.meta},
        target / MODEL_FILE,
        compress=3,
    )
    (target / "meta.json").write_text(json.dumps(model.meta, indent=2, ensure_ascii=False), encoding="utf-8")
    (target / "metrics.json").write_text(json.dumps(model.metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    if activate:
        activate_model(root, target.name)
    return target


def activate_model(directory: str | Path, version: str) -> None:
    """Point ``directory/ACTIVE`` at ``version`` (e.g. ``"v0003"``)."""
    root = Path(directory)
    if not (root / version / MODEL_FILE).exists():
        raise FileNotFoundError(root / version / MODEL_FILE)
    (root / "ACTIVE").write_text(version + "\n", encoding="utf-8")


def load_model(path: str | Path) -> TrainedModel:
    """Load one version folder. Only load files you wrote (joblib = pickle)."""
    folder = Path(path)
    blob = joblib.load(folder / MODEL_FILE)
    model = TrainedModel(blob["pipeline"], blob["temperature"], blob["meta"], blob.get("bias"))
    metrics = folder / "metrics.json"
    if metrics.exists():
        model.metrics = json.loads(metrics.read_text(encoding="utf-8"))
    return model


def load_active_model(directory: str | Path) -> TrainedModel | None:
    """The version named in ``ACTIVE``, else the latest one, else ``None``."""
    root = Path(directory)
    active = root / "ACTIVE"
    if active.exists():
        return load_model(root / active.read_text(encoding="utf-8").strip())
    versions = _versions(root)
    return load_model(root / f"v{versions[-1]:04d}") if versions else None


def read_labelled_csv(path: str | Path, text_column: str, label_column: str) -> tuple[list[str], list[str]]:
    """Read ``(texts, labels)`` from a CSV file, skipping rows with blanks."""
    texts: list[str] = []
    labels: list[str] = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text, label = (row.get(text_column) or "").strip(), (row.get(label_column) or "").strip()
            if text and label:
                texts.append(text)
                labels.append(label)
    return texts, labels

"""Tone and risk evaluation on hand-labelled French customer tweets.

Labels: ``src/doleances/nlp/data/fr_tweets_labels.csv`` (row index into
``/work/shared/data/fr-tweets/free_customer_tweets.csv``, 0-based, header
excluded; guide in ``docs/nlp/labelling-guide.md``). Tweet texts are read
from the shared data folder and never stored in the repository.

Prints precision / recall / F1 / support per tone label and per risk flag,
the tone confusion matrix, then one JSON line.

Batches: ``A`` (250 tweets, labelled first; the lexicons were revised after
looking at the errors on it, so its figures are optimistic), then ``B``
(150), ``C``, ``D`` and ``E`` (100 each) labelled before the software was
run on them. ``--batch=B,C,D,E`` gives the held-out figures (see
docs/nlp/evaluation.md for the exact protocol).

Usage: ``PYTHONPATH=src .venv/bin/python bench/nlp_fr_eval.py [--batch=A|B|...|B,C,D,E] [--errors]``
"""

from __future__ import annotations

import csv
import json
import sys
from importlib import resources
from pathlib import Path

from doleances.nlp.risk import RISK_FLAGS, detect_risks
from doleances.nlp.tone import TONE_LABELS, analyse_tone

TWEETS = Path("/work/shared/data/fr-tweets/free_customer_tweets.csv")


def _prf(pairs: list[tuple[bool, bool]]) -> dict[str, float | int]:
    tp = sum(1 for gold, pred in pairs if gold and pred)
    fp = sum(1 for gold, pred in pairs if pred and not gold)
    fn = sum(1 for gold, pred in pairs if gold and not pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "support": tp + fn,
        "predicted": tp + fp,
    }


def main() -> None:
    with TWEETS.open(encoding="utf-8") as fh:
        tweets = [row["text"] for row in csv.DictReader(fh)]
    labels_path = resources.files("doleances.nlp").joinpath("data/fr_tweets_labels.csv")
    gold = list(csv.DictReader(labels_path.read_text(encoding="utf-8").splitlines()))
    batch = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--batch=")), None)
    if batch:
        gold = [row for row in gold if row["batch"] in batch.split(",")]
    tone_pairs: list[tuple[str, str]] = []
    flag_pairs: dict[str, list[tuple[bool, bool]]] = {f: [] for f in RISK_FLAGS}
    errors = []
    for row in gold:
        text = tweets[int(row["row"])]
        tone = analyse_tone(text, "fr").label
        tone_pairs.append((row["tone"], tone))
        flags = set(detect_risks(text).names)
        for flag in RISK_FLAGS:
            flag_pairs[flag].append((row[flag] == "1", flag in flags))
            if (row[flag] == "1") != (flag in flags):
                errors.append(f"{row['row']}: {flag} gold={row[flag]} pred={int(flag in flags)}")
        if row["tone"] != tone:
            errors.append(f"{row['row']}: tone gold={row['tone']} pred={tone}")
    tone_report = {lab: _prf([(g == lab, p == lab) for g, p in tone_pairs]) for lab in TONE_LABELS}
    flag_report = {flag: _prf(pairs) for flag, pairs in flag_pairs.items()}
    accuracy = sum(g == p for g, p in tone_pairs) / len(tone_pairs)
    negative = _prf([(g != "calm", p != "calm") for g, p in tone_pairs])
    print(f"{len(gold)} labelled tweets (batch {batch or 'all'}); tone accuracy {accuracy:.3f}")
    print(f"{'label':<15}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}")
    for name, r in [*tone_report.items(), ("(any negative)", negative), *flag_report.items()]:
        print(f"{name:<15}{r['precision']:>7}{r['recall']:>7}{r['f1']:>7}{r['support']:>6}{r['predicted']:>6}")
    print("confusion (rows gold, columns predicted):", ", ".join(TONE_LABELS))
    for g in TONE_LABELS:
        print(f"  {g:<13}", [sum(1 for a, b in tone_pairs if a == g and b == p) for p in TONE_LABELS])
    if "--errors" in sys.argv:
        print("\n".join(errors))
    print(
        json.dumps(
            {
                "batch": batch or "all",
                "n": len(gold),
                "tone_accuracy": round(accuracy, 3),
                "tone": tone_report,
                "any_negative": negative,
                "risk": flag_report,
            }
        )
    )


if __name__ == "__main__":
    main()

"""`doleances nlp train|evaluate|analyse|index`: the category model and (re)analysis of stored complaints.

An adapter of `doleances.analysis`, kept in routing because `analyse` also routes the complaints it
analyses for the first time (`routing.services.analyse_complaints`), and analysis sits below routing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doleances.analysis import services as analysis_services
from doleances.analysis.classifier_store import active_model
from doleances.analysis.similarity_index import build_similarity_index
from doleances.complaints.models import Complaint
from doleances.core.errors import DoleancesError
from doleances.nlp.classifier import evaluate, read_labelled_csv
from doleances.routing import services


def read_csv(path: str, text_column: str, label_column: str) -> tuple[list[str], list[str]]:
    """The labelled rows of a CSV file, or a clear error naming what is wrong."""
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"No such file: {path}")
    try:
        with file.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh), [])
    except (UnicodeDecodeError, csv.Error) as error:
        raise CommandError(f"{path} is not a UTF-8 CSV file: {error}") from None
    missing = [column for column in (text_column, label_column) if column not in header]
    if missing:
        raise CommandError(
            f"{path} has no column {', '.join(repr(c) for c in missing)}; its columns are: {', '.join(header) or '(none)'}"
        )
    texts, labels = read_labelled_csv(file, text_column, label_column)
    if not texts:
        raise CommandError(f"{path} has no row with both a text and a label.")
    return texts, labels


class Command(BaseCommand):
    help = "Train or evaluate the category model; (re)analyse stored complaints."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, help_text in (
            ("train", "Train a new model version (from the categories people chose, or a CSV file) and activate it."),
            ("evaluate", "Evaluate the active model on a labelled CSV file; prints one JSON object."),
        ):
            action = sub.add_parser(name, help=help_text)
            action.add_argument("--data", required=name == "evaluate", help="CSV file (UTF-8, with a header row)")
            action.add_argument("--text-column", default="text")
            action.add_argument("--label-column", default="label")
        analyse = sub.add_parser("analyse", help="(Re)analyse stored complaints in batches.")
        which = analyse.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="every complaint")
        which.add_argument("--missing", action="store_true", help="only complaints never analysed (the default)")
        analyse.add_argument("--batch-size", type=int, default=analysis_services.BATCH_SIZE)
        sub.add_parser("index", help="Build the similarity index of every complaint (related complaints on the case page).")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_train(self, *, data: str | None, text_column: str, label_column: str, **options) -> None:
        texts = labels = None
        if data:
            texts, labels = read_csv(data, text_column, label_column)
        try:
            version, metrics = analysis_services.train_category_model(texts=texts, labels=labels)
        except DoleancesError as error:
            raise CommandError(error.message) from None
        self.stdout.write(json.dumps({"version": version.name, "path": str(version), "metrics": metrics}, ensure_ascii=False))

    def handle_evaluate(self, *, data: str, text_column: str, label_column: str, **options) -> None:
        current = active_model()
        if current.model is None:
            raise CommandError("No trained model yet: run `doleances nlp train` first.")
        texts, labels = read_csv(data, text_column, label_column)
        result = evaluate(current.model, texts, labels)
        self.stdout.write(json.dumps({"model_version": current.version, **result}, ensure_ascii=False))

    def handle_index(self, **options) -> None:
        path, count = build_similarity_index()
        self.stdout.write(json.dumps({"indexed": count, "path": str(path)}))

    def handle_analyse(self, *, all: bool, batch_size: int, **options) -> None:
        complaints = Complaint.objects.order_by("pk")
        if not all:
            complaints = complaints.filter(analysis__isnull=True)
        ids = list(complaints.values_list("pk", flat=True))
        for start in range(0, len(ids), max(1, batch_size)):
            services.analyse_complaints(ids[start : start + batch_size])
        self.stdout.write(json.dumps({"analysed": len(ids)}))

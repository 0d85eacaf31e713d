"""`doleances import-posts FILE --source NAME`: a social network's or review site's export (CSV or
JSON), each post once (re-importing the same export adds nothing)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from doleances.core.errors import DoleancesError, all_errors
from doleances.intake.models import PostSource
from doleances.intake.posts.exports import ExportUnreadable, read_rows
from doleances.intake.posts.mapping import FIELDS, PostUnreadable, read_post
from doleances.intake.posts.services import CREATED, receive_post, save_mapping
from doleances.intake.tasks import analyse_imported_complaints

BATCH = 100


def parse_map(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise CommandError(f"--map {pair!r}: write FIELD=COLUMN (fields: {', '.join(FIELDS)})")
        mapping[field.strip()] = column.strip()
    return mapping


class Command(BaseCommand):
    help = "Import posts from a CSV or JSON export of a social network or review site (each post once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="CSV, JSON (a list of posts) or JSON lines (.jsonl)")
        parser.add_argument("--source", required=True, metavar="NAME", help="the post source configured in the admin")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help=f"where a field is in this export, saved on the source for next time ({', '.join(FIELDS)})",
        )
        parser.add_argument("--format", choices=["csv", "json", "jsonl"], help="default: from the file's extension")

    def handle(self, *args, file: str, source: str, map: list[str], format: str | None, **options) -> None:
        found = PostSource.objects.filter(name=source).select_related("default_team").first()
        if found is None:
            known = ", ".join(PostSource.objects.values_list("name", flat=True)) or "none yet: add one in the admin"
            raise CommandError(f"No post source named {source!r} (known: {known}).")
        if not found.is_active:
            raise CommandError(f"The post source {source!r} is not active.")
        if map:
            try:
                found = save_mapping(found, parse_map(map))
            except DoleancesError as error:
                raise CommandError(str(error.message)) from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        counts: Counter[str] = Counter()
        try:
            rows = read_rows(path, fmt=format)
            while self.import_batch(found, rows, counts):
                pass
        except ExportUnreadable as error:
            self.stdout.write(self.summary(counts))
            raise CommandError(str(error)) from None
        self.stdout.write(self.summary(counts))

    def import_batch(self, source: PostSource, rows, counts: Counter[str]) -> bool:
        """Up to BATCH rows in one transaction (each post in its own savepoint); False at the end."""
        created: list[int] = []
        taken = 0
        with transaction.atomic():
            for number, row in rows:
                taken += 1
                self.import_row(source, number, row, counts, created)
                if taken >= BATCH:
                    break
            if created:
                transaction.on_commit(lambda ids=created: analyse_imported_complaints(ids))
        return taken >= BATCH

    def import_row(self, source: PostSource, number: int, row, counts: Counter[str], created: list[int]) -> None:
        try:
            if isinstance(row, ExportUnreadable):
                raise PostUnreadable("invalid_row", str(row))
            post = read_post(row, source.mapping or {})
            with transaction.atomic():
                outcome = receive_post(source, post, origin="import", analysis=created)
        except PostUnreadable as error:
            counts["refused"] += 1
            self.stderr.write(f"line {number}: refused ({error.code}): {error.detail}")
            return
        except DoleancesError as error:
            counts["refused"] += 1
            self.stderr.write(f"line {number}: refused: " + "; ".join(f"{e.code}: {e.message}" for e in all_errors(error)))
            return
        counts[outcome.status] += 1
        if outcome.truncated_from:
            counts["truncated"] += 1
            self.stderr.write(
                f"line {number}: text of {outcome.truncated_from} characters truncated in {outcome.complaint.reference}"
                " (the whole text is kept with the post)"
            )

    @staticmethod
    def summary(counts: Counter[str]) -> str:
        return (
            f"created {counts[CREATED]}, duplicates {counts['duplicate']}, "
            f"truncated {counts['truncated']}, refused {counts['refused']}"
        )

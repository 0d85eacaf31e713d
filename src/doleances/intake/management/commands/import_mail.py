"""`doleances import-mail PATH...`: .eml files, mbox files and folders of them, message by message."""

from __future__ import annotations

import sys
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from doleances.intake.mail.files import iter_messages, total_bytes
from doleances.intake.mail.services import DUPLICATE, own_addresses, receive_mail
from doleances.intake.models import InboundStatus
from doleances.intake.tasks import analyse_imported_complaints

BATCH_BYTES = 32 * 1024 * 1024  # a batch also ends past this many bytes of mail

SUMMARY = [
    (InboundStatus.CREATED, "created"),
    (InboundStatus.THREADED, "threaded"),
    (InboundStatus.IGNORED, "ignored as automatic"),
    (DUPLICATE, "duplicates"),
    (InboundStatus.QUARANTINED, "quarantined"),
]


class Progress:
    """A one-line progress bar on a terminal (bytes read of the files' total); silent otherwise."""

    def __init__(self, stream, total: int, *, enabled: bool) -> None:
        self.stream, self.total, self.enabled = stream, max(total, 1), enabled
        self.done = self.messages = 0
        self.shown_at = 0.0

    def advance(self, size: int) -> None:
        self.done += size

    def message(self) -> None:
        self.messages += 1
        now = time.monotonic()
        if self.enabled and now - self.shown_at >= 0.2:
            self.shown_at = now
            self.draw()

    def draw(self) -> None:
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * 30)
        self.stream.write(f"\r[{bar:<30}] {share:6.1%}  {self.messages} messages")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.draw()
            self.stream.write("\n")


def batches(messages, count: int, size: int):
    """The stream cut into lists of up to `count` messages or `size` bytes."""
    batch: list = []
    total = 0
    for found in messages:
        batch.append(found)
        total += len(found.raw)
        if len(batch) >= count or total >= size:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


class Command(BaseCommand):
    help = "Import mail from .eml files, mbox files and folders of them (each message exactly once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help=".eml or mbox file, or a folder of them")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")
        parser.add_argument("--batch", type=int, default=100, help="Messages per database transaction (default 100).")

    def handle(self, *args, paths: list[str], no_progress: bool, batch: int, **options) -> None:
        try:
            total = total_bytes(paths)
        except FileNotFoundError as error:
            raise CommandError(f"No such file or folder: {error}") from None
        progress = Progress(sys.stderr, total, enabled=not no_progress and sys.stderr.isatty())
        counts: Counter[str] = Counter()
        addresses = own_addresses()
        messages = iter_messages(paths, on_bytes=progress.advance)
        for found in batches(messages, max(batch, 1), BATCH_BYTES):
            self.write_batch(found, addresses, counts, progress)
        progress.close()
        self.stdout.write(", ".join(f"{label} {counts[status]}" for status, label in SUMMARY))

    def write_batch(self, found: list, addresses, counts: Counter[str], progress: Progress) -> None:
        """One transaction for the batch (each message in its own savepoint, quarantined alone): one
        commit, one disk sync. An interrupted import loses at most the open batch, which importing
        again adds (the rest are duplicates)."""
        created: list[int] = []
        with transaction.atomic():
            outcomes = [
                (item.origin, receive_mail(item.raw, origin="import", addresses=addresses, analysis=created)) for item in found
            ]
            if created:  # one analysis task per batch, queued with its commit
                transaction.on_commit(lambda ids=created: analyse_imported_complaints(ids))
        for origin, outcome in outcomes:
            counts[outcome.status] += 1
            if outcome.status == InboundStatus.QUARANTINED:
                self.stderr.write(f"{origin}: quarantined ({outcome.mail.reason})", ending="\n")
            progress.message()

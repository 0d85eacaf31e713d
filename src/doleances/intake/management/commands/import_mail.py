"""`doleances import-mail PATH...`: .eml files, mbox files and folders of them, message by message."""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from doleances.intake.mail.files import iter_messages, total_bytes
from doleances.intake.mail.parsing import parse_for_import
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
        parser.add_argument(
            "--parse-workers",
            type=int,
            default=1,
            help="Processes parsing the next batch while this one is written (default 1; 0: parse in turn).",
        )

    def handle(self, *args, paths: list[str], no_progress: bool, batch: int, parse_workers: int, **options) -> None:
        try:
            total = total_bytes(paths)
        except FileNotFoundError as error:
            raise CommandError(f"No such file or folder: {error}") from None
        progress = Progress(sys.stderr, total, enabled=not no_progress and sys.stderr.isatty())
        counts: Counter[str] = Counter()
        addresses = own_addresses()
        limit = settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES
        messages = iter_messages(paths, on_bytes=progress.advance)
        # Parsing is pure Python and needs no database: a helper process parses batch n + 1 while
        # this one writes batch n (SQLite has one writer; the parse was a third of the time). At
        # most two batches are in memory, whatever the size of the mbox.
        pool = multiprocessing.get_context("fork").Pool(parse_workers) if parse_workers > 0 else None
        try:
            pending = None
            for found in batches(messages, max(batch, 1), BATCH_BYTES):
                ahead = (
                    pool.starmap_async(parse_for_import, [(item.raw, addresses, limit) for item in found])
                    if pool is not None
                    else None
                )
                if pending is not None:
                    self.write_batch(*pending, addresses, counts, progress)
                pending = (found, ahead)
            if pending is not None:
                self.write_batch(*pending, addresses, counts, progress)
        finally:
            if pool is not None:
                pool.terminate()
        progress.close()
        self.stdout.write(", ".join(f"{label} {counts[status]}" for status, label in SUMMARY))

    def write_batch(self, found: list, ahead, addresses, counts: Counter[str], progress: Progress) -> None:
        """One transaction for the batch (each message in its own savepoint, quarantined alone): one
        commit, one disk sync. An interrupted import loses at most the open batch, which importing
        again adds (the rest are duplicates)."""
        parsed = ahead.get() if ahead is not None else [None] * len(found)
        created: list[int] = []
        with transaction.atomic():
            outcomes = [
                (item.origin, receive_mail(item.raw, origin="import", addresses=addresses, analysis=created, parsed=ready))
                for item, ready in zip(found, parsed, strict=True)
            ]
            if created:  # one analysis task per batch, queued with its commit
                transaction.on_commit(lambda ids=created: analyse_imported_complaints(ids))
        for origin, outcome in outcomes:
            counts[outcome.status] += 1
            if outcome.status == InboundStatus.QUARANTINED:
                self.stderr.write(f"{origin}: quarantined ({outcome.mail.reason})", ending="\n")
            progress.message()

"""`doleances audit verify|anchor`: check every complaint's audit chain; copy the heads elsewhere."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from doleances.complaints.anchors import read_anchors, write_anchors
from doleances.complaints.events import verify_all_chains
from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.core import clock


class Command(BaseCommand):
    help = (
        "Audit trail tools. `verify` checks the keyed hash chain of every complaint's events (with "
        "--anchors, against the heads anchored in that file); `anchor` appends the chain heads to the "
        "anchor file in DOLEANCES_AUDIT_ANCHOR_DIR."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["verify", "anchor"])
        parser.add_argument("--all", action="store_true", help="report every broken chain, not only the first")
        parser.add_argument("--anchors", type=Path, help="anchor file (anchors.jsonl) to check the chains against")
        parser.add_argument("--directory", type=Path, help="anchor directory (default DOLEANCES_AUDIT_ANCHOR_DIR)")

    def handle(self, *args, action: str, **options) -> None:
        if action == "anchor":
            self.anchor(options["directory"] or settings.DOLEANCES_AUDIT_ANCHOR_DIR)
        else:
            self.verify(report_all=options["all"], anchors_file=options["anchors"])

    def anchor(self, directory: Path) -> None:
        run = write_anchors(directory, at=clock.now())
        self.stdout.write(f"Anchored {run.complaints} chain heads ({run.changed} new) in {run.path}\ndigest {run.digest}")
        if run.regressed:
            for reference in run.regressed:
                self.stdout.write(f"BROKEN {reference}: head moved back since it was anchored")
            raise CommandError("audit trail heads moved back", returncode=1)

    def verify(self, *, report_all: bool, anchors_file: Path | None) -> None:
        anchors = {}
        if anchors_file is not None:
            if not anchors_file.is_file():
                raise CommandError(f"no anchor file at {anchors_file}")
            log = read_anchors(anchors_file)
            for problem in log.problems:
                self.stdout.write(f"BROKEN anchor file {anchors_file}, {problem}")
            if log.problems:
                raise CommandError("anchor file inconsistent", returncode=1)
            anchors = log.anchored
        broken_count = 0
        for broken in verify_all_chains(anchors=anchors):
            broken_count += 1
            where = f"id {broken.event_id}" if broken.event_id is not None else "missing"
            self.stdout.write(
                f"BROKEN {broken.reference} event #{broken.sequence} ({where}): {broken.reason}\n"
                f"  expected hash {broken.expected_hash}\n"
                f"  found hash    {broken.found_hash}"
            )
            if not report_all:
                break
        if broken_count:
            raise CommandError("audit trail verification failed", returncode=1)
        events = ComplaintEvent.objects.count()
        self.stdout.write(f"OK: {events} events of {Complaint.objects.count()} complaints, every chain intact.")
        plain = ComplaintEvent.objects.filter(chain__isnull=True).count()
        if plain:
            self.stdout.write(f"{plain} of them are plain SHA-256 links from before the audit key, sealed by a keyed event.")
        if anchors_file is not None:
            self.stdout.write(f"Every head anchored in {anchors_file} ({len(anchors)} complaints) is still in its chain.")

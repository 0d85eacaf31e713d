"""`doleances audit verify`: walk every complaint's hash chain; exit 1 at the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from doleances.complaints.events import verify_all_chains
from doleances.complaints.models import Complaint, ComplaintEvent


class Command(BaseCommand):
    help = "Audit trail tools. `verify` checks the hash chain of every complaint's events."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--all", action="store_true", help="report every broken chain, not only the first")

    def handle(self, *args, action: str, all: bool, **options) -> None:
        broken_count = 0
        for broken in verify_all_chains():
            broken_count += 1
            self.stdout.write(
                f"BROKEN {broken.reference} event #{broken.sequence} (id {broken.event_id}): {broken.reason}\n"
                f"  expected hash {broken.expected_hash}\n"
                f"  found hash    {broken.found_hash}"
            )
            if not all:
                break
        if broken_count:
            raise CommandError("audit trail verification failed", returncode=1)
        self.stdout.write(
            f"OK: {ComplaintEvent.objects.count()} events of {Complaint.objects.count()} complaints, every chain intact."
        )

from django.core.management.base import BaseCommand

from doleances.complaints.models import Complaint
from doleances.demo.data import DEMO_PASSWORD, create_demo_data


class Command(BaseCommand):
    help = "Create demo users, teams, categories and about 60 complaints (French and English)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing when complaints already exist")
        parser.add_argument("--count", type=int, default=60)

    def handle(self, *args, if_empty: bool, count: int, **options) -> None:
        if if_empty and Complaint.objects.exists():
            self.stdout.write("Demo data: the database already has complaints, nothing added.")
        else:
            result = create_demo_data(count=count)
            self.stdout.write(
                f"Demo data: {result['complaints']} complaints created, {result['problems']} systemic problem(s) proposed."
            )
        # The address is printed by `doleances serve`, which knows where it listens.
        self.stdout.write(
            "Staff log in as “admin” (or “agent”, “bruno”, “claire”, “marc”, “quality”, “auditor”)"
            f" with the password “{DEMO_PASSWORD}”."
        )

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from doleances.complaints.models import Complaint
from doleances.demo.data import DEMO_PASSWORD, create_demo_data, demo_code


class Command(BaseCommand):
    help = "Create demo users, teams, categories and about 60 complaints (French and English)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing when complaints already exist")
        parser.add_argument("--count", type=int, default=60)
        parser.add_argument("--code", metavar="USERNAME", help="print the current sign-in code of a demo user (admin, claire)")

    def handle(self, *args, if_empty: bool, count: int, code: str | None, **options) -> None:
        if code:
            try:
                self.stdout.write(demo_code(code))
            except TOTPDevice.DoesNotExist:
                raise CommandError(f"“{code}” has no demo authenticator (only the demo's admin and claire have one).") from None
            return
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
            f" with the password “{DEMO_PASSWORD}”.\n"
            "“admin” and “claire” also need a second-step code: run “.venv/bin/doleances demo --code admin”"
            " in another terminal (a new code every 30 seconds)."
        )

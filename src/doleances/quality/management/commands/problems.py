"""`doleances problems detect [--today YYYY-MM-DD]`: run detection now and print the proposals."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from doleances.quality import services


class Command(BaseCommand):
    help = "Systemic problems. `detect` proposes problems from complaint surges and clusters."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["detect"])
        parser.add_argument("--today", help="last day of the detection window (default: today)")

    def handle(self, *args, action: str, today: str | None, **options) -> None:
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError("--today must be a date, YYYY-MM-DD") from None
        problems = services.detect_problems(today=day)
        for problem in problems:
            self.stdout.write(f"#{problem.pk} [{problem.status}] {problem.title}")
            self.stdout.write(f"  {problem.evidence.get('evidence_text', '')}")
        self.stdout.write(f"{len(problems)} problem(s) proposed.")

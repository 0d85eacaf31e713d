"""`doleances apikey create --name N [--team T ...] [--expires-days D]`, `apikey list`, `apikey revoke --name N`."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doleances.api.keys import create_api_key, revoke_api_key
from doleances.api.models import ApiKey
from doleances.complaints.models import Team
from doleances.core import clock
from doleances.core.errors import DoleancesError


class Command(BaseCommand):
    help = "Create, list and revoke API keys (one per integration)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = actions.add_parser("create", help="Create a key and print it once.")
        create.add_argument("--name", required=True, help="Unique name of the integration.")
        create.add_argument(
            "--team", action="append", default=[], help="Team (name or id) whose complaints the key sees; repeatable."
        )
        create.add_argument("--expires-days", type=int, default=None, help="Validity in days (default: no expiry).")
        actions.add_parser("list", help="List the keys (never the secrets).")
        revoke = actions.add_parser("revoke", help="Revoke a key for good.")
        revoke.add_argument("--name", required=True)

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_create(self, *, name: str, team: list[str], expires_days: int | None, **options) -> None:
        if expires_days is not None and expires_days <= 0:
            raise CommandError("--expires-days must be a positive number of days.")
        at = clock.now()
        teams = [self.find_team(value) for value in team]
        expires_at = at + timedelta(days=expires_days) if expires_days else None
        try:
            created = create_api_key(name=name, teams=teams, expires_at=expires_at, at=at)
        except DoleancesError as exc:
            raise CommandError(exc.message) from None
        self.stderr.write(f"API key “{name}” created. Copy it now: it will not be shown again.")
        self.stdout.write(created.secret)

    def handle_list(self, **options) -> None:
        at = clock.now()
        for api_key in ApiKey.objects.select_related("user").prefetch_related("user__teams"):
            teams = ", ".join(team.name for team in api_key.user.teams.all()) or "-"
            state = "active" if api_key.is_usable(at) else ("revoked" if api_key.revoked_at else "expired")
            last_used = api_key.last_used_at.isoformat(timespec="seconds") if api_key.last_used_at else "never"
            self.stdout.write(f"{api_key.name}\t{api_key.prefix}…\t{state}\tteams: {teams}\tlast used: {last_used}")

    def handle_revoke(self, *, name: str, **options) -> None:
        api_key = ApiKey.objects.filter(name=name).first()
        if api_key is None:
            raise CommandError(f"No API key named “{name}”.")
        revoke_api_key(api_key)
        self.stdout.write(f"API key “{name}” revoked.")

    @staticmethod
    def find_team(value: str) -> Team:
        team = Team.objects.filter(name=value).first()
        if team is None and value.isdigit():
            team = Team.objects.filter(pk=int(value)).first()
        if team is None:
            raise CommandError(f"No team named “{value}”.")
        return team

"""`doleances dbroles sql --owner O --app A --database D`: the SQL that creates the two roles."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doleances.core.dbroles import setup_script


class Command(BaseCommand):
    help = (
        "PostgreSQL roles: print the psql script (run it as a superuser) that creates the owner role "
        "(runs the migrations), the app role (may only SELECT and INSERT the audit trail) and the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["sql"])
        parser.add_argument("--owner", required=True, help="role that owns the tables and runs `doleances migrate`")
        parser.add_argument("--app", required=True, help="role the application connects as (DATABASE_URL)")
        parser.add_argument("--database", required=True, help="database name")

    def handle(self, *args: Any, owner: str, app: str, database: str, **options: Any) -> None:
        if owner == app:
            raise CommandError("the owner and the app role must be two different roles")
        try:
            self.stdout.write(setup_script(owner=owner, app=app, database=database), ending="")
        except ValueError as error:
            raise CommandError(str(error)) from None

"""`doleances migrate`, as the tables' owner when DOLEANCES_MIGRATION_DATABASE_URL is set.

The app itself connects (DATABASE_URL) as a role that may not alter tables nor rewrite the audit
trail; the migrations need the owner. After migrating, the owner re-applies the app role's
grants, so that the tables a migration created are granted and the trail stays append-only.
"""

from typing import Any

import environ
from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

from doleances.core.dbroles import grants_sql

CONNECTION_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> None:
        url = settings.DOLEANCES_MIGRATION_DATABASE_URL
        if not url or options["database"] != DEFAULT_DB_ALIAS:
            super().handle(*args, **options)
            return
        connection = connections[DEFAULT_DB_ALIAS]
        owner = environ.Env.db_url_config(url)
        if owner["ENGINE"] != connection.settings_dict["ENGINE"]:
            raise CommandError("DOLEANCES_MIGRATION_DATABASE_URL and DATABASE_URL must name the same kind of database")
        app_role = connection.settings_dict["USER"]
        saved = {key: connection.settings_dict[key] for key in CONNECTION_KEYS}
        connection.close()
        connection.settings_dict.update({key: owner.get(key, "") for key in CONNECTION_KEYS})
        try:
            super().handle(*args, **options)
            if connection.vendor == "postgresql" and app_role and app_role != owner.get("USER"):
                with connection.cursor() as cursor:
                    for statement in grants_sql(owner=owner["USER"], app=app_role):
                        cursor.execute(statement)
        finally:
            connection.close()
            connection.settings_dict.update(saved)

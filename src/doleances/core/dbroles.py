"""PostgreSQL roles: an owner that runs the migrations, an app role that may only append to the
audit trail. Pure (SQL text, no Django).

The app role owns nothing and is no superuser, so it cannot `ALTER TABLE ... DISABLE TRIGGER`,
`SET session_replication_role`, `TRUNCATE`, nor `UPDATE`/`DELETE` the audit events: the
append-only trigger stands between it and the trail, and no privilege lets it around.
"""

from __future__ import annotations

import re

# Tables the app role may only read and append to.
APPEND_ONLY_TABLES = ("complaints_complaintevent",)
# Tables the app role may only read (the migrations' own bookkeeping).
READ_ONLY_TABLES = ("django_migrations",)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def quoted(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a plain PostgreSQL name (letters, digits, underscores): {name!r}")
    return f'"{name}"'


def _literal(name: str) -> str:
    for part in name.split("."):
        quoted(part)  # validates
    return f"'{name}'"


def grants_sql(*, owner: str, app: str) -> list[str]:
    """What the owner runs in the database after each migration (idempotent): the app role gets
    full use of the ordinary tables and sequences, reads and appends only to the trail, and the
    tables that later migrations create are granted the same way."""
    o, a = quoted(owner), quoted(app)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {a}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {a}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {a}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {a}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {a}",
    ]
    for table, revoked in [
        *((table, "UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES") for table in APPEND_ONLY_TABLES),
        *((table, "INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES") for table in READ_ONLY_TABLES),
    ]:
        # The table exists only once migrated: the first run (before `migrate`) skips it.
        statements.append(
            f"DO $$ BEGIN IF to_regclass({_literal('public.' + table)}) IS NOT NULL "
            f"THEN REVOKE {revoked} ON {quoted(table)} FROM {a}; END IF; END $$"
        )
    return statements


def setup_script(*, owner: str, app: str, database: str) -> str:
    """A psql script, run once by a superuser: both roles, the database owned by the owner, the
    app role's grants. Safe to run again (after an upgrade, it re-applies the grants)."""
    o, a, d = quoted(owner), quoted(app), quoted(database)
    lines = [
        "-- Doléances: database roles. Run as a superuser:  ... | psql -v ON_ERROR_STOP=1",
        "DO $$ BEGIN",
        f"  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal(owner)}) THEN CREATE ROLE {o} LOGIN; END IF;",
        f"  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal(app)}) THEN CREATE ROLE {a} LOGIN; END IF;",
        "END $$;",
        f"ALTER ROLE {o} NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS;",
        f"ALTER ROLE {a} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;",
        f"SELECT 'CREATE DATABASE {d} OWNER {o}' WHERE NOT EXISTS "
        f"(SELECT FROM pg_database WHERE datname = {_literal(database)}) \\gexec",
        f"ALTER DATABASE {d} OWNER TO {o};",
        f"REVOKE ALL ON DATABASE {d} FROM PUBLIC;",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {d} TO {a};",
        f"\\connect {d}",
        f"ALTER SCHEMA public OWNER TO {o};",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
        f"SET ROLE {o};",
        *(f"{statement};" for statement in grants_sql(owner=owner, app=app)),
        "RESET ROLE;",
        f"-- Then give both roles a password (\\password {owner}, \\password {app}) and set",
        f"--   DATABASE_URL=postgres://{app}:...@host/{database}",
        f"--   DOLEANCES_MIGRATION_DATABASE_URL=postgres://{owner}:...@host/{database}",
    ]
    return "\n".join(lines) + "\n"

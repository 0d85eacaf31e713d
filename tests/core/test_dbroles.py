"""PostgreSQL: the app connects as a role that may only read and append to the audit trail; the
migrations run as the owner. Even a rogue app (or whoever steals its credentials) cannot rewrite,
delete or truncate the trail, nor switch its trigger off."""

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from doleances.core.dbroles import setup_script
from tests.fixtures.scratch import doleances, drop_database, environment, postgres_server, unique_name

APP_WRITES = """
from django.contrib.auth.models import User
from doleances.complaints.lifecycle import Action
from doleances.core.actors import SYSTEM
from doleances.complaints.models import Complaint
from doleances.complaints.services import add_internal_note, reply_to_customer, transition_complaint
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
complaint = receive_complaint(
    CustomerDetails(name="Jeanne Martin", email="jeanne.martin@example.org"),
    ComplaintDetails(subject="Colis jamais livré", description="Commande 4512 jamais reçue.", consent=True),
)
handler = User.objects.create_superuser("handler", "handler@staff.example", None)
transition_complaint(complaint, Action.QUALIFY, actor=SYSTEM)
reply_to_customer(complaint, body="Nous relançons le transporteur.", actor=handler)
print(complaint.reference, complaint.events.count())
"""


def test_dbroles_sql_refuses_names_that_would_need_quoting(capsys):
    with pytest.raises(CommandError, match="not a plain PostgreSQL name"):
        call_command("dbroles", "sql", "--owner", "owner", "--app", 'app"; DROP TABLE x; --', "--database", "d")


def test_dbroles_sql_makes_the_app_role_neither_owner_nor_superuser():
    script = setup_script(owner="dol_owner", app="dol_app", database="dol")
    assert 'ALTER ROLE "dol_app" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;' in script
    assert 'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON "complaints_complaintevent" FROM "dol_app"' in script


@pytest.fixture
def roles_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("database roles and privileges are PostgreSQL's (SQLite has no users)")
    server = postgres_server()
    owner, app, database = unique_name("dol_owner"), unique_name("dol_app"), unique_name("doleances_roles")
    script = doleances("dbroles", "sql", "--owner", owner, "--app", app, "--database", database, env=environment(tmp_path)).stdout
    server.psql(script)
    env = environment(tmp_path, server.url(database, app), DOLEANCES_MIGRATION_DATABASE_URL=server.url(database, owner))
    try:
        yield server, owner, app, database, env
    finally:
        drop_database(server, database)
        server.psql(f'DROP ROLE IF EXISTS "{app}", "{owner}"')


@pytest.mark.postgres_only
def test_the_app_role_can_run_the_app_but_cannot_rewrite_the_trail(roles_database):
    server, owner, app, database, env = roles_database
    doleances("migrate", "--noinput", "-v0", env=env)  # as the owner, then grants to the app role
    output = doleances("shell", "-c", APP_WRITES, env=env).stdout
    assert output.splitlines()[-1].endswith(" 4"), output  # received, acknowledged, qualified, message sent
    assert doleances("audit", "verify", env=env).stdout.startswith("OK: 4 events of 1 complaints")
    archive = env["DOLEANCES_DATA_DIR"] + "/backup.tar.gz"
    assert doleances("backup", "--output", archive, env=env).stdout.startswith("Backed up ")  # pg_dump as the app role

    refused = [
        "UPDATE complaints_complaintevent SET actor_label = 'x'",
        "DELETE FROM complaints_complaintevent",
        "TRUNCATE complaints_complaintevent CASCADE",
        "ALTER TABLE complaints_complaintevent DISABLE TRIGGER ALL",
        "SET session_replication_role = replica",
        "DROP TRIGGER complaintevent_append_only ON complaints_complaintevent",
        "CREATE TABLE shadow (id int)",
        "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())",
    ]
    as_app = server.url(database, app)
    for statement in refused:
        with psycopg.connect(as_app) as db, pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute(statement)
    with psycopg.connect(as_app, autocommit=True) as db:
        assert db.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").fetchone() == (False, False)
        assert db.execute("SELECT count(*) FROM complaints_complaintevent").fetchone() == (4,)
        owners = db.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'").fetchall()
    assert owners == [(owner,)]


@pytest.mark.postgres_only
def test_tables_of_later_migrations_are_granted_and_the_trail_stays_append_only(roles_database):
    server, _owner, app, database, env = roles_database
    doleances("migrate", "complaints", "0006", "--noinput", "-v0", env=env)
    doleances("migrate", "--noinput", "-v0", env=env)  # 0007 adds columns; later apps add tables
    privileges = server.psql(
        f"SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.table_privileges "
        f"WHERE grantee = '{app}' AND table_name IN ('complaints_complaintevent', 'core_outboxmessage') GROUP BY table_name "
        "ORDER BY table_name",
        database,
    )
    assert privileges.split() == ["INSERT,SELECT", "DELETE,INSERT,SELECT,UPDATE"]

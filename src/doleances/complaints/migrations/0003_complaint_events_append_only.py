"""The database itself refuses to change an audit event (the model refuses too)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER complaintevent_append_only_update BEFORE UPDATE ON complaints_complaintevent
       BEGIN SELECT RAISE(ABORT, 'complaint events are append-only'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS complaintevent_append_only_update"]
# On PostgreSQL deletes are refused too (TRUNCATE, used by test flushes, fires no row trigger).
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION doleances_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'complaint events are append-only' USING ERRCODE = 'restrict_violation'; END $$
       LANGUAGE plpgsql""",
    """CREATE TRIGGER complaintevent_append_only BEFORE UPDATE OR DELETE ON complaints_complaintevent
       FOR EACH ROW EXECUTE FUNCTION doleances_append_only()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS complaintevent_append_only ON complaints_complaintevent",
    "DROP FUNCTION IF EXISTS doleances_append_only()",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_role_groups")]
    operations = [migrations.RunPython(forwards, backwards)]

"""Substring index over customers' names and emails on SQLite (`complaints.search`, issue 16).

The list's search finds complaints whose customer's name or email contains what was typed. On
PostgreSQL the trigram indexes of migration 0005 serve it; SQLite had none and read the whole
customer table on every search (25-30 ms at 100,000 customers, 250 ms at 1,000,000). This adds an
FTS5 external-content table with the trigram tokenizer (SQLite 3.34+): a quoted string of three
characters or more matches any row containing it, case folded, through the index. Triggers keep it
in sync; it is filled from existing rows.

Caution for later migrations (as in 0005): on SQLite, Django rebuilds a table to alter most of its
columns or to add a NOT NULL one, and the rebuild drops its triggers. A migration that does so to
complaints_customer must run TRIGGERS again (tests/complaints/test_search.py checks they are there).
"""

from django.db import migrations

TABLE = """CREATE VIRTUAL TABLE complaints_customer_fts USING fts5(
    name, email,
    content='complaints_customer', content_rowid='id',
    tokenize='trigram'
)"""
TRIGGERS = [
    """CREATE TRIGGER complaints_customer_fts_insert AFTER INSERT ON complaints_customer BEGIN
        INSERT INTO complaints_customer_fts(rowid, name, email) VALUES (new.id, new.name, new.email);
    END""",
    """CREATE TRIGGER complaints_customer_fts_delete AFTER DELETE ON complaints_customer BEGIN
        INSERT INTO complaints_customer_fts(complaints_customer_fts, rowid, name, email)
        VALUES ('delete', old.id, old.name, old.email);
    END""",
    """CREATE TRIGGER complaints_customer_fts_update AFTER UPDATE OF name, email ON complaints_customer
    WHEN old.name IS NOT new.name OR old.email IS NOT new.email
    BEGIN
        INSERT INTO complaints_customer_fts(complaints_customer_fts, rowid, name, email)
        VALUES ('delete', old.id, old.name, old.email);
        INSERT INTO complaints_customer_fts(rowid, name, email) VALUES (new.id, new.name, new.email);
    END""",
]
FILL = "INSERT INTO complaints_customer_fts(complaints_customer_fts) VALUES ('rebuild')"
REVERSE = [
    "DROP TRIGGER IF EXISTS complaints_customer_fts_insert",
    "DROP TRIGGER IF EXISTS complaints_customer_fts_delete",
    "DROP TRIGGER IF EXISTS complaints_customer_fts_update",
    "DROP TABLE IF EXISTS complaints_customer_fts",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in [TABLE, *TRIGGERS, FILL]:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0012_kind_request_and_regulatory_profile")]
    operations = [migrations.RunPython(forwards, backwards)]

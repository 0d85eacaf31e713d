"""Full-text index over the subject and description of complaints (`complaints.search`).

SQLite: an FTS5 external-content table (the text stays in complaints_complaint; the index holds
only the words, accents and case folded) kept in sync by triggers, filled from existing rows.
PostgreSQL: a GIN index on the tsvector of the unaccented text; `doleances_unaccent` wraps
`unaccent` as IMMUTABLE, which an index expression requires (the dictionary never changes
under us: it ships with the extension). Trigram indexes serve the substring branches of the
same search (customer name and email as Django's icontains writes them, reference parts), so
that no branch reads a whole table. SQLite has no such index: there the customer branch reads
the customer table.

Caution for later migrations: on SQLite, Django rebuilds a table to alter most of its columns,
and the rebuild drops its triggers. A migration that alters complaints_complaint must recreate
the SQLITE_TRIGGERS below (tests/complaints/test_search.py checks they are there).
"""

from django.db import migrations

SQLITE_TABLE = """CREATE VIRTUAL TABLE complaints_complaint_fts USING fts5(
    subject, description,
    content='complaints_complaint', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
)"""
SQLITE_TRIGGERS = [
    """CREATE TRIGGER complaints_complaint_fts_insert AFTER INSERT ON complaints_complaint BEGIN
        INSERT INTO complaints_complaint_fts(rowid, subject, description)
        VALUES (new.id, new.subject, new.description);
    END""",
    """CREATE TRIGGER complaints_complaint_fts_delete AFTER DELETE ON complaints_complaint BEGIN
        INSERT INTO complaints_complaint_fts(complaints_complaint_fts, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
    END""",
    # Only when the text changes: status and assignment updates leave the index alone.
    """CREATE TRIGGER complaints_complaint_fts_update AFTER UPDATE OF subject, description ON complaints_complaint
    WHEN old.subject IS NOT new.subject OR old.description IS NOT new.description
    BEGIN
        INSERT INTO complaints_complaint_fts(complaints_complaint_fts, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
        INSERT INTO complaints_complaint_fts(rowid, subject, description)
        VALUES (new.id, new.subject, new.description);
    END""",
]
SQLITE_FILL = "INSERT INTO complaints_complaint_fts(complaints_complaint_fts) VALUES ('rebuild')"
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS complaints_complaint_fts_insert",
    "DROP TRIGGER IF EXISTS complaints_complaint_fts_delete",
    "DROP TRIGGER IF EXISTS complaints_complaint_fts_update",
    "DROP TABLE IF EXISTS complaints_complaint_fts",
]

# Must stay identical to `complaints.search.PG_DOCUMENT`, or queries stop using the index.
PG_DOCUMENT = "to_tsvector('simple'::regconfig, doleances_unaccent(COALESCE(subject, '') || ' ' || COALESCE(description, '')))"
# Expressions as Django writes `name__icontains` (UPPER(...::text) LIKE UPPER(%s)) and
# `reference__contains`, so that the planner can use them.
PG_TRIGRAM_INDEXES = [
    "CREATE INDEX customer_name_trgm_idx ON complaints_customer USING gin ((UPPER(name::text)) {trgm}.gin_trgm_ops)",
    "CREATE INDEX customer_email_trgm_idx ON complaints_customer USING gin ((UPPER(email::text)) {trgm}.gin_trgm_ops)",
    "CREATE INDEX complaint_reference_trgm_idx ON complaints_complaint USING gin (reference {trgm}.gin_trgm_ops)",
]
PG_REVERSE = [
    "DROP INDEX IF EXISTS complaint_reference_trgm_idx",
    "DROP INDEX IF EXISTS customer_email_trgm_idx",
    "DROP INDEX IF EXISTS customer_name_trgm_idx",
    "DROP INDEX IF EXISTS complaint_fulltext_idx",
    "DROP FUNCTION IF EXISTS doleances_unaccent(text)",
]


def _extension_schema(schema_editor, name: str) -> str:
    """The (quoted) schema an extension lives in, created if missing. Trusted extensions since
    PostgreSQL 13: the database owner may create them."""
    schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = %s",
            [name],
        )
        return cursor.fetchone()[0]


def _postgresql_forwards(schema_editor) -> None:
    schema = _extension_schema(schema_editor, "unaccent")
    trgm = _extension_schema(schema_editor, "pg_trgm")
    # Qualified names: an index expression must not depend on the search_path of the session.
    schema_editor.execute(
        f"""CREATE OR REPLACE FUNCTION doleances_unaccent(text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"""
    )
    schema_editor.execute(f"CREATE INDEX complaint_fulltext_idx ON complaints_complaint USING gin (({PG_DOCUMENT}))")
    for sql in PG_TRIGRAM_INDEXES:
        schema_editor.execute(sql.format(trgm=trgm))


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in [SQLITE_TABLE, *SQLITE_TRIGGERS, SQLITE_FILL]:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        _postgresql_forwards(schema_editor)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": PG_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_customer_annual_value")]
    operations = [migrations.RunPython(forwards, backwards)]

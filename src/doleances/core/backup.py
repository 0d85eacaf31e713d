"""Backups: one archive with a consistent copy of the database, the media folder (attachments) and
a manifest (row counts, SHA-256 of every file), taken while the app runs; and their restore.

Consistency: SQLite is copied by its online backup API in one step (a single read transaction:
writers carry on in WAL mode); PostgreSQL is dumped by `pg_dump --snapshot` inside a transaction
that counted the rows in that same snapshot. The media folder is copied after the database:
attachments are written before the transaction that records them commits and are never
removed, so every file the copied database refers to is already there.

The audit key is not in the archive (it must never sit next to the data): keep it apart, or
the restored trail cannot be verified.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from doleances.core.dbroles import grants_sql
from doleances.core.errors import DoleancesError

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Rows that a freshly migrated database already holds do not make it "not empty".
MEANINGFUL_TABLES = ("auth_user", "complaints_customer", "complaints_complaint", "complaints_complaintevent")


class BackupError(DoleancesError):
    pass


@dataclass(frozen=True)
class Restored:
    rows: dict[str, int]
    files: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _count(cursor: Any, tables: list[str]) -> dict[str, int]:  # a DB-API cursor: sqlite3's, psycopg's or Django's
    quote = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_environment(db: dict[str, Any]) -> dict[str, str]:
    env = {**os.environ, "PGHOST": db["HOST"] or "", "PGPORT": str(db["PORT"] or ""), "PGUSER": db["USER"] or ""}
    env["PGDATABASE"] = db["NAME"]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _dump_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # pages=-1: one step, one consistent read
        cursor = copy.cursor()
        return _count(cursor, _tables())
    finally:
        copy.close()


def _dump_postgresql(target: Path) -> dict[str, int]:
    import psycopg

    tables = _tables()
    # A connection of its own: the snapshot's transaction must start with this statement,
    # whatever Django's connection is in the middle of.
    with psycopg.connect(**connection.get_connection_params()) as snapshot_connection:
        cursor = snapshot_connection.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        row = cursor.fetchone()
        assert row is not None  # a SELECT of one function call: one row
        snapshot = row[0]
        rows = _count(cursor, tables)
        result = subprocess.run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--no-owner", "--no-privileges", f"--file={target}"],
            env=_pg_environment(connection.settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise BackupError("pg_dump_failed", f"pg_dump failed: {result.stderr.strip()}")
    return rows


def create_backup(output: Path, *, at: datetime) -> dict[str, Any]:
    """Write the archive at `output` (written beside it, then renamed: never half an archive)."""
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError("unsupported_database", f"no backup for {vendor} databases")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent) as staging:
        dump = Path(staging) / DUMPS[vendor]
        rows = _dump_sqlite(dump) if vendor == "sqlite" else _dump_postgresql(dump)
        files = {DUMPS[vendor]: sha256_of(dump)}
        partial = Path(staging) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=DUMPS[vendor])
            media = Path(settings.MEDIA_ROOT)
            for path in sorted(media.rglob("*")) if media.is_dir() else []:
                if path.is_file():
                    name = "media/" + path.relative_to(media).as_posix()
                    files[name] = sha256_of(path)
                    archive.add(path, arcname=name)
            manifest = {"format": FORMAT, "created_at": at.isoformat(), "vendor": vendor, "rows": rows, "files": files}
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(at.timestamp())
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, output)
    return manifest


def read_checked(archive_path: Path, into: Path) -> dict[str, Any]:
    """Extract the archive into `into` and check every file against the manifest."""
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            manifest_file = archive.extractfile(MANIFEST)
            if manifest_file is None:  # a folder (or a link to nothing) by the manifest's name
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(manifest_file.read())
            archive.extractall(into, filter="data")
    except (tarfile.TarError, KeyError, OSError, ValueError) as error:
        raise BackupError("unreadable_backup", f"{archive_path} is not a Doléances backup: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("unknown_format", f"unknown backup format {manifest.get('format')!r}")
    for name, expected in manifest["files"].items():
        path = into / name
        if not path.is_file() or sha256_of(path) != expected:
            raise BackupError("corrupt_backup", f"{name} in {archive_path} does not match its SHA-256 in the manifest")
    extra = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - set(manifest["files"]) - {MANIFEST}
    if extra:
        raise BackupError("corrupt_backup", f"files not in the manifest: {', '.join(sorted(extra))}")
    return manifest


def database_is_empty() -> bool:
    existing = set(_tables())
    with connection.cursor() as cursor:
        for table in MEANINGFUL_TABLES:
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return False
    return True


def media_is_empty() -> bool:
    media = Path(settings.MEDIA_ROOT)
    return not media.is_dir() or not any(path.is_file() for path in media.rglob("*"))


def _restore_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(dump: Path) -> None:
    owner = dict(connection.settings_dict)
    if settings.DOLEANCES_MIGRATION_DATABASE_URL:  # objects are created by, and belong to, the owner
        import environ

        owner.update(environ.Env.db_url_config(settings.DOLEANCES_MIGRATION_DATABASE_URL))
    connection.close()
    result = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={owner['NAME']}",
            str(dump),
        ],
        env=_pg_environment(owner),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError("pg_restore_failed", f"pg_restore failed: {result.stderr.strip()}")
    app = connection.settings_dict["USER"]
    if owner["USER"] and app and owner["USER"] != app:
        statements = "; ".join(grants_sql(owner=owner["USER"], app=app))
        subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-qc", statements], env=_pg_environment(owner), check=True)


def restore_backup(archive_path: Path, *, force: bool) -> Restored:
    """Replace the database and the media folder by the archive's. Refuses a target that holds
    data unless `force`; checks the whole archive before writing anything."""
    if not force and not (database_is_empty() and media_is_empty()):
        raise BackupError(
            "target_not_empty",
            "the database or the media folder already holds data; restore with --force to replace it",
        )
    with tempfile.TemporaryDirectory() as staging:
        manifest = read_checked(archive_path, Path(staging))
        if manifest["vendor"] != connection.vendor:
            raise BackupError("wrong_database", f"this backup is of a {manifest['vendor']} database, not {connection.vendor}")
        dump = Path(staging) / DUMPS[manifest["vendor"]]
        (_restore_sqlite if connection.vendor == "sqlite" else _restore_postgresql)(dump)
        media = Path(settings.MEDIA_ROOT)
        if (Path(staging) / "media").is_dir():
            shutil.rmtree(media, ignore_errors=True)
            shutil.copytree(Path(staging) / "media", media)
    with connection.cursor() as cursor:
        rows = _count(cursor, sorted(manifest["rows"]))
    if rows != manifest["rows"]:
        differ = sorted(table for table in rows if rows[table] != manifest["rows"][table])
        raise BackupError("rows_differ", f"row counts differ from the manifest in: {', '.join(differ)}")
    return Restored(rows, sum(1 for name in manifest["files"] if name.startswith("media/")))

"""`doleances backup [--output FILE]`: database, media and manifest in one archive, app running."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from doleances.core import clock
from doleances.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup API, or pg_dump in one snapshot) and the media folder "
        "into one .tar.gz with a manifest (row counts, SHA-256 of every file). Safe while the app runs. "
        "The audit key is not included: keep it apart."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="archive to write (default DATA_DIR/backups/doleances-<time>.tar.gz)")

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        at = clock.now()
        output = output or Path(settings.DATA_DIR) / "backups" / f"doleances-{at:%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = create_backup(output, at=at)
        except BackupError as error:
            raise CommandError(error.message) from None
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Backed up {rows} rows of {len(manifest['rows'])} tables and {media} media files to {output}")

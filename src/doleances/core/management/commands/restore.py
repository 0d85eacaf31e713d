"""`doleances restore FILE [--force]`: put a backup back, check it, then verify the audit trail."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from doleances.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `doleances backup` into the configured database and media folder. "
        "Every file is checked against the manifest first; a target that holds data is refused without "
        "--force. Row counts are compared with the manifest, then every audit chain is verified "
        "(with the audit key of the installation that made the backup)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="replace a database or media folder that holds data")

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        if not archive.is_file():
            raise CommandError(f"no backup at {archive}")
        try:
            restored = restore_backup(archive, force=force)
        except BackupError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"Restored {sum(restored.rows.values())} rows of {len(restored.rows)} tables (as counted in the manifest) "
            f"and {restored.files} media files from {archive}"
        )
        call_command("audit", "verify", stdout=self.stdout)

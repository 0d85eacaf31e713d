"""The `doleances` command: serve, worker, demo, and every Django management command."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doleances.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "doleances"
    if len(argv) > 1 and argv[1] == "worker":
        argv[1] = "run_huey"
    if len(argv) > 1 and argv[1] == "import-mail":
        argv[1] = "import_mail"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)

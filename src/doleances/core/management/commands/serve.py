"""`doleances serve`: the production web server (gunicorn) and the Huey worker, together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def served_url(host: str, port: int) -> str:
    """The address a browser on this machine reaches; a wildcard bind is reached on loopback."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"http://{bracketed(host)}:{port}"


class Command(BaseCommand):
    help = "Serve Doléances with gunicorn and run the background worker (unless --no-worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: 2 x cores + 1, at most 9)")
        parser.add_argument("--no-worker", action="store_true", help="serve the web part only")

    def handle(self, *args: Any, host: str, port: int, workers: int | None, no_worker: bool, **options: Any) -> None:
        workers = workers or min(2 * (os.cpu_count() or 1) + 1, 9)
        # Compressed, cache-friendly static files for WhiteNoise.
        call_command("collectstatic", interactive=False, verbosity=0)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "doleances.settings")}
        # Links in mail and in the API follow the served address unless the public one is set;
        # the web and worker processes both compose mail, so both get it.
        public_url = env.setdefault("DOLEANCES_PUBLIC_URL", served_url(host, port)).rstrip("/")
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "doleances.wsgi:application",
                    "--bind",
                    f"{bracketed(host)}:{port}",
                    "--workers",
                    str(workers),
                    "--threads",
                    "2",
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "20",
                    # Several servers may run on one machine (tests, benchmarks): no shared socket.
                    "--no-control-socket",
                ],
                env=env,
            )
        ]
        if not no_worker:
            children.append(subprocess.Popen([sys.executable, "-m", "doleances", "run_huey", "--quiet"], env=env))
        self.stdout.write(
            f"Doléances on http://{bracketed(host)}:{port}/ ({workers} web workers{'' if no_worker else ' + background worker'});"
            f" public address {public_url}/, staff log in at {public_url}/agent/"
        )

        def stop(signum: int | None, frame: FrameType | None) -> None:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            stop(None, None)
            for child in children:
                try:
                    child.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    child.kill()
        codes = [child.returncode for child in children]
        if any(code not in (0, -signal.SIGTERM) for code in codes):
            sys.exit(1)

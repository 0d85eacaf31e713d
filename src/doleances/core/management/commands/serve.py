"""`doleances serve`: the production web server (gunicorn) and the Huey worker, together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Doléances with gunicorn and run the background worker (unless --no-worker)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: 2 x cores + 1, at most 9)")
        parser.add_argument("--no-worker", action="store_true", help="serve the web part only")

    def handle(self, *args, host: str, port: int, workers: int | None, no_worker: bool, **options) -> None:
        workers = workers or min(2 * (os.cpu_count() or 1) + 1, 9)
        # Compressed, cache-friendly static files for WhiteNoise.
        call_command("collectstatic", interactive=False, verbosity=0)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "doleances.settings")}
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "doleances.wsgi:application",
                    "--bind",
                    f"{host}:{port}",
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
            f"Doléances on http://{host}:{port}/ ({workers} web workers{'' if no_worker else ' + background worker'})"
        )

        def stop(signum, frame) -> None:
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

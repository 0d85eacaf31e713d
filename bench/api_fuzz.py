"""A large schemathesis run against a real `doleances serve` (the suite runs a bounded one in-process).

    .venv/bin/python bench/api_fuzz.py                        # SQLite, 1000 cases per operation
    .venv/bin/python bench/api_fuzz.py --db postgres --max-examples 3000 --seed 7

A fresh data folder (and PostgreSQL database), migrations, an API key, the server on a free port
(rate limits lifted), then `st run` with every check except positive_data_acceptance (the domain
refuses some schema-valid bodies: a `web` complaint without consent, a future `received_at`). It
prints schemathesis's summary, whose "Test cases" line is the figure; the exit code is schemathesis's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from intake import Server  # bench/intake.py: the same fresh server

ST = Path(sys.executable).with_name("st")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--max-examples", type=int, default=1000, help="per operation, in the fuzzing phase")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    server = Server(args.db, workers=2)
    try:
        command = [
            str(ST),
            "run",
            f"http://127.0.0.1:{server.port}/api/schema/?format=json",
            "--header",
            f"Authorization: Bearer {server.api_key}",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            str(args.max_examples),
            "--seed",
            str(args.seed),
            "--continue-on-failure",
            "--no-color",
        ]
        return subprocess.run(command, check=False).returncode
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())

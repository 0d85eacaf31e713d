"""`doleances import-mail` throughput and memory on generated mbox files.

    .venv/bin/python bench/import_mail.py                  # 1,000 then 10,000 messages, SQLite
    .venv/bin/python bench/import_mail.py --sizes 2000 --db postgres

For each size: a fresh data folder (and database), migrations, an mbox of that many messages
(new complaints from many senders, replies quoting a reference, out-of-office replies, one message
in twenty sent twice), then `doleances import-mail --no-progress` in its own process. Prints
messages per second and the importer's peak resident memory (memory flat: compare the sizes).
Analysis is deferred to the worker, as in production: the import only queues it (no worker runs).
A benchmark, not a test: it asserts nothing about speed and stops by itself.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"
WORDS = [
    "commande",
    "livraison",
    "facture",
    "remboursement",
    "colis",
    "retard",
    "abonnement",
    "prélèvement",
    "technicien",
    "rendez-vous",
    "contrat",
    "résiliation",
    "compteur",
    "panne",
    "erreur",
    "montant",
    "client",
    "service",
    "réponse",
    "délai",
]


def message(n: int, rng: random.Random, year: int) -> bytes:
    mail = EmailMessage()
    sender = f"client{rng.randrange(3000)}@example.org"
    mail["From"] = f"Client {n} <{sender}>"
    mail["To"] = "reclamations@doleances.localhost"
    mail["Message-ID"] = f"<bench-{n}-{uuid.uuid4().hex[:8]}@example.org>"
    mail["Date"] = format_datetime(datetime.now(UTC))
    kind = rng.random()
    if kind < 0.1:
        mail["Subject"] = "Réponse automatique : Votre demande"
        mail["Auto-Submitted"] = "auto-replied"
    elif kind < 0.25 and n > 10:
        mail["Subject"] = f"Re: Votre demande REC-{year}-{rng.randrange(1, n // 2 + 2):06d}"
    else:
        mail["Subject"] = " ".join(rng.choice(WORDS) for _ in range(4)).capitalize()
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(30, 120)))
    mail.set_content(f"Bonjour,\n\n{text}.\n\nCordialement,\nClient {n}\n")
    return mail.as_bytes()


def write_mbox(path: Path, count: int, year: int) -> int:
    rng = random.Random(count)
    written = 0
    with path.open("wb") as handle:
        for n in range(count):
            raw = message(n, rng, year)
            copies = 2 if n % 20 == 19 else 1  # a message fetched twice
            for _ in range(copies):
                handle.write(b"From bench@example.org Mon Mar  2 09:00:00 2026\n")
                handle.write(raw.replace(b"\nFrom ", b"\n>From "))
                handle.write(b"\n")
                written += 1
    return written


INTAKE_TEAM = "from doleances.complaints.models import Team; Team.objects.create(name='Accueil', is_intake=True)"
# `doleances import-mail` in this process, which then prints its own peak resident memory (KiB).
MEASURED = """
import resource, sys
from doleances.cli import main
try:
    main(["doleances", "import-mail", "--no-progress", sys.argv[1]])
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)
"""


def doleances(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "doleances", *args], env=env, capture_output=True, text=True, timeout=7200)


def bench(size: int, db: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="doleances-bench-mail-") as folder:
        data = Path(folder)
        env = {**os.environ, "DOLEANCES_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "doleances.settings"}
        env.pop("DOLEANCES_HUEY_IMMEDIATE", None)
        env["DOLEANCES_ACKNOWLEDGEMENT_RATE"] = "1000/d"  # generated senders write often
        if db == "postgres":
            name = f"doleances_bench_mail_{os.getpid()}"
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
            env["DATABASE_URL"] = PG_URL.format(name=name)
        migrated = doleances(["migrate", "-v0"], env)
        if migrated.returncode:
            raise SystemExit(migrated.stderr)
        team = doleances(["shell", "-c", INTAKE_TEAM], env)
        if team.returncode:
            raise SystemExit(team.stderr)
        mbox = data / "bench.mbox"
        messages = write_mbox(mbox, size, time.gmtime().tm_year)
        start = time.perf_counter()
        result = subprocess.run([PYTHON, "-c", MEASURED, str(mbox)], env=env, capture_output=True, text=True, timeout=7200)
        elapsed = time.perf_counter() - start
        if result.returncode:
            raise SystemExit(result.stderr)
        return {
            "db": db,
            "messages": messages,
            "mbox_mib": mbox.stat().st_size / 2**20,
            "seconds": elapsed,
            "per_second": messages / elapsed,
            "cpu_seconds": float(result.stderr.strip().splitlines()[-1].split()[0]),
            "peak_rss_mib": int(result.stderr.strip().splitlines()[-1].split()[1]) / 1024,
            "load": os.getloadavg()[0],
            "summary": result.stdout.strip(),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    for size in args.sizes:
        row = bench(size, args.db)
        print(
            f"{row['db']:8} {row['messages']:6} messages ({row['mbox_mib']:.1f} MiB mbox): "
            f"{row['per_second']:6.0f} messages/s ({row['messages'] / row['cpu_seconds']:.0f} per CPU second), "
            f"{row['seconds']:.1f} s, peak RSS {row['peak_rss_mib']:.0f} MiB, load {row['load']:.1f}"
            f"  [{row['summary']}]",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Intake throughput and latency over HTTP against a real `doleances serve`.

    .venv/bin/python bench/intake.py                 # SQLite and PostgreSQL, 1 and 16 clients
    .venv/bin/python bench/intake.py --db sqlite --requests 200
    .venv/bin/python bench/intake.py --db sqlite --data-dir /work/benchdata/100k   # on a copy of it

For each database: a fresh data folder (and a fresh PostgreSQL database), or a copy of a folder
filled by bench/generate.py; migrations, an API key, then `doleances serve` (gunicorn + worker)
on a free loopback port. Each scenario sends a bounded number of complaints (real texts from
bench/corpus.py) through the API (POST /api/v1/complaints) and through the public form (GET /
then POST /), and prints complaints per second and p50/p99 latency of the POST.
A benchmark, not a test: it asserts nothing about speed and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import corpus
from _http import Client, cmdline, free_port, hidden_fields, tree, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run([PYTHON, "-m", "doleances", *args], env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"doleances {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fresh_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def copy_data_dir(source: str, target: str) -> None:
    """A working copy of a generated data folder (SQLite checkpointed first: the copy is whole)."""
    import sqlite3

    database = Path(source) / "doleances.sqlite3"
    if database.exists():
        with sqlite3.connect(database) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*-wal", "*-shm", "huey.sqlite3*"))


class Server:
    """`doleances serve` on a free port. `data_dir`: serve that folder (else a fresh one);
    `database_url`: that PostgreSQL database (else `db` says which fresh one)."""

    def __init__(
        self,
        db: str,
        workers: int,
        *,
        data_dir: str | None = None,
        database_url: str | None = None,
        log: str | None = None,
        wait: bool = True,
    ) -> None:
        self.data_dir = data_dir or tempfile.mkdtemp(prefix=f"doleances-bench-{db}-")
        self.env = {
            **os.environ,
            "DOLEANCES_DATA_DIR": self.data_dir,
            "DJANGO_SETTINGS_MODULE": "doleances.settings",
            # The load generator is one address sending hundreds of complaints: lift the limits.
            "DOLEANCES_PUBLIC_FORM_RATE": "1000000/m",
            "DOLEANCES_API_RATE": "1000000/m",
        }
        self.env.pop("DATABASE_URL", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        elif db == "postgres":
            fresh_postgres("doleances_bench")
            self.env["DATABASE_URL"] = PG_URL.format(name="doleances_bench")
        run(["migrate", "-v0"], self.env)
        out = run(["apikey", "create", "--name", f"bench-{uuid.uuid4().hex[:8]}"], self.env)
        self.api_key = re.search(r"(dol_[A-Za-z0-9_\-]+)", out).group(1)
        self.port = free_port()
        self.log = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (open while the server runs)
        self.process = subprocess.Popen(
            [PYTHON, "-m", "doleances", "serve", "--port", str(self.port), "--workers", str(workers)],
            env=self.env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        if wait:  # without: the caller looks at the workers before any request (memory), then waits
            self.wait()

    def wait(self) -> None:
        try:
            wait_until_up(self.port, "/healthz", process=self.process)
        except SystemExit:
            self.stop()
            raise

    def processes(self) -> dict[str, list[int]]:
        """Web processes (gunicorn master and workers) and the background worker (Huey)."""
        out: dict[str, list[int]] = {"web": [], "worker": []}
        for pid in tree(self.process.pid)[1:]:  # the `serve` process itself only waits
            out["worker" if "run_huey" in cmdline(pid) else "web"].append(pid)
        return out

    def web_workers(self) -> list[int]:
        """The gunicorn worker processes (children of the gunicorn master)."""
        return [p for p in self.processes()["web"] if "gunicorn" in cmdline(p) and not _is_master(p, self.process.pid)]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def _is_master(pid: int, serve_pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[1]) == serve_pid
    except OSError:
        return True


class Payloads:
    """Complaints to send: real texts, new customers (addresses nobody used yet)."""

    def __init__(self, seed: int = 7) -> None:
        self.texts = corpus.load_texts(seed=seed, french_pool=2000)
        self.ids = corpus.texts_by_language(self.texts)
        self.run = uuid.uuid4().hex[:6]

    def complaint(self, i: int) -> dict:
        rng = random.Random(i)
        text = self.texts[corpus.pick_text(self.texts, rng, self.ids)]
        who = corpus.person(10_000_000 + i, text.language, rng)
        letter = corpus.letter(text, who, rng)
        return {
            "customer": {"name": who.name, "email": who.email or f"bench.{self.run}.{i}@example.org", "language": text.language},
            "kind": "claim",
            "subject": text.subject[:200],
            "description": letter.description,
            "remedy_sought": corpus.remedy(text.language, rng) or "Remboursement",
            "claimed_amount": "54.90",
        }


def api_call(client: Client, key: str, complaint: dict) -> None:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    client.request("POST", "/api/v1/complaints", body=json.dumps(complaint).encode(), headers=headers, expect=(201,))


def form_call(client: Client, complaint: dict) -> float:
    """GET / then POST / as a browser does; returns the POST's latency."""
    fields = hidden_fields(client.get("/"))
    fields.pop("next", None)
    fields.pop("language", None)
    fields.update(
        name=complaint["customer"]["name"],
        email=complaint["customer"]["email"],
        kind="claim",
        subject=complaint["subject"],
        description=complaint["description"],
        remedy_sought=complaint["remedy_sought"],
        claimed_amount="54,90",
        consent="on",
    )
    start = time.perf_counter()
    client.post_form("/", fields)
    return time.perf_counter() - start


def scenario(server: Server, payloads: Payloads, target: str, clients: int, requests: int) -> dict:
    local = threading.local()
    counter = iter(range(10**9))
    lock = threading.Lock()

    def one(_: int) -> float:
        with lock:
            i = next(counter)
        if not hasattr(local, "client"):
            local.client = Client(server.port)
        complaint = payloads.complaint(i)
        if target == "api":
            start = time.perf_counter()
            api_call(local.client, server.api_key, complaint)
            return time.perf_counter() - start
        return form_call(local.client, complaint)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, range(min(clients * 2, 20))))  # warm-up: connections, caches
        start = time.perf_counter()
        latencies = sorted(pool.map(one, range(requests)))
        wall = time.perf_counter() - start
    return {
        "target": target,
        "clients": clients,
        "requests": requests,
        "complaints_per_second": round(requests / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", default="1,16")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: serve's own choice)")
    parser.add_argument("--data-dir", help="SQLite: run on a copy of this folder (made by bench/generate.py)")
    args = parser.parse_args()
    os.chdir(ROOT)
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    payloads = Payloads()
    results = []
    for db in databases:
        data_dir = None
        if args.data_dir and db == "sqlite":
            data_dir = tempfile.mkdtemp(prefix="doleances-bench-copy-")
            copy_data_dir(args.data_dir, data_dir)
        server = Server(db, args.workers or min(2 * (os.cpu_count() or 1) + 1, 9), data_dir=data_dir)
        try:
            for target in ("api", "form"):
                for clients in (int(c) for c in args.clients.split(",")):
                    row = {"db": db, **scenario(server, payloads, target, clients, args.requests)}
                    results.append(row)
                    print(
                        f"{db:8} {target:4} clients={clients:<3} {row['complaints_per_second']:>7} complaints/s"
                        f"  p50 {row['p50_ms']:>6} ms  p99 {row['p99_ms']:>7} ms",
                        flush=True,
                    )
        finally:
            server.stop()
            if data_dir:
                shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps({"intake": results, "cores": os.cpu_count()}))


if __name__ == "__main__":
    main()

"""Intake throughput and latency over HTTP against a real `doleances serve`.

    .venv/bin/python bench/intake.py                 # SQLite and PostgreSQL, 1 and 16 clients
    .venv/bin/python bench/intake.py --db sqlite --requests 200

For each database: a fresh data folder (and a fresh PostgreSQL database), migrations, an API key,
then `doleances serve` (gunicorn + worker) on a free loopback port. Each scenario sends a bounded
number of complaints through the API (POST /api/v1/complaints) and through the public form
(GET / then POST /), and prints complaints per second and p50/p99 latency of the POST.
A benchmark, not a test: it asserts nothing about speed and stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run([PYTHON, "-m", "doleances", *args], env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"doleances {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fresh_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Server:
    def __init__(self, db: str, workers: int) -> None:
        self.data_dir = tempfile.mkdtemp(prefix=f"doleances-bench-{db}-")
        self.env = {
            **os.environ,
            "DOLEANCES_DATA_DIR": self.data_dir,
            "DJANGO_SETTINGS_MODULE": "doleances.settings",
            # The load generator is one address sending hundreds of complaints: lift the limits.
            "DOLEANCES_PUBLIC_FORM_RATE": "1000000/m",
            "DOLEANCES_API_RATE": "1000000/m",
        }
        self.env.pop("DATABASE_URL", None)
        if db == "postgres":
            fresh_postgres("doleances_bench")
            self.env["DATABASE_URL"] = PG_URL.format(name="doleances_bench")
        run(["migrate", "-v0"], self.env)
        out = run(["apikey", "create", "--name", "bench"], self.env)
        self.api_key = re.search(r"(dol_[A-Za-z0-9_\-]+)", out).group(1)
        self.port = free_port()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "doleances", "serve", "--port", str(self.port), "--workers", str(workers)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("server did not start")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def complaint_json(i: int) -> dict:
    return {
        "customer": {"name": f"Client {i}", "email": f"client{i}@example.org"},
        "kind": "claim",
        "subject": "Prélèvement en double",
        "description": "J'ai été prélevé deux fois de 54,90 € le 5 mars pour la même facture. " * 8,
        "remedy_sought": "Remboursement",
        "claimed_amount": "54.90",
    }


def api_call(conn: http.client.HTTPConnection, key: str, i: int) -> float:
    body = json.dumps(complaint_json(i)).encode()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    start = time.perf_counter()
    conn.request("POST", "/api/v1/complaints", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    if response.status != 201:
        raise RuntimeError(f"API answered {response.status}")
    return elapsed


HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
ATTR = re.compile(r'(name|value)="([^"]*)"')


def form_call(conn: http.client.HTTPConnection, i: int) -> float:
    conn.request("GET", "/", headers={"Accept-Language": "fr"})
    page = conn.getresponse()
    html = page.read().decode()
    cookies = "; ".join(c.split(";", 1)[0] for c in page.headers.get_all("Set-Cookie") or [])
    fields = {}
    for tag in HIDDEN.findall(html.split('method="post"', 1)[-1] if 'method="post"' in html else html):
        attrs = dict(ATTR.findall(tag))
        if "name" in attrs and attrs["name"] not in ("next", "language"):
            fields[attrs["name"]] = attrs.get("value", "")
    data = complaint_json(i)
    fields.update(
        name=data["customer"]["name"],
        email=data["customer"]["email"],
        kind="claim",
        subject=data["subject"],
        description=data["description"],
        remedy_sought=data["remedy_sought"],
        claimed_amount="54,90",
        consent="on",
    )
    body = urlencode(fields).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookies,
        "Referer": f"http://{conn.host}:{conn.port}/",
    }
    start = time.perf_counter()
    conn.request("POST", "/", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    if response.status not in (302, 303):
        raise RuntimeError(f"form answered {response.status}")
    return elapsed


def scenario(server: Server, target: str, clients: int, requests: int) -> dict:
    local = threading.local()
    counter = iter(range(10**9))
    lock = threading.Lock()

    def one(_: int) -> float:
        with lock:
            i = next(counter)
        for attempt in range(3):
            if not hasattr(local, "conn"):
                local.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            try:
                if target == "api":
                    return api_call(local.conn, server.api_key, i)
                return form_call(local.conn, i)
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                # The server closed an idle keep-alive connection: reconnect and send again
                # (safe: the API call carries an Idempotency-Key, the form a one-time nonce).
                local.conn.close()
                del local.conn
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

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
    args = parser.parse_args()
    os.chdir(ROOT)
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = []
    for db in databases:
        server = Server(db, args.workers or min(2 * (os.cpu_count() or 1) + 1, 9))
        try:
            for target in ("api", "form"):
                for clients in (int(c) for c in args.clients.split(",")):
                    row = {"db": db, **scenario(server, target, clients, args.requests)}
                    results.append(row)
                    print(
                        f"{db:8} {target:4} clients={clients:<3} {row['complaints_per_second']:>7} complaints/s"
                        f"  p50 {row['p50_ms']:>6} ms  p99 {row['p99_ms']:>7} ms",
                        flush=True,
                    )
        finally:
            server.stop()
    print(json.dumps({"intake": results, "cores": os.cpu_count()}))


if __name__ == "__main__":
    main()

"""Doléances and django-helpdesk side by side on the same machine, data size and load driver.

    .venv/bin/python bench/side_by_side.py --size 100k            # the issue-16 table
    .venv/bin/python bench/side_by_side.py --size 10k --duration 5 --warmup 2 --rounds 1   # a quick check

What it does, every time the same way:
1. Doléances' data: the folder bench/generate.py fills (`--data-dir`, default
   $DOLEANCES_BENCH_ROOT/<size>; generated first when missing), served from a working copy.
2. The peer: django-helpdesk 2.6.1 installed from PyPI into a throw-away virtualenv under
   `--workdir` (never vendored; gunicorn at Doléances' own version), the minimal project in
   bench/peer/ (SQLite with Doléances' settings: WAL, synchronous=FULL, persistent connections),
   the same number of tickets made of the same texts (bench/peer/load_tickets.py), served from
   a working copy.
3. Both servers with 2 gunicorn workers: the peer's sync, ours as `doleances serve --workers 2`
   runs them (with its background worker). Memory of each web worker once booted and before any
   request, and the latency of the first request.
4. Scenarios, interleaved (peer then ours, ours then peer on the next round): public form GET +
   POST, API intake (ours only), agent list first page, keyword search, case page; at each
   concurrency (default 1 and 16 clients), a warm-up then `--duration` seconds measured.
   The peer's list and search are its page plus the DataTables request that fills it.
5. Prints per run req/s, p50, p95, errors, server CPU per request (from /proc: web processes,
   and ours' background worker, whose work after an intake run is waited for and counted), the
   driver's own CPU and the load average; then the ratio table of issue 16 (markdown) and the
   workers' memory after the runs. `--json FILE` keeps every figure.

Only loopback addresses are used; every run is bounded in time; both servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import generate
from _http import (
    Client,
    Run,
    cpu_seconds,
    drive,
    free_port,
    hidden_fields,
    login,
    memory,
    port_open,
    tree,
    wait_for_stable_memory,
)
from intake import Payloads, Server, api_call, copy_data_dir, form_call

BENCH = Path(__file__).resolve().parent
PEER_VERSION = "2.6.1"
SCENARIOS = ("form", "api", "list", "search", "case")
TITLES = {
    "form": "public form, GET + POST",
    "api": "API intake (POST)",
    "list": "agent list, first page",
    "search": "keyword search",
    "case": "case page",
}
# Words customers use, in both languages: each one is in a few per cent of the texts.
SEARCH_WORDS = ["fibre", "technicien", "remboursement", "résiliation", "mortgage", "escrow", "collection", "overdraft"]
SAMPLE = 300  # case pages visited, chosen at random among those the user may see


def search_word(n: int) -> str:
    return quote(SEARCH_WORDS[n % len(SEARCH_WORDS)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k", help="complaints and tickets: 10k, 100k, 1m")
    parser.add_argument("--data-dir", help="Doléances data folder (default $DOLEANCES_BENCH_ROOT/<size>)")
    parser.add_argument("--workdir", default="/tmp/doleances-side-by-side", help="peer virtualenv, peer data, working copies")
    parser.add_argument("--duration", type=float, default=20, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=5, help="unmeasured seconds before each run")
    parser.add_argument("--rounds", type=int, default=2, help="runs per system, scenario and concurrency (interleaved)")
    parser.add_argument("--clients", default="1,16")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--user", default="bench-agent", help="Doléances user of the agent scenarios (from generate.py)")
    parser.add_argument("--no-peer", action="store_true", help="measure Doléances alone")
    parser.add_argument("--json", help="write every figure to this file")
    args = parser.parse_args()
    total = generate.parse_size(args.size)
    label = generate.size_label(total)
    workdir = Path(args.workdir)
    (workdir / "run").mkdir(parents=True, exist_ok=True)
    data_dir = Path(args.data_dir or generate.BENCH_ROOT / label)
    if not (data_dir / "doleances.sqlite3").exists():
        print(f"generating {label} complaints into {data_dir}", flush=True)
        subprocess.run([sys.executable, str(BENCH / "generate.py"), str(total), "--data-dir", str(data_dir)], check=True)
    scenarios = [s for s in args.scenarios.split(",") if s]
    clients = [int(c) for c in args.clients.split(",")]
    systems: dict[str, System] = {}
    try:
        if not args.no_peer:
            peer_db = prepare_peer(workdir, total)
            systems["peer"] = Peer(workdir, peer_db)
        systems["ours"] = Ours(workdir, data_dir, user=args.user)
        for system in systems.values():
            system.start()
        report: dict = {"size": total, "cores": os.cpu_count(), "memory": {}, "runs": []}
        for name, system in systems.items():
            report["memory"][name] = {"before_first_request": system.memory_before, "first_request_ms": system.first_request_ms}
            system.prepare()
        print_memory(report["memory"], "before the first request")
        runs: dict[tuple[str, str, int], list[Run]] = {}
        for scenario in scenarios:
            for count in clients:
                for round_ in range(args.rounds):
                    order = list(systems) if round_ % 2 == 0 else list(systems)[::-1]
                    for name in order:
                        system = systems[name]
                        if not system.supports(scenario):
                            continue
                        run = system.measure(scenario, clients=count, seconds=args.duration, warmup=args.warmup)
                        runs.setdefault((scenario, name, count), []).append(run)
                        report["runs"].append(describe(scenario, name, run))
                        print_run(scenario, name, run, system)
        for name, system in systems.items():
            report["memory"][name]["after_runs"] = system.worker_memory()
        print()
        print_memory(report["memory"], "after the runs")
        report["summary"] = summarise(runs)
        print()
        print(ratio_table(report["summary"], clients, total))
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=1))
    finally:
        for system in systems.values():
            system.stop()


# -- the peer ---------------------------------------------------------------------------------
def prepare_peer(workdir: Path, total: int) -> Path:
    """The peer's virtualenv (made once) and its database of `total` tickets (loaded once)."""
    venv = workdir / "venv"
    if not (venv / "bin" / "gunicorn").exists():
        print(f"installing django-helpdesk {PEER_VERSION} into {venv}", flush=True)
        subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", str(venv)], check=True)
        gunicorn = importlib.metadata.version("gunicorn")
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", f"django-helpdesk=={PEER_VERSION}", f"gunicorn=={gunicorn}"], check=True
        )
    database = workdir / f"helpdesk-{generate.size_label(total)}.sqlite3"
    if not database.exists():
        print(f"loading {total} tickets into {database}", flush=True)
        partial = database.with_suffix(".loading")
        for leftover in workdir.glob(partial.name + "*"):
            leftover.unlink()
        env = peer_env(partial, workdir)
        subprocess.run([str(venv / "bin" / "python"), str(BENCH / "peer" / "load_tickets.py"), str(total)], env=env, check=True)
        checkpoint(partial)
        partial.replace(database)
    return database


def peer_env(database: Path, workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": f"{BENCH / 'peer'}:{BENCH}",
        "DJANGO_SETTINGS_MODULE": "helpdesk_bench.settings",
        "PEER_DATABASE": str(database),
        "PEER_MAIL_DIR": str(workdir / "run" / "peer-mail"),
    }


def checkpoint(database: Path) -> None:
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class System:
    """One server under test: started, prepared (sessions, samples), measured scenario by scenario."""

    name = ""
    login_path = ""
    memory_before: list[dict] = []
    first_request_ms = 0.0

    def supports(self, scenario: str) -> bool:
        return True

    def start(self) -> None:
        raise NotImplementedError

    def prepare(self) -> None:
        raise NotImplementedError

    def operation(self, scenario: str):
        raise NotImplementedError

    def processes(self) -> dict[str, list[int]]:
        raise NotImplementedError

    def web_workers(self) -> list[int]:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def settle(self) -> None:
        """Wait until the background work the run caused is done (nothing by default)."""

    def worker_memory(self) -> list[dict]:
        return [memory(p) for p in self.web_workers()]

    def client(self, *, signed_in: bool) -> Client:
        client = Client(self.port)
        if signed_in:
            client.cookies.update(self.session)
        return client

    def boot(self, first_path: str) -> None:
        """Memory of the web workers once booted, then the first request's latency."""
        self.memory_before = [memory(p) for p in wait_for_stable_memory(self.web_workers, count=2)]
        deadline = time.monotonic() + 60
        while not port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.2)
        start = time.perf_counter()
        Client(self.port).get(first_path)
        self.first_request_ms = round((time.perf_counter() - start) * 1000)

    def measure(self, scenario: str, *, clients: int, seconds: float, warmup: float) -> Run:
        signed_in = scenario in ("list", "search", "case")
        return drive(
            f"{self.name} {scenario}",
            self.operation(scenario),
            port=self.port,
            clients=clients,
            seconds=seconds,
            warmup=warmup,
            make_client=lambda: self.client(signed_in=signed_in),
            processes=self.processes,
            settle=self.settle if scenario in ("form", "api") else None,
        )


class Peer(System):
    name = "django-helpdesk"

    def __init__(self, workdir: Path, database: Path) -> None:
        self.workdir = workdir
        self.database = workdir / "run" / "helpdesk.sqlite3"
        for stale in (workdir / "run").glob("helpdesk.sqlite3*"):
            stale.unlink()
        shutil.copyfile(database, self.database)
        self.port = free_port()
        self.process = None

    def start(self) -> None:
        gunicorn = self.workdir / "venv" / "bin" / "gunicorn"
        command = [str(gunicorn), "helpdesk_bench.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"]
        command += ["--worker-class", "sync", "--access-logfile", "-", "--no-control-socket"]
        log = open(self.workdir / "run" / "peer.log", "w")  # noqa: SIM115 (open while the server runs)
        self.process = subprocess.Popen(
            command, env=peer_env(self.database, self.workdir), stdout=log, stderr=log, start_new_session=True, cwd=self.workdir
        )
        self.boot("/tickets/submit/")

    def prepare(self) -> None:
        client = Client(self.port)
        login(client, "/login/", "bench-staff", generate.BENCH_PASSWORD)
        self.session = dict(client.cookies)
        with sqlite3.connect(self.database) as db:
            self.ticket_ids = [row[0] for row in db.execute("SELECT id FROM helpdesk_ticket ORDER BY random() LIMIT ?", [SAMPLE])]
        self.payloads = Payloads(seed=11)

    def processes(self) -> dict[str, list[int]]:
        return {"web": tree(self.process.pid)}

    def web_workers(self) -> list[int]:
        return tree(self.process.pid)[1:]

    def supports(self, scenario: str) -> bool:
        return scenario != "api"  # helpdesk's API needs a staff account: not a customer's door

    def operation(self, scenario: str):
        return {"form": self._form, "list": self._list, "search": self._search, "case": self._case}[scenario]

    def _form(self, client: Client, n: int) -> None:
        page = client.get("/tickets/submit/")
        fields = hidden_fields(page)
        select = re.search(r'<select name="queue"[^>]*>(.*?)</select>', page, re.S)
        queues = re.findall(r'<option value="(\d+)"', select.group(1)) if select else []
        complaint = self.payloads.complaint(n)
        fields.update(
            queue=queues[n % len(queues)] if queues else "1",
            title=complaint["subject"],
            body=complaint["description"],
            priority="3",
            submitter_email=complaint["customer"]["email"],
        )
        client.post_form("/tickets/submit/", fields)

    def _table(self, client: Client, page: str) -> None:
        """What the browser asks next to fill the list: the DataTables request."""
        found = re.search(r'"url": "(/datatables_ticket_list/[^"]*)"', page)
        if found is None:
            raise RuntimeError("no DataTables URL in the ticket list")
        client.get(found.group(1) + "?draw=1&start=0&length=25")

    def _list(self, client: Client, n: int) -> None:
        self._table(client, client.get("/tickets/"))

    def _search(self, client: Client, n: int) -> None:
        self._table(client, client.get(f"/tickets/?q={search_word(n)}"))

    def _case(self, client: Client, n: int) -> None:
        client.get(f"/tickets/{self.ticket_ids[n % len(self.ticket_ids)]}/")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class Ours(System):
    name = "Doléances"

    def __init__(self, workdir: Path, data_dir: Path, *, user: str) -> None:
        self.copy = workdir / "run" / "doleances"
        print(f"copying {data_dir} to {self.copy}", flush=True)
        copy_data_dir(str(data_dir), str(self.copy))
        self.workdir = workdir
        self.user = user
        self.similar_shown = 0
        self.case_pages = 0

    def start(self) -> None:
        self.server = Server("sqlite", 2, data_dir=str(self.copy), log=str(self.workdir / "run" / "doleances.log"), wait=False)
        self.port = self.server.port
        self.boot("/")

    def prepare(self) -> None:
        client = Client(self.port)
        login(client, "/agent/login/", self.user, generate.BENCH_PASSWORD)
        self.session = dict(client.cookies)
        with sqlite3.connect(self.copy / "doleances.sqlite3") as db:
            query = """SELECT c.reference FROM complaints_complaint c
                       JOIN complaints_team_members m ON m.team_id = c.team_id
                       JOIN auth_user u ON u.id = m.user_id
                       WHERE u.username = ? ORDER BY random() LIMIT ?"""
            self.references = [row[0] for row in db.execute(query, [self.user, SAMPLE])]
        if not self.references:
            raise SystemExit(f"user {self.user} sees no complaint")
        self.payloads = Payloads(seed=11)

    def processes(self) -> dict[str, list[int]]:
        return self.server.processes()

    def web_workers(self) -> list[int]:
        return self.server.web_workers()

    def operation(self, scenario: str):
        return {"form": self._form, "api": self._api, "list": self._list, "search": self._search, "case": self._case}[scenario]

    def _form(self, client: Client, n: int) -> None:
        form_call(client, self.payloads.complaint(n))

    def _api(self, client: Client, n: int) -> None:
        api_call(client, self.server.api_key, self.payloads.complaint(n))

    def _list(self, client: Client, n: int) -> None:
        client.get("/agent/complaints/")

    def _search(self, client: Client, n: int) -> None:
        client.get(f"/agent/complaints/?q={search_word(n)}")

    def _case(self, client: Client, n: int) -> None:
        page = client.get(f"/agent/complaints/{self.references[n % len(self.references)]}/")
        self.case_pages += 1
        self.similar_shown += 'data-testid="similar"' in page

    def settle(self) -> None:
        """The analyses the run queued: wait until the background worker has been idle for 2 s."""
        worker = self.server.processes()["worker"]
        deadline = time.monotonic() + 300
        last, idle_since = sum(cpu_seconds(p) for p in worker), time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - idle_since < 2:
            time.sleep(0.5)
            now = sum(cpu_seconds(p) for p in worker)
            if now - last > 0.01:
                idle_since = time.monotonic()
            last = now

    def stop(self) -> None:
        if hasattr(self, "server"):
            self.server.stop()


# -- reporting --------------------------------------------------------------------------------
def describe(scenario: str, system: str, run: Run) -> dict:
    return {
        "scenario": scenario,
        "system": system,
        "clients": run.clients,
        "seconds": round(run.seconds, 1),
        "requests": run.requests,
        "per_second": round(run.per_second, 2),
        "p50_ms": round(run.p50, 1),
        "p95_ms": round(run.percentile(0.95), 1),
        "errors": len(run.errors),
        "first_errors": run.errors[:3],
        "server_cpu_s": {k: round(v, 2) for k, v in run.server_cpu.items()},
        "driver_cpu_percent": round(run.driver_cpu / run.seconds * 100, 1) if run.seconds else None,
        "load_average": round(run.load_average, 1),
        "latencies": [round(x * 1000, 2) for x in run.latencies],
    }


def print_run(scenario: str, name: str, run: Run, system: System) -> None:
    cpu = ", ".join(f"{kind} {run.cpu_ms_per_request(kind):.0f} ms" for kind in run.server_cpu)
    extra = ""
    if scenario == "case" and isinstance(system, Ours) and system.case_pages:
        extra = f"  (similar complaints shown on {system.similar_shown / system.case_pages:.0%} of case pages)"
    print(
        f"{scenario:7} {name:16} c={run.clients:<3} {run.per_second:7.1f} req/s  p50 {run.p50:7.1f} ms"
        f"  p95 {run.percentile(0.95):7.1f} ms  errors {len(run.errors)}  CPU/req: {cpu}"
        f"  driver {run.driver_cpu / run.seconds * 100:.0f}% of a core  load {run.load_average:.1f}{extra}",
        flush=True,
    )
    for error in run.errors[:2]:
        print(f"    error: {error}")


def summarise(runs: dict[tuple[str, str, int], list[Run]]) -> dict:
    """Per scenario, system and concurrency: mean req/s over the rounds, p50 and p95 over every
    request of every round, server CPU per request over all of them."""
    out: dict = {}
    for (scenario, system, clients), group in runs.items():
        latencies = sorted(x for run in group for x in run.latencies)
        requests = sum(run.requests for run in group)
        cpu: dict[str, float] = {}
        for run in group:
            for kind, seconds in run.server_cpu.items():
                cpu[kind] = cpu.get(kind, 0.0) + seconds
        out.setdefault(scenario, {}).setdefault(system, {})[clients] = {
            "per_second": statistics.mean(run.per_second for run in group),
            "rounds": [round(run.per_second, 2) for run in group],
            "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
            "p95_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000 if latencies else float("nan"),
            "cpu_ms_per_request": {k: v / requests * 1000 for k, v in cpu.items()} if requests else {},
            "errors": sum(len(run.errors) for run in group),
            "load_average": statistics.mean(run.load_average for run in group),
        }
    return out


def ratio_table(summary: dict, clients: list[int], total: int) -> str:
    head = " / ".join(f"c={c}" for c in clients)
    lines = [
        f"Side by side at {total:,} complaints / tickets, {os.cpu_count()} cores, load average during the runs "
        + ", ".join(f"{s}: {_mean_load(summary[s]):.1f}" for s in summary),
        "",
        f"| scenario | django-helpdesk {head} (req/s) | Doléances {head} (req/s) | Doléances server CPU per request |",
        "| --- | --- | --- | --- |",
    ]
    for scenario in SCENARIOS:
        if scenario not in summary:
            continue
        peer, ours = summary[scenario].get("peer", {}), summary[scenario].get("ours", {})
        peer_cell = " / ".join(f"{peer[c]['per_second']:.1f}" if c in peer else "—" for c in clients) if peer else "—"
        ours_cell = " / ".join(f"{ours[c]['per_second']:.1f}" if c in ours else "—" for c in clients)
        ratios = [
            f"{ours[c]['per_second'] / peer[c]['per_second']:.2f}×"
            for c in clients
            if c in ours and peer.get(c, {}).get("per_second")
        ]
        if ratios:
            ours_cell += f" ({' / '.join(ratios)} the peer)"
        cpu = ours.get(clients[0], {}).get("cpu_ms_per_request", {})
        cpu_cell = f"{cpu.get('web', 0):.0f} ms"
        if scenario in ("form", "api"):  # elsewhere the worker only polls its queue
            cpu_cell += f" (+{cpu.get('worker', 0):.0f} ms in the worker)"
        lines.append(f"| {TITLES[scenario]} | {peer_cell} | {ours_cell} | {cpu_cell} |")
    lines += [
        "",
        "| scenario | system | clients | req/s (rounds) | p50 ms | p95 ms | server CPU ms/req | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for scenario in SCENARIOS:
        for system in ("peer", "ours"):
            for c, row in sorted(summary.get(scenario, {}).get(system, {}).items()):
                cpu = ", ".join(f"{k} {v:.0f}" for k, v in row["cpu_ms_per_request"].items())
                who = "django-helpdesk" if system == "peer" else "Doléances"
                rounds = ", ".join(str(r) for r in row["rounds"])
                lines.append(
                    f"| {scenario} | {who} | {c} | {row['per_second']:.1f} ({rounds}) | {row['p50_ms']:.1f}"
                    f" | {row['p95_ms']:.1f} | {cpu} | {row['errors']} |"
                )
    return "\n".join(lines)


def _mean_load(by_system: dict) -> float:
    return statistics.mean(row["load_average"] for rows in by_system.values() for row in rows.values())


def print_memory(memory_report: dict, when: str) -> None:
    key = "before_first_request" if when.startswith("before") else "after_runs"
    for name, entry in memory_report.items():
        workers = entry.get(key, [])
        sizes = ", ".join(f"RSS {w['rss_mb']:.0f} MB (PSS {w['pss_mb']:.0f})" for w in workers)
        first = f"; first request {entry['first_request_ms']} ms" if key == "before_first_request" else ""
        print(f"web workers of {'django-helpdesk' if name == 'peer' else 'Doléances'} {when}: {sizes}{first}", flush=True)


if __name__ == "__main__":
    main()

"""Pieces shared by the HTTP benchmarks: a keep-alive client with cookies and form parsing, a
threaded load driver that measures itself, and /proc readings of server processes (CPU, memory).

Standard library only. The driver uses one `http.client` connection per thread (re-opened when a
server closes it, as gunicorn's sync workers do after every response): at the few hundred requests
per second these servers reach, it spends a few per cent of one core, which `Run.driver_cpu`
reports so that a saturated driver would show.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
_ATTR = re.compile(r'(name|value)="([^"]*)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HTTPError(RuntimeError):
    pass


class Client:
    """One connection (kept alive while the server allows) and its cookies."""

    def __init__(self, port: int, *, language: str = "fr", timeout: float = 60) -> None:
        self.port = port
        self.language = language
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None, expect=(200,)
    ) -> tuple[int, dict, str]:
        headers = {"Accept-Language": self.language, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                # The server closed an idle keep-alive connection before this request reached it.
                self.close()
                if attempt:
                    raise
        if response.will_close:
            self.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _eq, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        if response.status not in expect:
            raise HTTPError(f"{method} {path} answered {response.status}: {text[:300]}")
        return response.status, dict(response.headers), text

    def get(self, path: str, **kwargs) -> str:
        return self.request("GET", path, **kwargs)[2]

    def post_form(self, path: str, fields: dict, *, expect=(302, 303)) -> tuple[int, dict, str]:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{self.port}{path}"}
        return self.request("POST", path, body=urlencode(fields, doseq=True).encode(), headers=headers, expect=expect)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def hidden_fields(html: str, *, form_marker: str = 'method="post"') -> dict[str, str]:
    """The hidden inputs of the first POST form of a page (CSRF token, nonce)."""
    part = html.split(form_marker, 1)[-1] if form_marker in html else html
    part = part.split("</form>", 1)[0]
    fields = {}
    for tag in _HIDDEN.findall(part):
        attrs = dict(_ATTR.findall(tag))
        if "name" in attrs:
            fields[attrs["name"]] = attrs.get("value", "")
    return fields


def login(client: Client, path: str, username: str, password: str) -> None:
    """Sign in through a Django login form (CSRF token from the page, session cookie kept)."""
    fields = hidden_fields(client.get(path))
    fields.update(username=username, password=password)
    client.post_form(path, fields)


def wait_until_up(port: int, path: str, *, timeout: float = 120, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server on port {port} did not answer {path} in {timeout:.0f} s")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


# -- /proc ------------------------------------------------------------------------------------
def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += children(current)
    return out


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def cpu_seconds(pid: int, *, reaped: bool = True) -> float:
    """User + system CPU of a process (and of its children already reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if reaped else 0)
    return ticks / CLOCK_TICKS


def memory(pid: int) -> dict[str, float]:
    """RSS and PSS (shared pages divided among their sharers) in MB."""
    out = {"rss_mb": 0.0, "pss_mb": 0.0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                key, _colon, rest = line.partition(":")
                if key in ("Rss", "Pss"):
                    out[f"{key.lower()}_mb"] = round(int(rest.split()[0]) / 1024, 1)
    except OSError:
        pass
    return out


def wait_for_stable_memory(pids: Callable[[], list[int]], *, count: int, timeout: float = 90) -> list[int]:
    """Wait until `count` processes exist and none grew for a second (workers done booting)."""
    deadline = time.monotonic() + timeout
    last: list[float] = []
    while time.monotonic() < deadline:
        current = pids()
        sizes = [memory(p)["rss_mb"] for p in current]
        if len(current) == count and sizes == last:
            return current
        last = sizes
        time.sleep(1.0)
    return pids()


# -- the load driver --------------------------------------------------------------------------
@dataclass
class Run:
    label: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    driver_cpu: float = 0.0  # seconds of CPU the driver itself used
    server_cpu: dict[str, float] = field(default_factory=dict)  # seconds, per process kind
    load_average: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    def cpu_ms_per_request(self, kind: str) -> float:
        return self.server_cpu.get(kind, 0.0) / self.requests * 1000 if self.requests else float("nan")


def drive(
    label: str,
    operation: Callable[[Client, int], None],
    *,
    port: int,
    clients: int,
    seconds: float,
    warmup: float,
    make_client: Callable[[], Client],
    processes: Callable[[], dict[str, list[int]]] | None = None,
    settle: Callable[[], None] | None = None,
) -> Run:
    """`clients` threads each repeat `operation(client, n)` (n counts across threads): `warmup`
    seconds unmeasured, then `seconds` measured. Server CPU is read from /proc before and after,
    by kind of process (`processes()` → {"web": pids, "worker": pids}); `settle()`, when given,
    runs before the second reading (waiting for the background worker to finish what the run
    queued, so that its CPU counts with the requests that caused it)."""
    counter = iter(range(10**12))
    lock = threading.Lock()
    run = Run(label=label, clients=clients, seconds=seconds)
    phase = {"measuring": False, "stop": False}
    local_clients = [make_client() for _ in range(clients)]

    def worker(client: Client) -> None:
        while not phase["stop"]:
            with lock:
                n = next(counter)
            start = time.perf_counter()
            try:
                operation(client, n)
            except Exception as error:  # noqa: BLE001 (a failed request is counted, the run goes on)
                client.close()
                if phase["measuring"]:
                    run.errors.append(str(error)[:200])
                continue
            if phase["measuring"] and not phase["stop"]:
                run.latencies.append(time.perf_counter() - start)

    def server_cpu() -> dict[str, float]:
        if processes is None:
            return {}
        return {kind: sum(cpu_seconds(p) for p in pids) for kind, pids in processes().items()}

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in local_clients]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    run.load_average = os.getloadavg()[0]
    cpu_before, driver_before = server_cpu(), time.process_time()
    phase["measuring"] = True
    started = time.perf_counter()
    time.sleep(seconds)
    phase["stop"] = True
    run.seconds = time.perf_counter() - started
    for thread in threads:
        thread.join(timeout=120)
    run.driver_cpu = time.process_time() - driver_before
    if settle is not None:
        settle()
    cpu_after = server_cpu()
    run.server_cpu = {kind: cpu_after[kind] - cpu_before.get(kind, 0.0) for kind in cpu_after}
    for client in local_clients:
        client.close()
    return run

"""The counters' cache (embedded mode, no Redis): one SQLite file whose increments are atomic
across processes, so a rate limit holds exactly however many workers serve."""

from __future__ import annotations

import multiprocessing

import pytest
import time_machine
from django.test import RequestFactory

from doleances.core.counter_cache import SQLiteCounterCache


def test_add_get_incr_and_expiry(tmp_path):
    cache = SQLiteCounterCache(str(tmp_path / "counters.sqlite3"), {})

    assert cache.add("hits", 1, 60) is True
    assert cache.add("hits", 1, 60) is False  # already counting
    assert [cache.incr("hits"), cache.incr("hits", 5), cache.get("hits")] == [2, 7, 7]
    cache.set("other", {"a": [1, 2]}, 60)
    assert cache.get("other") == {"a": [1, 2]}
    assert cache.delete("other") is True
    assert cache.get("other", "gone") == "gone"


def test_an_expired_counter_starts_again(tmp_path):
    cache = SQLiteCounterCache(str(tmp_path / "counters.sqlite3"), {})
    with time_machine.travel(1_800_000_000, tick=False):
        cache.add("hits", 1, 60)
        cache.incr("hits")
    with time_machine.travel(1_800_000_061, tick=False):
        assert cache.get("hits") is None
        with pytest.raises(ValueError, match="not found"):
            cache.incr("hits")
        assert cache.add("hits", 1, 60) is True
        assert cache.get("hits") == 1


def _hit_the_form_limit(path: str, hits: int, start, results) -> None:
    """One process: the public form's rate limit as django-ratelimit applies it, `hits` times."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            CACHES={"counters": {"BACKEND": "doleances.core.counter_cache.SQLiteCounterCache", "LOCATION": path}},
            RATELIMIT_USE_CACHE="counters",
        )
        django.setup()
    from django_ratelimit.core import is_ratelimited

    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7")
    start.wait()
    allowed = 0
    for _ in range(hits):
        if not is_ratelimited(request, group="portal.complaint_form", key="ip", rate="30/h", method="POST", increment=True):
            allowed += 1
    results.put(allowed)


def test_four_processes_sharing_the_counters_let_exactly_the_limit_through(tmp_path):
    context = multiprocessing.get_context("spawn")  # fresh interpreters, as gunicorn workers are
    start, results = context.Barrier(4), context.Queue()
    path = str(tmp_path / "counters.sqlite3")
    workers = [context.Process(target=_hit_the_form_limit, args=(path, 25, start, results)) for _ in range(4)]
    for worker in workers:
        worker.start()
    allowed = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)

    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    assert sum(allowed) == 30  # of 100 posts; a per-process count would let up to 4 x 30 through


def _open_and_count(path: str, start, results) -> None:
    cache = SQLiteCounterCache(path, {})
    start.wait()
    try:
        cache.add("hits", 0, 60)
        results.put(cache.incr("hits"))
    except Exception as error:  # noqa: BLE001 (the test reports what a worker met)
        results.put(repr(error))


def test_workers_opening_a_new_counters_file_together_all_count(tmp_path):
    """gunicorn starts its workers together: each opens the file (and sets its journal mode) at
    once; none may fail with "database is locked"."""
    context = multiprocessing.get_context("spawn")
    for attempt in range(5):
        path = str(tmp_path / f"counters-{attempt}.sqlite3")
        start, results = context.Barrier(8), context.Queue()
        workers = [context.Process(target=_open_and_count, args=(path, start, results)) for _ in range(8)]
        for worker in workers:
            worker.start()
        counts = [results.get(timeout=120) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)

        assert sorted(counts, key=str) == list(range(1, 9))

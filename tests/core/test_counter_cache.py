"""The counters' cache (embedded mode, no Redis): one SQLite file whose increments are atomic
across processes, so a rate limit holds exactly however many workers serve."""

from __future__ import annotations

import pytest
import time_machine
from django.test import RequestFactory

from doleances.core.counter_cache import SQLiteCounterCache
from tests.fixtures.spawned import results_of_processes


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
    allowed, exit_codes = results_of_processes(_hit_the_form_limit, (str(tmp_path / "counters.sqlite3"), 25), 4)

    assert exit_codes == [0, 0, 0, 0]
    assert sum(allowed) == 30  # of 100 posts; a per-process count would let up to 4 x 30 through


def _first_use(path: str, start, results) -> None:
    from doleances.core.counter_cache import SQLiteCounterCache

    cache = SQLiteCounterCache(path, {})
    start.wait()
    results.put(cache.add("hits", 1, 60))


def test_workers_starting_together_on_a_fresh_file_all_count(tmp_path):
    """Each round: six processes open the same new file at once (as gunicorn's workers do on a
    fresh data folder); before, about one round in two had a worker answer "database is locked"."""
    rounds = [results_of_processes(_first_use, (str(tmp_path / f"round{n}.sqlite3"),), 6) for n in range(6)]

    assert [sorted(added) for added, _codes in rounds] == [[False] * 5 + [True]] * 6
    assert [codes for _added, codes in rounds] == [[0] * 6] * 6

"""The API's throttle counts in the shared counters: however many processes serve, exactly the
limit gets through (DRF's own throttle reads and writes back a list, and loses counts)."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings

from tests.fixtures.spawned import results_of_processes

REDIS_URL = "redis://127.0.0.1:6379/0"


def sqlite_counters(tmp_path) -> dict:
    return {"BACKEND": "doleances.core.counter_cache.SQLiteCounterCache", "LOCATION": str(tmp_path / "counters.sqlite3")}


def redis_counters(tmp_path) -> dict:  # as settings.py chooses when REDIS_URL is set
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": uuid.uuid4().hex}


def _hit_the_api_throttle(throttle_path: str, counters: dict, hits: int, start, results) -> None:
    """One process: the configured API throttle, as DRF applies it to each request, `hits` times."""
    import django
    from django.conf import settings

    settings.configure(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "counters": counters,
        },
        RATELIMIT_USE_CACHE="counters",
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
        REST_FRAMEWORK={"DEFAULT_AUTHENTICATION_CLASSES": [], "DEFAULT_THROTTLE_RATES": {"user": "100/h"}},
    )
    django.setup()
    from django.test import RequestFactory
    from django.utils.module_loading import import_string
    from rest_framework.request import Request

    throttle_class = import_string(throttle_path)
    start.wait()
    allowed = 0
    for _ in range(hits):
        request = Request(RequestFactory().get("/api/v1/complaints", REMOTE_ADDR="198.51.100.7"))
        allowed += throttle_class().allow_request(request, None)
    results.put(allowed)


@pytest.mark.parametrize("counters", [sqlite_counters, redis_counters])
def test_four_processes_let_exactly_the_api_limit_through(tmp_path, counters):
    [throttle_path] = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]

    allowed, exit_codes = results_of_processes(_hit_the_api_throttle, (throttle_path, counters(tmp_path), 50), 4)

    assert exit_codes == [0, 0, 0, 0]
    assert sum(allowed) == 100  # of 200 requests; counting per process, or get-then-set, lets more through

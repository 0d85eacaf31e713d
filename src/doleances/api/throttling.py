"""The API's rate limit per key (its service user), counted where the public form's limit is:
`CACHES["counters"]` (Redis when REDIS_URL is set, else one SQLite file shared by every worker).

DRF's own throttles keep a list of request times that each request reads, extends and writes
back (get, then set): two workers reading the same list both write it and one request is lost
from the count, so more than the limit gets through. Here every request is one atomic increment
of a fixed-window counter (django-ratelimit's, as for the form): exactly the limit passes."""

from __future__ import annotations

from django_ratelimit.core import get_usage
from rest_framework.throttling import UserRateThrottle

GROUP = "api.key"


class SharedUserRateThrottle(UserRateThrottle):
    """UserRateThrottle's rate ("user" in DEFAULT_THROTTLE_RATES) and identity, shared counting."""

    time_left = 0

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        usage = get_usage(request, group=GROUP, key=lambda _group, _request: ident, rate=self.rate, increment=True)
        if usage is None:  # RATELIMIT_ENABLE = False
            return True
        self.time_left = usage["time_left"]
        return not usage["should_limit"]

    def wait(self) -> float:
        return max(self.time_left, 1)

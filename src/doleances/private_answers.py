"""`Cache-Control: no-store` on every answer that carries personal data, so that no browser, proxy
or shared computer keeps a copy: staff pages, the administration, the API, and the customer's own
case pages. The public form stays cacheable by the browser, so that Back keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

PRIVATE_NAMESPACES = frozenset({"agent", "admin", "api"})
PRIVATE_VIEWS = frozenset({"portal:track", "portal:confirmation", "portal:attachment"})


def is_private(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:  # not routed (404 before any view): nothing personal in it
        return False
    return bool(PRIVATE_NAMESPACES.intersection(match.namespaces)) or match.view_name in PRIVATE_VIEWS


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_private(request):
            patch_cache_control(response, no_store=True)
        return response

"""How staff views answer htmx: the fragment it swaps in, or the whole page for a plain request.

A form that htmx posts gets back the fragment with the notice in it; the same form posted without
JavaScript gets a flash message and a redirect (post/redirect/get), so a reload never posts twice.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers


def wants_partial(request: HttpRequest) -> bool:
    """An htmx request for a fragment (a history restore needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_fragment_or_page(request: HttpRequest, *, fragment: str, page: str, context: dict, status: int = 200) -> HttpResponse:
    """`fragment` for htmx, `page` otherwise. The fragment always answers 200: htmx swaps only 2xx
    answers, and an error is shown inside the fragment."""
    partial = wants_partial(request)
    response = render(request, fragment if partial else page, context, status=200 if partial else status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def fragment_or_redirect(
    request: HttpRequest, notice: str, *, fragment: Callable[[], HttpResponse], to: str, **url_kwargs
) -> HttpResponse:
    """After a successful action: the fragment (which shows `notice`) for htmx; otherwise `notice`
    as a flash message and a redirect to the URL named `to`."""
    if wants_partial(request):
        response = fragment()
    else:
        messages.success(request, notice)
        response = redirect(to, **url_kwargs)
    patch_vary_headers(response, ["HX-Request"])
    return response

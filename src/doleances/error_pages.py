"""Error pages chosen by area: the API answers problem+json, staff pages (/agent/, /admin/) answer
with the staff layout and menu, everything else with the customer's pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from doleances.agent.signin import security_log
from doleances.api import django_errors as api_errors

STAFF_PREFIXES = ("/agent/", "/admin/")


def is_staff_area(request: HttpRequest) -> bool:
    return request.path.startswith(STAFF_PREFIXES)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if api_errors.is_api_request(request):
        return api_errors.page_not_found(request, exception)
    if is_staff_area(request):
        return render(request, "agent/404.html", status=404)
    return defaults.page_not_found(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    security_log.record("permission.refused", request, username=security_log.username_of(request))
    if api_errors.is_api_request(request):
        return api_errors.permission_denied(request, exception)
    if is_staff_area(request):
        return render(request, "agent/403.html", status=403)
    return defaults.permission_denied(request, exception)

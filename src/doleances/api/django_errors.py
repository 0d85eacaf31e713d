"""Django's own error pages (handler400/403/404/500) as problem+json under /api/.

Most API errors are answered by DRF's exception handler; these catch what happens outside it:
an exception no handler knows (500), a Host header refused or too many query fields
(SuspiciousOperation, 400), a body over DATA_UPLOAD_MAX_MEMORY_SIZE read outside the parser (413).
Other paths keep Django's HTML pages.
"""

from __future__ import annotations

import json

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views import defaults

from doleances.api.problems import PROBLEM_CONTENT_TYPE, problem_body

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _problem(status_code: int, type_slug: str, title: str, detail: str) -> HttpResponse:
    # Plain Django response: no DRF renderer runs here, and these must not fail.
    body = problem_body(status_code=status_code, type_slug=type_slug, title=title, detail=detail)
    return HttpResponse(json.dumps(body), status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not is_api_request(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return _problem(413, "request-too-large", "The request body is too large.", _("The request body is too large."))
    return _problem(400, "bad-request", "The request could not be understood.", _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not is_api_request(request):
        return defaults.permission_denied(request, exception)
    return _problem(403, "permission-denied", "You are not allowed to do this.", _("You are not allowed to do this."))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not is_api_request(request):
        return defaults.page_not_found(request, exception)
    return _problem(404, "not-found", "Not found.", _("Not found."))


def server_error(request: HttpRequest) -> HttpResponse:
    if not is_api_request(request):
        return defaults.server_error(request)
    # No detail from the exception: it may hold internal data; the log has it.
    detail = _("The server failed to answer this request; the error was logged.")
    return _problem(500, "server-error", "Internal server error.", detail)

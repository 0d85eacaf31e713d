"""Every API error as RFC 9457 `application/problem+json`.

`type` is a stable URI per kind of problem (clients switch on it), `title` a short summary,
`detail` the explanation for this occurrence; validation problems name each bad field in
`errors: [{"field": "customer.email", "code": "invalid_email", "message": "..."}]`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from doleances.core.errors import DoleancesError, all_errors

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://doleances.example/problems/"


def problem_type(slug: str) -> str:
    return PROBLEM_BASE + slug


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class IdempotencyConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This Idempotency-Key was already used with another request body."
    default_code = "idempotency_key_reused"


# Exception class -> (type slug, title). Checked in order: subclasses first.
_API_PROBLEMS: tuple[tuple[type[exceptions.APIException], str, str], ...] = (
    (exceptions.ValidationError, "validation-error", "Your request is not valid."),
    (exceptions.ParseError, "malformed-request", "The request body could not be read."),
    (exceptions.NotAuthenticated, "not-authenticated", "Authentication is required."),
    (exceptions.AuthenticationFailed, "invalid-api-key", "The API key was refused."),
    (exceptions.PermissionDenied, "permission-denied", "You are not allowed to do this."),
    (exceptions.NotFound, "not-found", "Not found."),
    (exceptions.MethodNotAllowed, "method-not-allowed", "Method not allowed."),
    (exceptions.NotAcceptable, "not-acceptable", "No acceptable representation."),
    (exceptions.UnsupportedMediaType, "unsupported-media-type", "Unsupported media type."),
    (exceptions.Throttled, "too-many-requests", "Too many requests."),
    (RequestTooLarge, "request-too-large", "The request body is too large."),
    (IdempotencyConflict, "idempotency-key-reused", "This Idempotency-Key was used for another request."),
)


def problem_body(*, status_code: int, type_slug: str | None, title: str, detail: str, **extra) -> dict:
    return {
        "type": problem_type(type_slug) if type_slug else "about:blank",
        "title": title,
        "status": status_code,
        "detail": detail,
        **extra,
    }


def problem_response(
    *, status_code: int, type_slug: str | None, title: str, detail: str, headers: dict | None = None, **extra
) -> Response:
    body = problem_body(status_code=status_code, type_slug=type_slug, title=title, detail=detail, **extra)
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def flatten_errors(detail: object, prefix: str = "") -> list[dict]:
    """DRF's nested error detail -> [{"field": "customer.email", "code": ..., "message": ...}]."""
    errors: list[dict] = []
    if isinstance(detail, Mapping):
        for name, value in detail.items():
            field = prefix if name == "non_field_errors" else (f"{prefix}.{name}" if prefix else str(name))
            errors += flatten_errors(value, field)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            nested = isinstance(value, Mapping | list)
            errors += flatten_errors(value, f"{prefix}[{index}]" if nested and value else prefix)
    else:
        errors.append({"field": prefix or None, "code": getattr(detail, "code", "invalid"), "message": str(detail)})
    return errors


def validation_problem(errors: list[dict], *, status_code: int = 400) -> Response:
    if len(errors) == 1:
        detail = f"{errors[0]['field']}: {errors[0]['message']}" if errors[0]["field"] else errors[0]["message"]
    else:
        detail = _("%(count)d fields are not valid.") % {"count": len(errors)}
    return problem_response(
        status_code=status_code, type_slug="validation-error", title="Your request is not valid.", detail=detail, errors=errors
    )


def domain_problem(exc: DoleancesError, *, field_names: Mapping[str, str] | None = None) -> Response:
    """A rule of the domain refused the request: 400 naming each bad field, or the exception's status."""
    names = field_names or {}
    refused = [(one.field and names.get(one.field, one.field), one) for one in all_errors(exc)]
    if exc.status == 400 and all(field for field, _one in refused):
        return validation_problem([{"field": field, "code": one.code, "message": one.message} for field, one in refused])
    slug = exc.code.replace("_", "-")
    return problem_response(status_code=exc.status, type_slug=slug, title=exc.message, detail=exc.message, code=exc.code)


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF exception handler (EXCEPTION_HANDLER) answering problem+json; None lets Django 500."""
    if isinstance(exc, DoleancesError):
        set_rollback()
        return domain_problem(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, RequestDataTooBig):  # over DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = RequestTooLarge()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if not isinstance(exc, exceptions.APIException):
        return None
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        return validation_problem(flatten_errors(exc.detail))
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
        if isinstance(exc, exceptions.AuthenticationFailed):
            headers["WWW-Authenticate"] += ', error="invalid_token"'
    if isinstance(exc, exceptions.Throttled):  # always says when to retry (the schema promises it)
        headers["Retry-After"] = str(max(int(exc.wait or 1), 1))
    slug, title = next(((s, t) for cls, s, t in _API_PROBLEMS if isinstance(exc, cls)), (None, ""))
    detail = exc.detail if not isinstance(exc.detail, list | dict) else flatten_errors(exc.detail)[0]["message"]
    return problem_response(
        status_code=exc.status_code, type_slug=slug, title=title or str(exc.default_detail), detail=str(detail), headers=headers
    )

"""What the OpenAPI schema promises about errors: each operation lists every problem+json it can answer."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from doleances.api.problems import PROBLEM_CONTENT_TYPE
from doleances.api.serializers import ProblemSerializer

_DESCRIPTIONS = {
    400: "The request is not valid: `errors` names each bad field or parameter.",
    401: "No API key, or a key that is unknown, revoked or expired.",
    404: "No such complaint among those this key can see.",
    406: "The `Accept` header excludes JSON.",
    409: "The request conflicts with the current state (e.g. an `Idempotency-Key` reused with another body).",
    413: "The body is larger than the server accepts.",
    415: "The body is not `application/json`.",
    429: "Too many requests for this key: wait `Retry-After` seconds.",
    500: "The server failed; the error was logged.",
}
# Every operation: a malformed request, authenticated, content-negotiated, rate-limited.
_EVERY_OPERATION = (400, 401, 406, 429, 500)
# An operation that reads a JSON body.
_WITH_BODY = (413, 415)


def problem_responses(*statuses: int, body: bool = False) -> dict:
    """`responses=` entries for these statuses (and those every operation can give)."""
    codes = sorted({*statuses, *_EVERY_OPERATION, *(_WITH_BODY if body else ())})
    return {(code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description=_DESCRIPTIONS[code]) for code in codes}


def response_header(name: str, kind: OpenApiTypes, statuses: list[int], description: str) -> OpenApiParameter:
    """A header these responses always carry (the schema test checks that it is there)."""
    return OpenApiParameter(name, kind, OpenApiParameter.HEADER, required=True, response=statuses, description=description)


RESPONSE_HEADERS = [
    response_header("Retry-After", OpenApiTypes.INT, [429], "Seconds to wait before the next request."),
    response_header(
        "WWW-Authenticate",
        OpenApiTypes.STR,
        [401],
        '`Bearer realm="doleances"`, with `error="invalid_token"` when a key was given.',
    ),
]

# The example reference of the documentation (the schema test files a complaint under it, so the
# generated requests reach an existing complaint, not only 404s).
EXAMPLE_REFERENCE = "REC-2026-000042"
REFERENCE = OpenApiParameter(
    "reference",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The complaint's reference, as `POST /api/v1/complaints` returned it.",
    examples=[OpenApiExample("A complaint", value=EXAMPLE_REFERENCE)],
)

"""`POST /api/v1/inbound/<source>`: a chat widget's or social-listening tool's signed webhook.

Not an API-key endpoint: the source's HMAC signature is the credential (intake.posts.signing).
Every refusal is problem+json and stores nothing; 201 for a new complaint, 200 for a post already
received (sent again with a new signature).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from doleances.api.problems import PROBLEM_CONTENT_TYPE, problem_body
from doleances.core.errors import DoleancesError
from doleances.intake.posts.services import CREATED, receive_signed_post
from doleances.intake.posts.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER

TITLES = {
    400: "The request body could not be read.",
    401: "The request is not signed by this source.",
    404: "Not found.",
    405: "Method not allowed.",
    409: "This request was already received.",
    413: "The request body is too large.",
    422: "The post could not be read.",
}


def problem(status: int, code: str, detail: str, *, field: str | None = None) -> JsonResponse:
    extra = {"code": code, **({"errors": [{"field": field, "code": code, "message": detail}]} if field else {})}
    body = problem_body(status_code=status, type_slug=code.replace("_", "-"), title=TITLES[status], detail=detail, **extra)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt
def inbound_post(request: HttpRequest, source: str) -> JsonResponse:
    if request.method != "POST":
        response = problem(405, "method_not_allowed", _("Send the post with POST."))
        response["Allow"] = "POST"
        return response
    too_large = problem(413, "request_too_large", _("The request body is too large."))
    if declared_length(request) > settings.DOLEANCES_MAX_WEBHOOK_BYTES:
        return too_large  # refused before a byte is read
    try:
        body = request.body
    except RequestDataTooBig:
        return too_large
    try:
        outcome = receive_signed_post(
            source,
            timestamp=request.headers.get(TIMESTAMP_HEADER, ""),
            signature=request.headers.get(SIGNATURE_HEADER, ""),
            body=body,
        )
    except DoleancesError as error:
        # Our own validation of the complaint (a 400 elsewhere) is a post we could not read.
        status = error.status if error.status != 400 or error.code == "malformed_json" else 422
        return problem(status, error.code, str(error.message), field=error.field)
    complaint = outcome.complaint
    return JsonResponse(
        {
            "status": outcome.status,
            "reference": complaint.reference,
            "channel": complaint.channel,
            "truncated": bool(outcome.truncated_from),
        },
        status=201 if outcome.status == CREATED else 200,
    )

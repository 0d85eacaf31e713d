"""Bounds on what one request may make the server read, hold or write (issue 13).

- `RequestSizeMiddleware` refuses a body whose declared length is over
  `DOLEANCES_MAX_REQUEST_BYTES` before anything reads it: a clear 413 page in the visitor's
  language (problem+json under /api/), nothing read, nothing written to disk.
- `BoundedUploadHandler` (first of `FILE_UPLOAD_HANDLERS`) counts the bytes actually received,
  so a body longer than it claimed is cut off at the same limit; it stops storing a file past
  `DOLEANCES_MAX_ATTACHMENT_BYTES` and any file past `DOLEANCES_MAX_ATTACHMENTS`. Such files
  reach the form as `RefusedUpload` placeholders (name and size, no content), so the intake
  checks refuse them with their usual clear messages and the typed text is shown again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from io import BytesIO
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # as Django reads it: an unreadable length means no body


def too_large_response(request: HttpRequest) -> HttpResponse:
    limit = filesizeformat(settings.DOLEANCES_MAX_REQUEST_BYTES)
    if request.path.startswith("/api/"):
        body = {
            "type": "https://doleances.example/problems/request-too-large",
            "title": _("The request body is too large."),
            "status": 413,
            "detail": _("At most %(limit)s can be sent in one request.") % {"limit": limit},
        }
        response = HttpResponse(json.dumps(body), status=413, content_type="application/problem+json")
    else:
        context = {
            "limit": limit,
            "max_files": settings.DOLEANCES_MAX_ATTACHMENTS,
            "max_file_size": filesizeformat(settings.DOLEANCES_MAX_ATTACHMENT_BYTES),
        }
        response = HttpResponse(render_to_string("413.html", context, request=request), status=413)
    # The unread body must not be taken for the next request on this connection.
    response["Connection"] = "close"
    return response


class RequestSizeMiddleware:
    """After LocaleMiddleware (the page speaks the visitor's language), before anything reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_length(request) > settings.DOLEANCES_MAX_REQUEST_BYTES:
            return too_large_response(request)
        if request.method == "POST" and request.content_type == "multipart/form-data":
            # Parsed here rather than by the CSRF check a moment later, so that a body cut off
            # by BoundedUploadHandler never reaches a view as a shorter, valid-looking form.
            request.POST  # noqa: B018
            if getattr(request, "upload_cut_off", False):
                return too_large_response(request)
        return self.get_response(request)


class RefusedUpload(UploadedFile):
    """A file the handler did not store: its name and the size received, no content."""

    def __init__(self, name: str | None, size: int, content_type: str | None) -> None:
        super().__init__(BytesIO(b""), name=name, content_type=content_type, size=size)


class BoundedUploadHandler(FileUploadHandler):
    def handle_raw_input(
        self, input_data: IO[bytes], META: dict[str, str], content_length: int, boundary: str, encoding: str | None = None
    ) -> None:
        self.received = 0
        self.files = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.files += 1
        self.file_bytes = 0
        self.storing = self.files <= settings.DOLEANCES_MAX_ATTACHMENTS

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.DOLEANCES_MAX_REQUEST_BYTES:
            # More than any accepted request: stop reading at once (nothing more is stored).
            assert self.request is not None  # Django gives every upload handler its request
            self.request.upload_cut_off = True  # type: ignore[attr-defined]  # the flag RequestSizeMiddleware reads
            raise StopUpload(connection_reset=True)
        self.file_bytes += len(raw_data)
        if self.file_bytes > settings.DOLEANCES_MAX_ATTACHMENT_BYTES:
            self.storing = False
        # None: the next handlers (memory, temporary file) do not get this chunk.
        return raw_data if self.storing else None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.storing:
            return None  # stored by the next handler
        return RefusedUpload(self.file_name, self.file_bytes, self.content_type)

"""Attachment download: only through a complaint the user may see (no IDOR)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from doleances.agent.guards import staff_required
from doleances.complaints import access
from doleances.complaints.models import Attachment


@staff_required
@require_GET
def download_attachment(request: HttpRequest, reference: str, attachment_id: int) -> FileResponse:
    complaint = access.get_complaint_for(request.user, reference)
    try:
        attachment = complaint.attachments.get(pk=attachment_id)
    except Attachment.DoesNotExist:
        raise Http404 from None
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(attachment.original_name, safe='')}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

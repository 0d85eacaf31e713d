"""Quarantined inbound mail: messages that could not be read or stored, kept with their bytes, for
administrators to look at and run through again (one by one here, or `doleances mail reprocess`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from doleances.agent.guards import administration_required
from doleances.intake.mail.services import reprocess_mail
from doleances.intake.models import InboundMail, InboundStatus
from doleances.intake.selectors import quarantined_mail

MAX_ROWS = 200
REASONS = {
    "too_large": gettext_lazy("Larger than the limit (DOLEANCES_MAX_INBOUND_MAIL_BYTES)"),
    "missing_sender": gettext_lazy("No sender address to answer"),
    "unparseable": gettext_lazy("Could not be read as a message"),
    "refused": gettext_lazy("Refused by the complaint checks"),
    "processing_failed": gettext_lazy("An error occurred while processing it"),
    "webhook_payload": gettext_lazy("The provider's post could not be unpacked"),
    "raw_missing": gettext_lazy("The stored message file is missing"),
}


@administration_required
@require_GET
def quarantine_list(request: HttpRequest) -> HttpResponse:
    rows = list(quarantined_mail()[:MAX_ROWS])
    for row in rows:
        row.reason_label = REASONS.get(row.reason, row.reason)
        row.detail_text = detail_text(row)
    return render(request, "agent/quarantine.html", {"rows": rows, "limit": MAX_ROWS})


def detail_text(mail: InboundMail) -> str:
    """The detail in the reader's language where we wrote it (sizes), else as recorded (a parser's
    technical message, or the refusal already told in the desk's language)."""
    if mail.reason == "too_large":
        return _("%(size)s; the limit is %(limit)s") % {
            "size": filesizeformat(mail.size),
            "limit": filesizeformat(settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES),
        }
    return mail.detail


def _quarantined(pk: int) -> InboundMail:
    mail = quarantined_mail().filter(pk=pk).first()
    if mail is None:
        raise Http404
    return mail


@administration_required
@require_POST
def quarantine_reprocess(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = reprocess_mail(_quarantined(pk))
    if outcome.status == InboundStatus.QUARANTINED:
        messages.error(
            request,
            _("Message #%(id)s is still in quarantine: %(reason)s.")
            % {"id": pk, "reason": REASONS.get(outcome.mail.reason, outcome.mail.reason)},
        )
    else:
        messages.success(
            request, _("Message #%(id)s processed: %(status)s.") % {"id": pk, "status": InboundStatus(outcome.status).label}
        )
    return redirect("agent:quarantine")


@administration_required
@require_GET
def quarantine_raw(request: HttpRequest, pk: int) -> FileResponse:
    """The message as received, as a file to save (never shown in the browser)."""
    mail = _quarantined(pk)
    try:
        handle = mail.raw.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type="application/octet-stream", as_attachment=True, filename=f"message-{mail.pk}.eml"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""Supervision pages: the mail we sent (default mode) and the outbox (pending and dead rows).

A supervisor who does not see every complaint sees only the mail and rows of complaints they
may see (guarantee 4); mail without a complaint reference is for those who see everything.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from doleances.agent import sent_mail
from doleances.agent.guards import supervision_required
from doleances.complaints import access
from doleances.core import clock, outbox
from doleances.core.errors import DoleancesError
from doleances.core.models import OutboxMessage, OutboxStatus

MAX_OUTBOX_ROWS = 200


def _visible_references(user, references: set[str]) -> set[str]:
    if access.sees_everything(user):
        return references
    return set(access.visible_complaints(user).filter(reference__in=references).values_list("reference", flat=True))


@supervision_required
@require_GET
def sent_mail_list(request: HttpRequest) -> HttpResponse:
    def keep(summaries: list[sent_mail.MailSummary]) -> list[sent_mail.MailSummary]:
        if access.sees_everything(request.user):
            return summaries
        allowed = _visible_references(request.user, {m.reference for m in summaries})
        return [m for m in summaries if m.reference in allowed]

    page = sent_mail.mail_page(keep=keep, after=request.GET.get("after", ""), before=request.GET.get("before", ""))
    return render(request, "agent/sent_mail_list.html", {"mails": page.mails, "page": page})


@supervision_required
@require_GET
def sent_mail_detail(request: HttpRequest, name: str) -> HttpResponse:
    mail = sent_mail.read_mail(name)
    if mail is None:
        raise Http404
    if not access.sees_everything(request.user) and not _visible_references(request.user, {mail.summary.reference}):
        raise Http404
    return render(request, "agent/sent_mail_detail.html", {"mail": mail})


def outbox_rows(user) -> QuerySet[OutboxMessage]:
    rows = OutboxMessage.objects.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.DEAD])
    if not access.sees_everything(user):
        rows = rows.filter(complaint_reference__in=access.visible_complaints(user).values("reference"))
    return rows.order_by("-created_at", "-id")


@supervision_required
@require_GET
def outbox_list(request: HttpRequest) -> HttpResponse:
    rows = list(outbox_rows(request.user)[:MAX_OUTBOX_ROWS])
    return render(request, "agent/outbox.html", {"rows": rows, "limit": MAX_OUTBOX_ROWS})


@supervision_required
@require_POST
def outbox_retry(request: HttpRequest, row_id: int) -> HttpResponse:
    try:
        row = outbox_rows(request.user).get(pk=row_id)
    except OutboxMessage.DoesNotExist:
        raise Http404 from None
    try:
        outbox.retry(row, at=clock.now())
    except DoleancesError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Message #%(id)s will be sent again.") % {"id": row.pk})
    return redirect("agent:outbox")

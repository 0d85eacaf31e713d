"""Bulk work from the complaint list: the ticked cases, one action, a summary of what was done
and what was refused with the reason (`routing.bulk` applies it case by case)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from doleances.agent.forms import BulkForm
from doleances.agent.guards import staff_required
from doleances.complaints import selectors
from doleances.core.errors import DoleancesError
from doleances.routing.bulk import BulkAction, apply_to_many


@staff_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    summary, status = None, 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            summary = apply_to_many(
                request.user,
                data["references"],
                action=data["action"],
                assignee=data["assignee"],
                team=data["team"],
                priority=data["priority"],
                reason=data["reason"],
                tag=data["tag"],
            )
        except DoleancesError as error:
            form.add_service_error(error)
            status = error.status
    else:
        status = 400
    context = {
        "form": form,
        "summary": summary,
        "action_label": dict(BulkAction.choices).get(form.data.get("action", ""), ""),
        "team_choices": selectors.teams_for_filter(request.user),
    }
    return render(request, "agent/bulk_result.html", context, status=status)

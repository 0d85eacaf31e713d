"""The complaint list: filters, quick views and keyset pagination (htmx partial or full page)."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest, HttpResponse

from doleances.agent.forms import FilterForm
from doleances.agent.guards import staff_required
from doleances.agent.htmx import render_fragment_or_page, wants_partial
from doleances.agent.pagination import keyset_page
from doleances.complaints import access, queues, selectors
from doleances.core import clock

# Quick views: the query string each one stands for.
QUICK_VIEWS = {
    "mine": {"assignee": "me", "open": "on"},
    "unassigned": {"assignee": "none", "open": "on"},
    "overdue": {"overdue": "on"},
}


def current_quick_view(params) -> str:
    given = {key: value for key, value in params.items() if key not in ("after", "before") and value}
    for name, wanted in QUICK_VIEWS.items():
        if given == wanted:
            return name
    return ""


@staff_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    at = clock.now()
    form = FilterForm(request.GET or None, teams=selectors.teams_for_filter(user), people=selectors.people_for_filter(user))
    filters = form.to_filters() if form.is_bound else selectors.ComplaintFilters()
    queryset = selectors.complaints_for_agent(user, filters, at=at)
    page = keyset_page(
        queryset,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        row=partial(selectors.complaint_row, at=at),
        order=selectors.SORTS[selectors.sort_of(filters)],
    )
    params = request.GET.copy()
    for key in ("after", "before"):
        params.pop(key, None)
    context = {
        "form": form,
        "page": page,
        "filter_query": params.urlencode(),
        "quick_view": current_quick_view(request.GET),
        "sort": selectors.sort_of(filters),
        "is_filtered": any(value for key, value in params.items()),
    }
    context["partial"] = wants_partial(request)
    if not context["partial"] and access.is_administrator(user):
        context["intake_problem"] = queues.intake_problem()
    return render_fragment_or_page(
        request, fragment="agent/_complaint_results.html", page="agent/complaint_list.html", context=context
    )

"""The complaint list: filters, quick views and keyset pagination (htmx partial or full page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from doleances.agent.forms import FilterForm
from doleances.agent.guards import staff_required
from doleances.agent.htmx import render_fragment_or_page, wants_partial
from doleances.agent.list_rows import list_labels, list_row_maker
from doleances.agent.pagination import keyset_page
from doleances.answers.selectors import with_failed_delivery
from doleances.complaints import access, queues, selectors
from doleances.core import clock

# Quick views: the query string each one stands for.
QUICK_VIEWS = {
    "mine": {"assignee": "me", "open": "on"},
    "unassigned": {"assignee": "none", "open": "on"},
    "overdue": {"overdue": "on"},
    "internal": {"requester": "internal", "open": "on"},  # issue 17
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
    # Issue 20: whether a mail of each case was not delivered, read in the page's own query.
    queryset = with_failed_delivery(selectors.complaints_for_agent(user, filters, at=at))
    line, labels = list_row_maker(at=at), selectors.choice_labels()
    undelivered: set[str] = set()

    def row(complaint):
        if complaint.has_failed_delivery:
            undelivered.add(complaint.reference)
        return line(selectors.complaint_row(complaint, at=at, labels=labels))

    page = keyset_page(
        queryset,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        row=row,
        order=selectors.SORTS[selectors.sort_of(filters)],  # issue 19: due first, newest, oldest
    )
    params = request.GET.copy()
    for key in ("after", "before"):
        params.pop(key, None)
    context = {
        "form": form,
        "page": page,
        "labels": list_labels(),
        "filter_query": params.urlencode(),
        "quick_view": current_quick_view(request.GET),
        "sort": selectors.sort_of(filters),
        "is_filtered": any(value for key, value in params.items()),
        "undelivered": undelivered,
    }
    context["partial"] = wants_partial(request)
    if not context["partial"] and access.is_administrator(user):
        context["intake_problem"] = queues.intake_problem()
    return render_fragment_or_page(
        request, fragment="agent/_complaint_results.html", page="agent/complaint_list.html", context=context
    )

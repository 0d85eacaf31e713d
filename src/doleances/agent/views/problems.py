"""Systemic problems ("dérives générales"): the list, one problem with its evidence, and the
decision (confirm, dismiss, close).

Quality managers, supervisors and administrators decide; auditors read. Linked complaints are
fetched through `visible_complaints` by the selectors.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from doleances.agent.guards import _guard
from doleances.core.errors import DoleancesError
from doleances.quality import selectors, services
from doleances.quality.access import may_decide_problems, may_view_problems
from doleances.quality.models import ProblemStatus

# The agent guard (login redirect, else 403 page) with the quality rules.
problems_viewer_required = _guard(may_view_problems)
problems_decider_required = _guard(may_decide_problems)
DONE = {
    "confirm": _("Problem confirmed: a corrective action plan is needed."),
    "dismiss": _("Problem dismissed."),
    "close": _("Problem closed."),
}


@problems_viewer_required
@require_GET
def problem_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ProblemStatus.values:
        status = ""
    problems = selectors.problem_rows(request.user, status=status)
    context = {
        "problems": problems,
        "status": status,
        "counts": selectors.status_counts(request.user),
        "statuses": ProblemStatus.choices,
        "limit": selectors.MAX_LIST,
    }
    return render(request, "agent/problem_list.html", context)


def _detail_context(request: HttpRequest, problem) -> dict:
    user = request.user
    can_decide = may_decide_problems(user)
    return {
        "problem": problem,
        "significance": selectors.significance(problem),
        "complaints": selectors.linked_complaints_for(user, problem),
        "events": selectors.events_of(problem),
        "can_decide": can_decide,
        "decisions": services.allowed_decisions(problem.status) if can_decide else [],
    }


@problems_viewer_required
@require_GET
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    problem = selectors.get_problem_for(request.user, pk)
    return render(request, "agent/problem_detail.html", _detail_context(request, problem))


@problems_decider_required
@require_POST
def problem_decide(request: HttpRequest, pk: int) -> HttpResponse:
    problem = selectors.get_problem_for(request.user, pk)
    decision = request.POST.get("decision", "")
    try:
        services.decide_problem(problem, decision, actor=request.user, note=request.POST.get("note", ""))
    except DoleancesError as error:
        context = _detail_context(request, problem)
        context.update(error=error.message, note=request.POST.get("note", ""), failed=decision)
        return render(request, "agent/problem_detail.html", context, status=error.status)
    messages.success(request, DONE[decision])
    return redirect("agent:problem_detail", pk=problem.pk)

"""The Analysis panel's actions: accept the suggested category, or correct it; confirm the customer's
profile (POST, htmx)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doleances.agent.guards import staff_required
from doleances.agent.views.case import case_done, render_case
from doleances.analysis import services
from doleances.analysis.labels import Typology
from doleances.complaints import access
from doleances.complaints.models import Category, Complaint
from doleances.core import clock
from doleances.core.errors import DoleancesError
from doleances.sla import services as sla


class CorrectCategoryForm(forms.Form):
    category = forms.ModelChoiceField(label=gettext_lazy("Category"), queryset=Category.objects.filter(is_active=True))


AnalysisAction = Callable[[HttpRequest, Complaint], str]


def analysis_action(perform: AnalysisAction) -> Callable[..., HttpResponse]:
    """A staff POST from the Analysis panel: `perform` (one service call, returning the notice),
    then the case; a refusal is shown in the panel."""

    @staff_required
    @require_POST
    @wraps(perform)
    def view(request: HttpRequest, reference: str) -> HttpResponse:
        complaint = access.get_complaint_for(request.user, reference)
        try:
            notice = perform(request, complaint)
        except DoleancesError as error:
            return render_case(request, reference, status=error.status, analysis_error=error.message)
        return case_done(request, reference, notice)

    return view


@analysis_action
def accept_category(request: HttpRequest, complaint: Complaint) -> str:
    analysis = services.accept_category_suggestion(complaint, actor=request.user)
    sla.recompute(complaint, at=clock.now(), reason="category_changed", actor=request.user)
    return _("Category set to %(name)s.") % {"name": analysis.suggested_category}


@analysis_action
def correct_category(request: HttpRequest, complaint: Complaint) -> str:
    form = CorrectCategoryForm(request.POST)
    if not form.is_valid():
        raise DoleancesError("category_not_chosen", _("Choose an active category."))
    category = form.cleaned_data["category"]
    services.correct_category(complaint, category=category, actor=request.user)
    sla.recompute(complaint, at=clock.now(), reason="category_changed", actor=request.user)
    return _("Category set to %(name)s.") % {"name": category}


@analysis_action
def confirm_typology(request: HttpRequest, complaint: Complaint) -> str:
    code = request.POST.get("typology", "")
    services.confirm_customer_typology(complaint.customer, code=code, actor=request.user, complaint=complaint)
    if code:
        return _("Customer profile confirmed: %(name)s.") % {"name": Typology(code).label}
    return _("Customer profile confirmation removed.")

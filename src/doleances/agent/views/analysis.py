"""The Analysis panel's actions: accept the suggested category, or correct it; confirm the customer's
profile (POST, htmx)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doleances.agent.guards import staff_required
from doleances.agent.views.case import _render_case
from doleances.agent.views.complaints import wants_partial
from doleances.analysis import services
from doleances.analysis.labels import Typology
from doleances.complaints import access
from doleances.complaints.models import Category
from doleances.core.errors import DoleancesError


class CorrectCategoryForm(forms.Form):
    category = forms.ModelChoiceField(label=gettext_lazy("Category"), queryset=Category.objects.filter(is_active=True))


def _done(request: HttpRequest, reference: str, notice: str) -> HttpResponse:
    if wants_partial(request):
        return _render_case(request, reference, notice=notice)
    messages.success(request, notice)
    return redirect("agent:complaint_detail", reference=reference)


@staff_required
@require_POST
def accept_category(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = access.get_complaint_for(request.user, reference)
    try:
        analysis = services.accept_category_suggestion(complaint, actor=request.user)
    except DoleancesError as error:
        return _render_case(request, reference, status=error.status, analysis_error=error.message)
    return _done(request, reference, _("Category set to %(name)s.") % {"name": analysis.suggested_category})


@staff_required
@require_POST
def correct_category(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = access.get_complaint_for(request.user, reference)
    form = CorrectCategoryForm(request.POST)
    if not form.is_valid():
        return _render_case(request, reference, status=400, analysis_error=_("Choose an active category."))
    category = form.cleaned_data["category"]
    try:
        services.correct_category(complaint, category=category, actor=request.user)
    except DoleancesError as error:
        return _render_case(request, reference, status=error.status, analysis_error=error.message)
    return _done(request, reference, _("Category set to %(name)s.") % {"name": category})


@staff_required
@require_POST
def confirm_typology(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = access.get_complaint_for(request.user, reference)
    code = request.POST.get("typology", "")
    try:
        services.confirm_customer_typology(complaint.customer, code=code, actor=request.user, complaint=complaint)
    except DoleancesError as error:
        return _render_case(request, reference, status=error.status, analysis_error=error.message)
    if code:
        notice = _("Customer profile confirmed: %(name)s.") % {"name": Typology(code).label}
    else:
        notice = _("Customer profile confirmation removed.")
    return _done(request, reference, notice)

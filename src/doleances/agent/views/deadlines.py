"""The deadline panel's action: move the answer deadline with a reason told to the customer (issue 19)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from doleances.agent.guards import staff_required
from doleances.agent.views.case import case_done, render_case
from doleances.complaints import access
from doleances.core.errors import DoleancesError
from doleances.messaging.emails import format_date
from doleances.sla import services as sla


class ExtensionForm(forms.Form):
    new_due = forms.DateField(label=gettext_lazy("New answer date"))
    reason = forms.CharField(label=gettext_lazy("Reason (told to the customer)"), max_length=2000)


@staff_required
@require_POST
def extend(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = access.get_complaint_for(request.user, reference)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return render_case(request, reference, status=400, extension_form=form)
    try:
        updated = sla.extend_answer_deadline(
            complaint, new_due=form.cleaned_data["new_due"], reason=form.cleaned_data["reason"], actor=request.user
        )
    except DoleancesError as error:
        form.add_error(None, error.message)
        return render_case(request, reference, status=error.status, extension_form=form)
    return case_done(
        request,
        reference,
        _("Answer deadline moved to %(date)s; the customer is told.") % {"date": format_date(updated.answer_extended_due_at)},
    )

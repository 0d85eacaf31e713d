"""The answer on the case page (issue 20): prepare the letter from a template, send the final
answer, renew the customer's portal link, reopen after a dissatisfied survey."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doleances.agent.answer_forms import AnswerForm
from doleances.agent.answer_panel import draft_context
from doleances.agent.guards import staff_required
from doleances.agent.views.case import case_done, render_case
from doleances.answers import services, surveys
from doleances.answers.models import Survey
from doleances.complaints import access
from doleances.complaints.models import Complaint
from doleances.core.errors import DoleancesError


def _render(request: HttpRequest, complaint: Complaint, *, form: AnswerForm, draft=None, status: int = 200) -> HttpResponse:
    return render_case(request, complaint.reference, status=status, **draft_context(form, draft))


@staff_required
@require_POST
def answer(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = access.get_complaint_for(request.user, reference)
    form = AnswerForm(request.POST, language=complaint.customer.language or complaint.language, auto_id="id_answer_%s")
    if not form.is_valid():
        return _render(request, complaint, status=400, form=form)
    data = form.cleaned_data
    values = {
        "outcome": data["decision"],
        "reasons": data["reasons"],
        "remedy": data["remedy"],
        "amount": data["amount"],
        "currency": (data["currency"] or "").upper(),
        "measures": data["measures"],
        "template_id": data["template"].pk if data["template"] else None,
        "subject": data["subject"],
    }
    try:
        if request.POST.get("step") == "prepare":
            agent = request.user.get_full_name() or request.user.get_username()
            draft = services.prepare_answer(complaint, body="", agent=agent, **values)
            form = AnswerForm(
                {**request.POST.dict(), "body": draft.body, "subject": draft.subject, "template": draft.template_id or ""},
                language=complaint.customer.language or complaint.language,
                auto_id="id_answer_%s",
            )
            return _render(request, complaint, form=form, draft=draft)
        services.answer_complaint(complaint, body=data["body"], actor=request.user, **values)
    except DoleancesError as error:
        form.add_service_error(error)
        return _render(request, complaint, status=error.status, form=form)
    return case_done(request, reference, _("The final answer has been sent to the customer."))


@staff_required
@require_POST
def renew_link(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = access.get_complaint_for(request.user, reference)
    try:
        services.renew_portal_link(complaint, actor=request.user)
    except DoleancesError as error:
        return render_case(request, reference, status=error.status, notice=error.message)
    return case_done(request, reference, _("The old link no longer works; the new one has been sent to the customer."))


@staff_required
@require_POST
def reopen_after_survey(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = access.get_complaint_for(request.user, reference)
    survey = Survey.objects.filter(complaint=complaint).first()
    try:
        if survey is None:
            raise DoleancesError("no_survey", _("This complaint has no survey."))
        surveys.reopen_after_survey(survey, actor=request.user, note=request.POST.get("note", ""))
    except DoleancesError as error:
        return render_case(request, reference, status=error.status, notice=error.message)
    return case_done(request, reference, _("The complaint is reopened after the customer's survey."))

"""Portal pages of the answer: accept or refuse the remedy, withdraw, ask for a lost link, answer
the satisfaction survey. Adapters: check the form, call `answers`, redirect or render.

Every page under /track/<token>/ 404s alike for an unknown, tampered, revoked or expired link.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from doleances.answers import services, surveys
from doleances.answers.selectors import complaint_for_portal_token
from doleances.core.errors import DoleancesError
from doleances.portal.answer_forms import LostLinkForm, RemedyResponseForm, SurveyForm, WithdrawForm
from doleances.portal.views import secret_page


def _link_rate(group: str, request: HttpRequest) -> str:
    return settings.DOLEANCES_LINK_REQUEST_RATE


def _first_error(error: DoleancesError) -> str:
    return error.message


@secret_page
@require_POST
def remedy_response(request: HttpRequest, token: str) -> HttpResponse:
    complaint = complaint_for_portal_token(token)
    decision = services.latest_decision(complaint)
    form = RemedyResponseForm(request.POST)
    if decision is None:
        messages.error(request, _("There is no proposal to answer on this request."))
    elif not form.is_valid():
        messages.error(request, _("Choose whether you accept or refuse."))
    else:
        try:
            services.respond_to_remedy(
                decision, accepted=form.cleaned_data["choice"] == "accept", reason=form.cleaned_data["reason"]
            )
        except DoleancesError as error:
            messages.error(request, _first_error(error))
        else:
            if form.cleaned_data["choice"] == "accept":
                messages.success(request, _("Thank you: you accepted our proposal, and your request is resolved."))
            else:
                messages.success(request, _("Thank you: your request is reopened and will be looked at again."))
    return redirect("portal:track", token=complaint.portal_token)


@secret_page
@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    complaint = complaint_for_portal_token(token)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm that you withdraw your request."))
    else:
        try:
            services.withdraw_by_customer(complaint, reason=form.cleaned_data["reason"])
        except DoleancesError as error:
            messages.error(request, _first_error(error))
        else:
            messages.success(request, _("Your request is withdrawn. Thank you for letting us know."))
    return redirect("portal:track", token=complaint.portal_token)


@require_http_methods(["GET", "POST"])
@ratelimit(group="portal.lost_link", key="ip", rate=_link_rate, method="POST", block=False)
def lost_link(request: HttpRequest) -> HttpResponse:
    """The same answer whether the address is known or not: the link goes by mail only."""
    form = LostLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not getattr(request, "limited", False):
            services.send_portal_links(form.cleaned_data["email"])
        return render(request, "portal/lost_link_sent.html")
    return render(request, "portal/lost_link.html", {"form": form}, status=400 if form.is_bound else 200)


@secret_page
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the questions and consumes nothing (a mail scanner may fetch it); POST answers."""
    answered_survey = surveys.survey_for_token(token)
    if answered_survey.answered_at is not None:
        return render(
            request,
            "portal/survey_done.html",
            {"already": request.method == "POST"},
            status=409 if request.method == "POST" else 200,
        )
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answer = surveys.SurveyAnswer(
            solved=data["solved"] == "yes",
            outcome_rating=int(data["outcome_rating"]),
            process_rating=int(data["process_rating"]),
            treatment_rating=int(data["treatment_rating"]),
            comment=data["comment"],
        )
        try:
            surveys.answer_survey(answered_survey, answer)
        except DoleancesError as error:
            if error.status == 409:
                return render(request, "portal/survey_done.html", {"already": True}, status=409)
            form.add_service_error(error)
        else:
            return render(request, "portal/survey_done.html", {"already": False})
    context = {"form": form, "complaint": answered_survey.complaint}
    return render(request, "portal/survey.html", context, status=400 if form.is_bound else 200)

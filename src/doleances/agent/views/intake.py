"""The "New complaint" screen (issue 17): what arrives by phone, at the counter or by post, typed
by an agent. The customer is searched first (`customer_selectors.search_customers`, an htmx
fragment or the same page without JavaScript); the service is `intake.assisted`."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from doleances.agent.guards import forbidden, staff_required
from doleances.agent.htmx import wants_partial
from doleances.agent.intake_forms import AssistedIntakeForm, new_nonce
from doleances.complaints import access, customer_selectors
from doleances.complaints.models import Customer
from doleances.core.errors import DoleancesError, all_errors
from doleances.intake.assisted import register_assisted_complaint


def _intake_key(request: HttpRequest, nonce: str) -> str | None:
    """A double click or a resent form registers one complaint: the form's one-time nonce, for
    this person."""
    if not nonce:
        return None
    return hashlib.sha256(f"assisted:{request.user.pk}:{nonce}".encode()).hexdigest()


def _chosen_customer(user, pk: int | None) -> Customer | None:
    if pk is None:
        return None
    try:
        return access.visible_customers(user).get(pk=pk)
    except Customer.DoesNotExist:
        return None


@staff_required
def new_complaint(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("complaints.register_complaint"):
        return forbidden(request)
    query = request.GET.get("q", "")[:200]
    status = 200
    if request.method == "POST":
        form = AssistedIntakeForm(request.POST, request.FILES)
        if form.is_valid():
            chosen = _chosen_customer(user, form.cleaned_data["customer"])
            if form.cleaned_data["customer"] is not None and chosen is None:
                form.add_error(None, _("This customer record cannot be found any more: search again."))
            else:
                try:
                    complaint = register_assisted_complaint(
                        form.assisted_complaint(),
                        customer=None if chosen else form.new_customer(),
                        customer_record=chosen,
                        attachments=form.cleaned_data["attachments"],
                        actor=user,
                        intake_key=_intake_key(request, form.cleaned_data["form_nonce"]),
                    )
                except DoleancesError as error:
                    for each in all_errors(error):
                        form.add_service_error(each)
                else:
                    messages.success(request, _("Complaint %(reference)s registered.") % {"reference": complaint.reference})
                    return redirect("agent:complaint_detail", reference=complaint.reference)
        status = 400
        chosen = _chosen_customer(user, form.cleaned_data.get("customer") if hasattr(form, "cleaned_data") else None)
    else:
        form = AssistedIntakeForm(initial={"form_nonce": new_nonce(), "channel": request.GET.get("channel", "phone")})
        chosen = _chosen_customer(user, _int(request.GET.get("customer")))
        if chosen is not None:
            form.initial["customer"] = chosen.pk
    context = {
        "form": form,
        "query": query,
        "matches": customer_selectors.search_customers(user, query) if query and chosen is None else [],
        "chosen": customer_selectors.customer_match(chosen) if chosen else None,
        "searched": bool(query),
    }
    return render(request, "agent/intake/new_complaint.html", context, status=status)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@staff_required
@require_GET
def customer_search(request: HttpRequest) -> HttpResponse:
    """The matches for the search box, as the fragment htmx swaps in; without JavaScript, the
    "New complaint" page with the matches."""
    if not request.user.has_perm("complaints.register_complaint"):
        return forbidden(request)
    query = request.GET.get("q", "")[:200]
    if not wants_partial(request):
        return redirect(f"{reverse('agent:complaint_new')}?{urlencode({'q': query})}")
    context = {"query": query, "matches": customer_selectors.search_customers(request.user, query), "searched": bool(query)}
    response = render(request, "agent/intake/_customer_matches.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response

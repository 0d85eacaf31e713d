"""Public pages: the complaint form, its confirmation and the customer portal.

Adapters only: check the shape of the request, call the service, render. A `DoleancesError`
becomes a form error on the field it names.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from doleances.complaints.enums import Channel
from doleances.complaints.models import Complaint
from doleances.complaints.services import add_customer_information
from doleances.core.errors import DoleancesError
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
from doleances.portal import submissions
from doleances.portal.forms import AddInformationForm, ComplaintForm
from doleances.portal.timeline import accepts_information, customer_status, public_attachments, public_timeline


def secret_page(view):
    """Pages whose URL holds the portal token: never indexed, cached, or sent to another site."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        # Not "no-referrer": under it, browsers send `Origin: null` with same-origin POSTs and
        # Django's CSRF check refuses the portal's own forms. "same-origin" still never sends
        # the URL (and its token) to another site.
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def _complaint_for_token(token: str) -> Complaint:
    return get_object_or_404(Complaint.objects.select_related("customer"), portal_token=token)


def _public_form_rate(group: str, request: HttpRequest) -> str:
    return settings.PUBLIC_FORM_RATE


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_public_form_rate, method="POST", block=False)
def complaint_form(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        nonce = request.POST.get("form_nonce", "")
        done = submissions.previous_result(request, nonce)
        if done is not None:  # the same form sent again: show the first result, create nothing
            return redirect("portal:confirmation", token=done["token"])
        form = ComplaintForm(request.POST, request.FILES)
        if getattr(request, "limited", False):
            # A flood from one address: nothing is created, but what was typed is shown again.
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many complaints were sent from this connection recently. Your text is kept below: "
                    "please send it again later (attachments must be added again)."
                ),
            )
            return render(request, "portal/complaint_form.html", {"form": form}, status=429)
        if form.is_valid():
            complaint = _receive(form, nonce)
            if complaint is not None:
                email = form.cleaned_data["email"].strip().lower()
                submissions.remember_result(request, nonce, {"token": complaint.portal_token, "email": email})
                return redirect("portal:confirmation", token=complaint.portal_token)
    else:
        form = ComplaintForm(initial={"form_nonce": submissions.new_nonce()})
    return render(request, "portal/complaint_form.html", {"form": form}, status=400 if form.is_bound else 200)


def _receive(form: ComplaintForm, nonce: str) -> Complaint | None:
    data = form.cleaned_data
    language = translation.get_language() or settings.LANGUAGE_CODE
    customer = CustomerDetails(
        name=data["name"], email=data["email"], phone=data["phone"], customer_number=data["customer_number"], language=language
    )
    details = ComplaintDetails(
        subject=data["subject"],
        description=data["description"],
        kind=data["kind"],
        channel=Channel.WEB,
        remedy_sought=data["remedy_sought"],
        claimed_amount=data["claimed_amount"],
        order_reference=data["order_reference"],
        language=language,
        consent=data["consent"],
    )
    try:
        intake_key = submissions.intake_key(nonce, form.data, form.files)
        return receive_complaint(customer, details, attachments=data["attachments"], intake_key=intake_key)
    except DoleancesError as error:
        form.add_service_error(error)
        return None


@secret_page
@require_GET
def confirmation(request: HttpRequest, token: str) -> HttpResponse:
    complaint = _complaint_for_token(token)
    typed_email = submissions.confirmation_email(request, token)
    sent_to = complaint.customer.email
    context = {
        "complaint": complaint,
        "portal_url": request.build_absolute_uri(reverse("portal:track", args=[token])),
        "emailed": bool(sent_to),
        # Show the address only to the browser that typed it: the customer record may have
        # been matched by phone number, and its address is not the visitor's to read.
        "sent_to": sent_to if typed_email and typed_email == sent_to.lower() else "",
    }
    return render(request, "portal/confirmation.html", context)


@secret_page
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    complaint = _complaint_for_token(token)
    form = None
    if accepts_information(complaint):
        if request.method == "POST":
            form = AddInformationForm(request.POST, request.FILES)
            nonce = request.POST.get("form_nonce", "")
            already_added = submissions.previous_result(request, nonce) is not None  # replayed POST: add nothing
            if already_added or (form.is_valid() and _add_information(form, complaint)):
                submissions.remember_result(request, nonce, {"token": token, "added": True})
                messages.success(request, _("Thank you. Your information has been added to your request."))
                return redirect("portal:track", token=token)
        else:
            form = AddInformationForm(initial={"form_nonce": submissions.new_nonce()})
    elif request.method == "POST":
        messages.error(request, _("This request is closed: we can no longer add information to it."))
        return redirect("portal:track", token=token)
    context = {
        "complaint": complaint,
        "status": customer_status(complaint),
        "timeline": public_timeline(complaint),
        "attachments": public_attachments(complaint),
        "form": form,
    }
    return render(request, "portal/track.html", context, status=400 if form is not None and form.is_bound else 200)


def _add_information(form: AddInformationForm, complaint: Complaint) -> bool:
    try:
        add_customer_information(complaint, body=form.cleaned_data["body"], attachments=form.cleaned_data["attachments"])
    except DoleancesError as error:
        form.add_service_error(error)
        return False
    return True


@secret_page
@require_GET
def attachment(request: HttpRequest, token: str, pk: int) -> FileResponse:
    complaint = _complaint_for_token(token)
    document = get_object_or_404(public_attachments(complaint).only("file", "original_name", "content_type"), pk=pk)
    # Always a download, never rendered inline by the browser.
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name, content_type=document.content_type
    )

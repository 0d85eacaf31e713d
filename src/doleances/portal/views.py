"""Public pages: the complaint form, its confirmation and the customer portal.

Adapters only: check the shape of the request, call the service, render. A `DoleancesError`
becomes a form error on the field it names.
"""

from __future__ import annotations

import logging
import math
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from doleances.answers.selectors import complaint_for_portal_token
from doleances.complaints.attachments import check_uploads
from doleances.complaints.enums import Channel
from doleances.complaints.models import Complaint
from doleances.complaints.services import add_customer_information
from doleances.core import clock
from doleances.core.errors import DoleancesError
from doleances.intake.selectors import acknowledgement_withheld
from doleances.intake.services import ComplaintDetails, CustomerDetails, check_submission, receive_complaint
from doleances.portal import submissions
from doleances.portal.answer_context import answer_context
from doleances.portal.forms import AddInformationForm, ComplaintForm, files_to_choose_again
from doleances.portal.timeline import (
    accepts_information,
    customer_status,
    no_more_information,
    public_attachments,
    public_timeline,
)

logger = logging.getLogger(__name__)


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
    # Unknown, tampered, revoked or expired: the same 404 (issue 20).
    return complaint_for_portal_token(token)


def _public_form_rate(group: str, request: HttpRequest) -> str:
    return settings.PUBLIC_FORM_RATE


FORM_RATE_GROUP = "portal.complaint_form"
# A field no person sees or fills (hidden from sight, keyboard and screen readers); robots
# that fill every field fill it too.
HONEYPOT = "website"


@require_http_methods(["GET", "POST"])
@ratelimit(group=FORM_RATE_GROUP, key="ip", rate=_public_form_rate, method="POST", block=False)
def complaint_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = ComplaintForm(initial={"form_nonce": submissions.new_nonce()})
        return render(request, "portal/complaint_form.html", {"form": form})
    nonce = request.POST.get("form_nonce", "")
    done = submissions.previous_result(request, nonce)
    if done is not None:  # the same form sent again: show the first result, create nothing
        return redirect("portal:confirmation", token=done["token"])
    if request.POST.get(HONEYPOT):
        # Dropped without a word: a robot learns nothing from the page it gets.
        logger.info("Public form: honeypot field filled, submission dropped (address %s)", request.META.get("REMOTE_ADDR"))
        return render(request, "portal/received.html")
    form = ComplaintForm(request.POST, request.FILES)
    if getattr(request, "limited", False):
        return _too_many(request, form)
    with transaction.atomic():  # the complaint and the session's record of it: one write transaction
        error = _receive(form, nonce) if form.is_valid() else _check(form)
        if error is None and form.is_valid():
            complaint = form.complaint
            email = form.cleaned_data["email"].strip().lower()
            submissions.remember_result(request, nonce, {"token": complaint.portal_token, "email": email})
            request.session.save()  # now, in the transaction (core/sessions.py: the middleware will not write it again)
    if error is None and form.is_valid():
        return redirect("portal:confirmation", token=form.complaint.portal_token)
    return _form_again(request, form, error, status=400)


def _form_again(request: HttpRequest, form, error: DoleancesError | None, *, status: int, **context) -> HttpResponse:
    chosen = request.FILES.getlist("attachments")
    context = {"form": form, "choose_files_again": files_to_choose_again(error, chosen), **context}
    return render(request, "portal/complaint_form.html", context, status=status)


def _too_many(request: HttpRequest, form: ComplaintForm) -> HttpResponse:
    """A flood from one address: nothing is created, but what was typed is shown again."""
    usage = get_usage(request, group=FORM_RATE_GROUP, key="ip", rate=_public_form_rate, method="POST", increment=False) or {
        "time_left": 3600
    }
    wait = max(int(usage["time_left"]), 1)
    minutes = max(math.ceil(wait / 60), 1)
    form.is_valid()
    form.add_error(
        None,
        ngettext(
            "Too many complaints were sent from this connection recently. Your text is kept below: please send it "
            "again in %(minutes)d minute.",
            "Too many complaints were sent from this connection recently. Your text is kept below: please send it "
            "again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes},
    )
    response = _form_again(request, form, None, status=429)
    response["Retry-After"] = str(wait)
    return response


def _submission(data: dict) -> tuple[CustomerDetails, ComplaintDetails]:
    """The form's answers for the intake service; a field whose shape was refused is left empty."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    customer = CustomerDetails(
        name=data.get("name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        customer_number=data.get("customer_number", ""),
        language=language,
    )
    details = ComplaintDetails(
        subject=data.get("subject", ""),
        description=data.get("description", ""),
        kind=data.get("kind", ""),
        channel=Channel.WEB,
        remedy_sought=data.get("remedy_sought", ""),
        claimed_amount=data.get("claimed_amount"),
        order_reference=data.get("order_reference", ""),
        language=language,
        consent=data.get("consent", False),
    )
    return customer, details


def _check(form: ComplaintForm) -> DoleancesError | None:
    """The form's shape is refused: the service's checks still run on the rest, so that every
    error (the email, the files) is told now rather than one per attempt."""
    customer, details = _submission(form.cleaned_data)
    try:
        check_submission(customer, details, form.cleaned_data.get("attachments", []), at=clock.now())
    except DoleancesError as error:
        form.add_service_error(error)
        return error
    return None


def _receive(form: ComplaintForm, nonce: str) -> DoleancesError | None:
    customer, details = _submission(form.cleaned_data)
    try:
        intake_key = submissions.intake_key(nonce, form.data, form.files)
        form.complaint = receive_complaint(customer, details, attachments=form.cleaned_data["attachments"], intake_key=intake_key)
    except DoleancesError as error:
        form.add_service_error(error)
        return error
    return None


@secret_page
@require_GET
def confirmation(request: HttpRequest, token: str) -> HttpResponse:
    complaint = _complaint_for_token(token)
    typed_email = submissions.confirmation_email(request, token)
    sent_to = complaint.customer.email
    withheld = acknowledgement_withheld(complaint)
    context = {
        "complaint": complaint,
        "portal_url": request.build_absolute_uri(reverse("portal:track", args=[token])),
        "emailed": bool(sent_to) and not withheld,
        "acknowledgement_withheld": withheld,
        # Show the address only to the browser that typed it: the customer record may have
        # been matched by phone number, and its address is not the visitor's to read.
        "sent_to": sent_to if typed_email and typed_email == sent_to.lower() else "",
    }
    return render(request, "portal/confirmation.html", context)


@secret_page
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    complaint = _complaint_for_token(token)
    form = error = None
    if accepts_information(complaint):
        if request.method == "POST":
            form = AddInformationForm(request.POST, request.FILES)
            nonce = request.POST.get("form_nonce", "")
            already_added = submissions.previous_result(request, nonce) is not None  # replayed POST: add nothing
            if not already_added:
                error = _add_information(form, complaint) if form.is_valid() else _check_documents(form)
            if already_added or (error is None and form.is_valid()):
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
        "no_more_information": no_more_information(complaint) if form is None else "",
        "choose_files_again": files_to_choose_again(error, request.FILES.getlist("attachments")) if form is not None else "",
        **answer_context(complaint),  # issue 20: the decision, the remedy to accept or refuse, withdrawal
    }
    return render(request, "portal/track.html", context, status=400 if form is not None and form.is_bound else 200)


def _add_information(form: AddInformationForm, complaint: Complaint) -> DoleancesError | None:
    try:
        add_customer_information(
            complaint, body=form.cleaned_data["body"], channel=Channel.WEB, attachments=form.cleaned_data["attachments"]
        )
    except DoleancesError as error:
        form.add_service_error(error)
        return error
    return None


def _check_documents(form: AddInformationForm) -> DoleancesError | None:
    """The message was refused: the documents are checked now too, so both are told at once."""
    try:
        check_uploads(form.cleaned_data.get("attachments", []))
    except DoleancesError as error:
        form.add_service_error(error)
        return error
    return None


@secret_page
@require_GET
def attachment(request: HttpRequest, token: str, pk: int) -> FileResponse:
    complaint = _complaint_for_token(token)
    document = get_object_or_404(public_attachments(complaint).only("file", "original_name", "content_type"), pk=pk)
    # Always a download, never rendered inline by the browser.
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name, content_type=document.content_type
    )

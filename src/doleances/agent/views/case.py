"""One complaint: the detail page and its actions (POST; htmx refreshes the case section).

Each action checks the form, fetches through `access.get_complaint_for`, calls one service and
renders the case again. A `DoleancesError` becomes a form error, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from doleances.agent.forms import AssignForm, MergeForm, NoteForm, ReplyForm, TransitionForm
from doleances.agent.guards import staff_required
from doleances.agent.views.complaints import wants_partial
from doleances.complaints import access, selectors, services
from doleances.complaints.enums import ACTION_LABELS
from doleances.complaints.events import verify_chain
from doleances.complaints.lifecycle import ACCEPTS_REPLY, Action, allowed_actions
from doleances.complaints.models import Complaint
from doleances.core import clock
from doleances.core.errors import DoleancesError
from doleances.routing import selectors as routing_selectors

# The steps along the usual path get the primary button; detours (waiting, reopening) do not.
FORWARD_ACTIONS = frozenset(
    {Action.ACKNOWLEDGE, Action.QUALIFY, Action.START, Action.RESUME, Action.ANSWER, Action.RESOLVE, Action.CLOSE}
)
FORM_CLASSES = {
    "assign_form": AssignForm,
    "note_form": NoteForm,
    "reply_form": ReplyForm,
    "transition_form": TransitionForm,
    "merge_form": MergeForm,
}


def case_context(request: HttpRequest, complaint: Complaint, **overrides) -> dict:
    user = request.user
    at = clock.now()
    can_handle = user.has_perm("complaints.handle_complaint", complaint)
    can_comment = can_handle or user.has_perm("complaints.comment_complaint", complaint)
    candidates = selectors.assignment_candidates(complaint) if can_handle else []
    transitions = [a for a in allowed_actions(complaint.status) if a not in (Action.MERGE, Action.WITHDRAW)] if can_handle else []
    timeline = selectors.complaint_timeline(complaint)
    assigned = {
        name
        for item in timeline
        if item.event and item.event.action == "complaint.assigned"
        for name in (item.event.data.get("to"), item.event.data.get("from"))
    }
    context = {
        "complaint": complaint,
        "customer": complaint.customer,
        "now": at,
        "due_soon": at + selectors.DUE_SOON,
        "is_overdue": complaint.is_overdue(at),
        "timeline": timeline,
        "names": selectors.display_names({name for name in assigned if name}),
        "attachments": list(selectors.complaint_attachments(complaint)),
        "can_handle": can_handle,
        "can_comment": can_comment,
        "can_reply": can_handle and complaint.status in ACCEPTS_REPLY,
        # A final case that may be reopened: the reply box says how, instead of not showing.
        "reopen_to_reply": can_handle
        and complaint.status not in ACCEPTS_REPLY
        and Action.REOPEN in allowed_actions(complaint.status),
        "can_take": can_handle and complaint.assignee_id != user.pk and access.may_be_assigned(user, complaint),
        "candidates": candidates,
        # The complaint's team first; handlers who see every team after, apart.
        "team_candidates": [p for p in candidates if access.is_team_member(p, complaint.team_id)],
        "other_candidates": [p for p in candidates if not access.is_team_member(p, complaint.team_id)],
        "transitions": [(action.value, ACTION_LABELS[action.value], action in FORWARD_ACTIONS) for action in transitions],
        "can_withdraw": can_handle and Action.WITHDRAW in allowed_actions(complaint.status),
        "can_merge": can_handle and Action.MERGE in allowed_actions(complaint.status),
        "notice": "",
        "broken_link": verify_chain(complaint),
        "analysis": routing_selectors.analysis_for_case(complaint, user, can_handle=can_handle),
        "analysis_error": "",
    }
    for name, form_class in FORM_CLASSES.items():
        context[name] = form_class(auto_id=f"id_{name}_%s")
    context.update(overrides)
    return context


@staff_required
@require_GET
def complaint_detail(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = access.get_complaint_for(request.user, reference)
    return render(request, "agent/complaint_detail.html", case_context(request, complaint))


def _render_case(request: HttpRequest, reference: str, *, status: int = 200, **overrides) -> HttpResponse:
    complaint = access.get_complaint_for(request.user, reference)
    context = case_context(request, complaint, **overrides)
    if wants_partial(request):
        # htmx swaps only 2xx answers; the error is in the fragment.
        return render(request, "agent/_case.html", context)
    return render(request, "agent/complaint_detail.html", context, status=status)


def _act(request: HttpRequest, reference: str, form_name: str, perform: Callable[[Complaint, object], str]) -> HttpResponse:
    """Shared shape of every action: validate, call the service, answer with the case."""
    complaint = access.get_complaint_for(request.user, reference)
    form = FORM_CLASSES[form_name](request.POST, auto_id=f"id_{form_name}_%s")
    if not form.is_valid():
        return _render_case(request, reference, status=400, **{form_name: form})
    try:
        notice = perform(complaint, form)
    except DoleancesError as error:
        form.add_service_error(error)
        return _render_case(request, reference, status=error.status, **{form_name: form})
    if wants_partial(request):
        return _render_case(request, reference, notice=notice)
    messages.success(request, notice)
    return redirect("agent:complaint_detail", reference=reference)


@staff_required
@require_POST
def take_complaint(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(complaint: Complaint, form: AssignForm) -> str:
        services.assign_complaint(complaint, assignee=request.user, actor=request.user)
        return _("You now handle this complaint.")

    return _act(request, reference, "assign_form", perform)


@staff_required
@require_POST
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(complaint: Complaint, form: AssignForm) -> str:
        assignee = form.cleaned_data["assignee"]
        services.assign_complaint(complaint, assignee=assignee, actor=request.user)
        if assignee is None:
            return _("The complaint is no longer assigned.")
        return _("Assigned to %(name)s.") % {"name": assignee.get_full_name() or assignee.get_username()}

    return _act(request, reference, "assign_form", perform)


@staff_required
@require_POST
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(complaint: Complaint, form: NoteForm) -> str:
        services.add_internal_note(complaint, body=form.cleaned_data["body"], actor=request.user)
        return _("Internal note added.")

    return _act(request, reference, "note_form", perform)


@staff_required
@require_POST
def reply(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(complaint: Complaint, form: ReplyForm) -> str:
        message = services.reply_to_customer(complaint, body=form.cleaned_data["body"], actor=request.user)
        if message.outbox_id:
            return _("Your reply to %(email)s is queued for sending.") % {"email": message.recipient}
        return _("Your reply is recorded; the customer has no email address, so it was not sent.")

    return _act(request, reference, "reply_form", perform)


@staff_required
@require_POST
def transition(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(complaint: Complaint, form: TransitionForm) -> str:
        action = form.cleaned_data["action"]
        updated = services.transition_complaint(complaint, action, actor=request.user, note=form.cleaned_data["note"])
        return _("Status is now “%(status)s”.") % {"status": updated.get_status_display()}

    return _act(request, reference, "transition_form", perform)


@staff_required
@require_POST
def merge(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(complaint: Complaint, form: MergeForm) -> str:
        try:
            target = access.get_complaint_for(request.user, form.cleaned_data["into"])
        except Http404:
            raise DoleancesError(
                "merge_target_unknown", _("No complaint with this reference that you may see."), field="into"
            ) from None
        services.merge_complaint(complaint, into=target, actor=request.user)
        return _("Merged into %(reference)s.") % {"reference": target.reference}

    return _act(request, reference, "merge_form", perform)

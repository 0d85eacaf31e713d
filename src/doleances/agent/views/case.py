"""One complaint: the detail page and its actions (POST; htmx refreshes the case section).

Each action (`case_action`) checks the form, fetches through `access.get_complaint_for`, calls one
service and renders the case again. A `DoleancesError` becomes a form error, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from doleances.agent.answer_panel import answer_context
from doleances.agent.forms import AssignForm, MergeForm, NoteForm, ReplyForm, TransitionForm
from doleances.agent.guards import staff_required
from doleances.agent.htmx import fragment_or_redirect, render_fragment_or_page
from doleances.analysis import selectors as analysis_selectors
from doleances.complaints import access, selectors, services
from doleances.complaints.enums import ACTION_LABELS
from doleances.complaints.events import verify_chain
from doleances.complaints.lifecycle import ACCEPTS_REPLY, Action, allowed_actions
from doleances.complaints.models import Complaint
from doleances.core import clock
from doleances.core.errors import DoleancesError
from doleances.sla import selectors as sla_selectors

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
        "due": selectors.response_due_state(complaint, at=at),
        "timeline": timeline,
        "names": selectors.display_names({name for name in assigned if name}),
        "attachments": selectors.complaint_attachments(complaint),
        "can_handle": can_handle,
        "can_comment": can_comment,
        "can_reply": can_handle and complaint.status in ACCEPTS_REPLY,
        # A final case that may be reopened: the reply box says how, instead of not showing.
        "reopen_to_reply": can_handle
        and complaint.status not in ACCEPTS_REPLY
        and Action.REOPEN in allowed_actions(complaint.status),
        "can_take": can_handle and complaint.assignee_id != user.pk and access.may_be_assigned(user, complaint),
        "candidates": candidates,
        "assignee_listed": any(person.pk == complaint.assignee_id for person in candidates),
        # The complaint's team first; handlers who see every team after, apart.
        "team_candidates": [person for person in candidates if person.in_team],
        "other_candidates": [person for person in candidates if not person.in_team],
        "transitions": [(action.value, ACTION_LABELS[action.value], action in FORWARD_ACTIONS) for action in transitions],
        "can_withdraw": can_handle and Action.WITHDRAW in allowed_actions(complaint.status),
        "can_merge": can_handle and Action.MERGE in allowed_actions(complaint.status),
        "notice": "",
        "broken_link": verify_chain(complaint),
        "analysis": analysis_selectors.analysis_for_case(complaint, user, can_handle=can_handle),
        "analysis_error": "",
        "deadlines": sla_selectors.case_deadlines(complaint, at=at, events=[i.event for i in timeline if i.event]),
        "extension_form": None,
    }
    for name, form_class in FORM_CLASSES.items():
        context[name] = form_class(auto_id=f"id_{name}_%s")
    context.update(answer_context(request, complaint, can_handle=can_handle, timeline=timeline))  # issue 20
    context.update(overrides)
    return context


@staff_required
@require_GET
def complaint_detail(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = access.get_complaint_for(request.user, reference)
    return render(request, "agent/complaint_detail.html", case_context(request, complaint))


def render_case(request: HttpRequest, reference: str, *, status: int = 200, **overrides) -> HttpResponse:
    """The case again: the `#case` fragment for htmx, the whole page otherwise."""
    complaint = access.get_complaint_for(request.user, reference)
    context = case_context(request, complaint, **overrides)
    return render_fragment_or_page(
        request, fragment="agent/_case.html", page="agent/complaint_detail.html", context=context, status=status
    )


def case_done(request: HttpRequest, reference: str, notice: str) -> HttpResponse:
    """After a successful action on the case: the case with `notice`, or a flash and a redirect."""
    return fragment_or_redirect(
        request,
        notice,
        fragment=lambda: render_case(request, reference, notice=notice),
        to="agent:complaint_detail",
        reference=reference,
    )


CaseAction = Callable[[HttpRequest, Complaint, Form], str]


def case_action(form_name: str) -> Callable[[CaseAction], Callable[..., HttpResponse]]:
    """Shared shape of every action of the Handle, reply and note forms: a staff POST, the form
    validated, `perform` (one service call, returning the notice), the case answered. A refusal
    of the service is shown on the form."""

    def decorator(perform: CaseAction) -> Callable[..., HttpResponse]:
        @staff_required
        @require_POST
        @wraps(perform)
        def view(request: HttpRequest, reference: str) -> HttpResponse:
            complaint = access.get_complaint_for(request.user, reference)
            form = FORM_CLASSES[form_name](request.POST, auto_id=f"id_{form_name}_%s")
            if not form.is_valid():
                return render_case(request, reference, status=400, **{form_name: form})
            try:
                notice = perform(request, complaint, form)
            except DoleancesError as error:
                form.add_service_error(error)
                return render_case(request, reference, status=error.status, **{form_name: form})
            return case_done(request, reference, notice)

        return view

    return decorator


@case_action("assign_form")
def take_complaint(request: HttpRequest, complaint: Complaint, form: AssignForm) -> str:
    services.assign_complaint(complaint, assignee=request.user, actor=request.user)
    return _("You now handle this complaint.")


@case_action("assign_form")
def assign(request: HttpRequest, complaint: Complaint, form: AssignForm) -> str:
    assignee = form.cleaned_data["assignee"]
    services.assign_complaint(complaint, assignee=assignee, actor=request.user)
    if assignee is None:
        return _("The complaint is no longer assigned.")
    return _("Assigned to %(name)s.") % {"name": assignee.get_full_name() or assignee.get_username()}


@case_action("note_form")
def add_note(request: HttpRequest, complaint: Complaint, form: NoteForm) -> str:
    services.add_internal_note(complaint, body=form.cleaned_data["body"], actor=request.user)
    return _("Internal note added.")


@case_action("reply_form")
def reply(request: HttpRequest, complaint: Complaint, form: ReplyForm) -> str:
    message = services.reply_to_customer(complaint, body=form.cleaned_data["body"], actor=request.user)
    if message.outbox_id:
        return _("Your reply to %(email)s is queued for sending.") % {"email": message.recipient}
    return _("Your reply is recorded; the customer has no email address, so it was not sent.")


@case_action("transition_form")
def transition(request: HttpRequest, complaint: Complaint, form: TransitionForm) -> str:
    action = form.cleaned_data["action"]
    updated = services.transition_complaint(complaint, action, actor=request.user, note=form.cleaned_data["note"])
    return _("Status is now “%(status)s”.") % {"status": updated.get_status_display()}


@case_action("merge_form")
def merge(request: HttpRequest, complaint: Complaint, form: MergeForm) -> str:
    try:
        target = access.get_complaint_for(request.user, form.cleaned_data["into"])
    except Http404:
        raise DoleancesError(
            "merge_target_unknown", _("No complaint with this reference that you may see."), field="into"
        ) from None
    services.merge_complaint(complaint, into=target, actor=request.user)
    return _("Merged into %(reference)s.") % {"reference": target.reference}

"""The only writers of a complaint after its reception: transitions, assignment, notes, replies.

Each service checks permission, locks the complaint row, changes it, appends its audit event and
writes its outbox rows in one transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doleances.complaints import access, queues
from doleances.complaints.attachments import store_attachments
from doleances.complaints.enums import ACTION_LABELS, Channel, Direction, Status, TeamSource, Visibility
from doleances.complaints.events import record_event
from doleances.complaints.lifecycle import (
    ACCEPTS_CUSTOMER_INPUT,
    ACCEPTS_REPLY,
    ANNOUNCED_TO_CUSTOMER,
    MERGEABLE_TARGET,
    SERVICE_CLOCK_RUNNING,
    Action,
    TransitionNotAllowed,
    allowed_actions,
    next_status,
)
from doleances.complaints.mail import answered_message_id, case_mail
from doleances.complaints.models import Complaint, Message
from doleances.core import clock
from doleances.core.actors import SYSTEM, Actor
from doleances.core.errors import Conflict, DoleancesError
from doleances.messaging import emails

# Timestamp set when a complaint enters a state (first time only for acknowledgement).
_STAMPS = {
    Status.ACKNOWLEDGED: "acknowledged_at",
    Status.ANSWERED: "answered_at",
    Status.RESOLVED: "resolved_at",
    Status.CLOSED: "closed_at",
}
ASSIGNMENT_REFUSALS = {
    "service_user": gettext_lazy("%(name)s is an API key's service account: a complaint is never assigned to an integration."),
    "conflict_of_interest": gettext_lazy(
        "%(name)s cannot handle this complaint: they are the customer's account manager or on-site technician."
    ),
    "out_of_scope": gettext_lazy(
        "%(name)s cannot handle this complaint: only a complaint handler of its team, "
        "or one who sees every team, may be assigned to it."
    ),
}


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)


def _clean_text(body: str, *, field: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DoleancesError("empty", _("This field cannot be empty."), field=field)
    max_text = settings.DOLEANCES_MAX_DESCRIPTION_CHARS
    if len(body) > max_text:
        raise DoleancesError(
            "too_long", _("This text is too long (%(max)d characters at most).") % {"max": max_text}, field=field
        )
    return body


def apply_transition(complaint: Complaint, action: Action, *, actor: Actor, at: datetime, data: dict | None = None) -> Complaint:
    """Change the status of a complaint that the caller has already locked."""
    old = complaint.status
    try:
        new = Status(next_status(old, action))
    except TransitionNotAllowed:
        raise Conflict(
            "transition_not_allowed",
            _("Action “%(action)s” is not possible on a complaint whose status is “%(status)s”.")
            % {"action": ACTION_LABELS[action], "status": Status(old).label},
        ) from None
    complaint.status = new
    fields = ["status", "updated_at"]
    stamp = _STAMPS.get(new)
    if stamp and (stamp != "acknowledged_at" or complaint.acknowledged_at is None):
        setattr(complaint, stamp, at)
        fields.append(stamp)
    if action == Action.REOPEN:
        complaint.resolved_at = complaint.closed_at = None
        fields += ["resolved_at", "closed_at"]
    before = due_dates(complaint)
    fields += _pause_service_clock(complaint, running=new.value in SERVICE_CLOCK_RUNNING, at=at)
    complaint.refresh_next_due()
    complaint.updated_at = at
    complaint.save(update_fields=[*fields, "next_due_at"])
    visibility = Visibility.PUBLIC if new.value in ANNOUNCED_TO_CUSTOMER else Visibility.INTERNAL
    record_event(
        complaint,
        f"complaint.{new.value}",
        actor=actor,
        at=at,
        visibility=visibility,
        data={"from": old, "to": new.value, **(data or {})},
    )
    record_due_date_changes(complaint, before, actor=actor, at=at, reason="service_clock_resumed")
    return complaint


# Internal service targets: they pause while the case waits for the customer (never the answer
# deadline, which is regulatory or told to the customer).
PAUSABLE_DUE_DATES = ("first_response_due_at", "response_due_at", "resolution_due_at")
DUE_DATE_FIELDS = (
    "acknowledgement_due_at",
    "first_response_due_at",
    "summary_resolution_due_at",
    "answer_due_at",
    "answer_extended_due_at",
    "response_due_at",
    "resolution_due_at",
)


def _pause_service_clock(complaint: Complaint, *, running: bool, at: datetime) -> list[str]:
    """Pause bookkeeping: the internal targets stop while the customer has the ball, and move
    later by the time paused when the case leaves that state. Returns the fields changed."""
    if not running and complaint.service_paused_at is None:
        complaint.service_paused_at = at
        return ["service_paused_at"]
    if running and complaint.service_paused_at is not None:
        paused = max(at - complaint.service_paused_at, timedelta(0))
        complaint.service_paused_seconds = (complaint.service_paused_seconds or 0) + int(paused.total_seconds())
        complaint.service_paused_at = None
        for name in PAUSABLE_DUE_DATES:
            due = getattr(complaint, name)
            if due is not None:
                setattr(complaint, name, due + timedelta(seconds=int(paused.total_seconds())))
        return ["service_paused_at", "service_paused_seconds", *PAUSABLE_DUE_DATES]
    return []


def due_dates(complaint: Complaint) -> dict[str, datetime | None]:
    return {name.removesuffix("_due_at"): getattr(complaint, name) for name in DUE_DATE_FIELDS}


def record_due_date_changes(
    complaint: Complaint, before: dict[str, datetime | None], *, actor: Actor, at: datetime, reason: str, data: dict | None = None
) -> dict:
    """One timeline event for every due date that moved, with its reason; none when none moved."""
    changes = {
        clock: {"from": old.isoformat() if old else None, "to": new.isoformat() if new else None}
        for clock, old in before.items()
        if old != (new := getattr(complaint, f"{clock}_due_at"))
    }
    if changes:
        record_event(
            complaint,
            "complaint.due_dates_changed",
            actor=actor,
            at=at,
            data={"reason": reason, "changes": changes, **(data or {})},
        )
    return changes


@transaction.atomic
def transition_complaint(
    complaint: Complaint, action: Action | str, *, actor: Actor, note: str = "", at: datetime | None = None
) -> Complaint:
    """The one door for a change of status (merge has its own service: it needs a target)."""
    action = Action(action)
    if action == Action.MERGE:
        raise DoleancesError("merge_needs_target", _("Use the merge action to merge complaints."))
    at = at or clock.now()
    complaint = _lock(complaint)
    access.require(actor, access.HANDLE, complaint)
    data = {"note": note.strip()[:2000]} if note.strip() else {}
    return apply_transition(complaint, action, actor=actor, at=at, data=data)


@transaction.atomic
def merge_complaint(complaint: Complaint, *, into: Complaint, actor: Actor, at: datetime | None = None) -> Complaint:
    at = at or clock.now()
    if complaint.pk == into.pk:
        raise DoleancesError("merge_into_self", _("A complaint cannot be merged into itself."))
    # Both rows in one query, in primary-key order: two opposite merges at the same moment wait
    # for each other instead of each holding one row and waiting for the other (a deadlock).
    rows = Complaint.objects.select_for_update().filter(pk__in=[complaint.pk, into.pk]).order_by("pk")
    locked = {row.pk: row for row in rows}
    complaint, target = locked[complaint.pk], locked[into.pk]
    access.require(actor, access.MERGE, complaint)
    access.require(actor, access.MERGE, target)
    if target.status not in MERGEABLE_TARGET:
        raise Conflict("merge_target_closed", _("The target complaint is no longer open."))
    apply_transition(complaint, Action.MERGE, actor=actor, at=at, data={"into": target.reference})
    complaint.merged_into = target
    complaint.save(update_fields=["merged_into"])
    record_event(target, "complaint.merged_in", actor=actor, at=at, data={"from": complaint.reference})
    return complaint


@transaction.atomic
def assign_complaint(
    complaint: Complaint, *, assignee, actor: Actor, at: datetime | None = None, reason: dict | None = None
) -> Complaint:
    """Give the complaint to a handler (None to unassign). Taking it is assigning to oneself.
    `reason`: why, recorded with the event (routing's strategy says how it chose)."""
    at = at or clock.now()
    complaint = _lock(complaint)
    access.require(actor, access.HANDLE, complaint)
    refusal = access.assignment_refusal(assignee, complaint) if assignee is not None else ""
    if refusal:
        name = assignee.get_full_name() or assignee.get_username()
        raise DoleancesError("assignee_not_allowed", ASSIGNMENT_REFUSALS[refusal] % {"name": name}, field="assignee")
    old = complaint.assignee
    if old == assignee:
        return complaint
    complaint.assignee = assignee
    complaint.updated_at = at
    complaint.save(update_fields=["assignee", "updated_at"])
    record_event(
        complaint,
        "complaint.assigned",
        actor=actor,
        at=at,
        data={
            "from": old.get_username() if old else None,
            "to": assignee.get_username() if assignee else None,
            **(reason or {}),
        },
    )
    return complaint


RECLASSIFIABLE_FIELDS = ("priority", "category", "team", "order_reference")


@transaction.atomic
def reclassify_complaint(
    complaint: Complaint,
    *,
    actor: Actor,
    changes: dict,
    at: datetime | None = None,
    team_source: TeamSource = TeamSource.PERSON,
    action: str = "complaint.reclassified",
    reason: dict | None = None,
) -> Complaint:
    """Change how a complaint is classified (priority, category, team, order reference), audited.

    `team_source`: why a new team is given (a person by default; routing says RULE). A new category
    also moves the complaint to the category's default team while no stronger reason holds it
    (`complaints.queues`). An assignee who cannot see the complaint in its new team is unassigned.
    A caller that changes the classification for a reason of its own (a decision on a suggested
    category, a routing rule) names it with `action` and `reason`: the change and its reason are
    then one timeline event (`reason` plus the changed fields), recorded even when nothing changed."""
    unknown = set(changes) - set(RECLASSIFIABLE_FIELDS)
    if unknown:
        message = _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        raise DoleancesError("not_reclassifiable", message)
    at = at or clock.now()
    complaint = _lock(complaint)
    access.require(actor, access.HANDLE, complaint)
    changes = dict(changes)
    if "category" in changes and "team" not in changes and changes["category"] != complaint.category:
        default_team = queues.category_team(changes["category"])
        if default_team is not None and queues.may_route(complaint, TeamSource.CATEGORY):
            changes["team"], team_source = default_team, TeamSource.CATEGORY
    recorded: dict = {}
    for field, value in changes.items():
        old = getattr(complaint, field)
        if old != value:
            setattr(complaint, field, value)
            recorded[field] = {"from": str(old) if old is not None else None, "to": str(value) if value is not None else None}
    if not recorded and reason is None:
        return complaint
    if recorded:
        fields = [*recorded, "updated_at"]
        if "team" in recorded:
            complaint.team_source = team_source if complaint.team_id is not None else None
            fields.append("team_source")
        complaint.updated_at = at
        complaint.save(update_fields=fields)
    data = {**(reason or {}), **recorded, **({"team_source": complaint.team_source} if "team" in recorded else {})}
    record_event(complaint, action, actor=actor, at=at, data=data)
    if "team" in recorded:
        _unassign_if_out_of_scope(complaint, actor=actor, at=at)
    return complaint


def _unassign_if_out_of_scope(complaint: Complaint, *, actor: Actor, at: datetime) -> None:
    """A complaint that changes team leaves a handler who no longer sees it: it goes back to the new
    team's unassigned queue (the move is not refused: routing and the category's team must work
    whoever holds the case, and the old assignee keeps no access to another team's case)."""
    old = complaint.assignee
    if old is None or access.may_be_assigned(old, complaint):
        return
    complaint.assignee = None
    complaint.save(update_fields=["assignee"])
    record_event(
        complaint,
        "complaint.assigned",
        actor=actor,
        at=at,
        data={"from": old.get_username(), "to": None, "reason": "team_changed"},
    )


@transaction.atomic
def add_internal_note(complaint: Complaint, *, body: str, actor: Actor, at: datetime | None = None) -> Message:
    at = at or clock.now()
    body = _clean_text(body, field="body")
    complaint = _lock(complaint)
    person = access.require_person(actor, access.COMMENT, complaint)
    # The customer's account manager or technician may add context, marked as such (never handle).
    field_context = access.has_conflict_of_interest(person, complaint)
    message = Message.objects.create(
        complaint=complaint,
        direction=Direction.INTERNAL,
        channel=Channel.WEB,
        author=person,
        sender=person.get_username(),
        body=body,
        visibility=Visibility.INTERNAL,
        created_at=at,
        is_field_context=field_context,
    )
    complaint.updated_at = at
    complaint.save(update_fields=["updated_at"])
    data = {"field_context": True} if field_context else None
    record_event(complaint, "message.note_added", actor=actor, at=at, message=message, data=data)
    return message


@transaction.atomic
def reply_to_customer(complaint: Complaint, *, body: str, actor: Actor, at: datetime | None = None) -> Message:
    """Write to the customer: a Message for the timeline and an outbox email, one transaction."""
    at = at or clock.now()
    body = _clean_text(body, field="body")
    complaint = _lock(complaint)
    person = access.require_person(actor, access.REPLY, complaint)
    if complaint.status not in ACCEPTS_REPLY:
        if Action.REOPEN in allowed_actions(complaint.status):
            raise Conflict("complaint_final", _("This complaint is closed: reopen it to reply to the customer."))
        raise Conflict("complaint_final", _("This complaint was withdrawn or merged: it takes no more replies."))
    # Messaging composes the mail, complaints decides to send it.
    mail = (
        emails.queue_reply(case_mail(complaint), body=body, at=at, in_reply_to=answered_message_id(complaint))
        if complaint.customer.email
        else None
    )
    message = Message.objects.create(
        complaint=complaint,
        direction=Direction.OUTBOUND,
        channel=Channel.EMAIL,
        author=person,
        recipient=complaint.customer.email,
        body=body,
        visibility=Visibility.PUBLIC,
        message_id=mail.message_id if mail else "",
        outbox_id=mail.outbox_id if mail else None,
        created_at=at,
    )
    complaint.updated_at = at
    fields = ["updated_at"]
    if complaint.first_responded_at is None:  # the first-response target is met
        complaint.first_responded_at = at
        complaint.refresh_next_due()
        fields += ["first_responded_at", "next_due_at"]
    complaint.save(update_fields=fields)
    record_event(
        complaint,
        "message.sent",
        actor=actor,
        at=at,
        visibility=Visibility.PUBLIC,
        data={"emailed": bool(complaint.customer.email)},
        message=message,
    )
    return message


@transaction.atomic
def add_customer_information(
    complaint: Complaint,
    *,
    body: str,
    channel: Channel | str,
    sender: str = "",
    message_id: str = "",
    at: datetime | None = None,
    attachments=(),
) -> Message:
    """The customer adds information (portal, API, email: `channel` says which door); a case
    waiting for them resumes. `sender`: who wrote, the customer's email address unless told;
    `message_id`: the email's Message-ID, when it came by email."""
    channel = Channel(channel)
    at = at or clock.now()
    body = _clean_text(body, field="body")
    complaint = _lock(complaint)
    if complaint.status not in ACCEPTS_CUSTOMER_INPUT:
        raise Conflict("complaint_final", _("This complaint is closed. Please file a new complaint."))
    message = Message.objects.create(
        complaint=complaint,
        direction=Direction.INBOUND,
        channel=channel,
        sender=sender or complaint.customer.email,
        body=body,
        message_id=message_id[:250],
        visibility=Visibility.PUBLIC,
        created_at=at,
    )
    stored = store_attachments(complaint, attachments, at=at, message=message)
    complaint.updated_at = at
    complaint.save(update_fields=["updated_at"])
    record_event(
        complaint,
        "message.received",
        actor_label=complaint.customer.name,
        at=at,
        visibility=Visibility.PUBLIC,
        data={"attachments": [a.original_name for a in stored]},
        message=message,
    )
    if Action.RESUME in allowed_actions(complaint.status):  # the case was waiting for them
        apply_transition(complaint, Action.RESUME, actor=SYSTEM, at=at, data={"reason": "customer_replied"})
    return message

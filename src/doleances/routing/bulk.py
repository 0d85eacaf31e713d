"""Bulk work on a queue: one action on many cases, each through the very service and permission
checks of one case, in one transaction per case. What was refused, and why, is told case by case;
one refusal never undoes the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doleances.complaints import access
from doleances.complaints.models import Team
from doleances.complaints.services import assign_complaint, reclassify_complaint
from doleances.core import clock
from doleances.core.actors import Actor
from doleances.core.errors import DoleancesError
from doleances.routing.escalation import escalate
from doleances.routing.services import tag_complaint

BULK_MAX = 500  # cases in one request


class BulkAction(models.TextChoices):
    ASSIGN = "assign", gettext_lazy("Assign to")
    TEAM = "team", gettext_lazy("Move to team")
    PRIORITY = "priority", gettext_lazy("Set priority")
    ESCALATE = "escalate", gettext_lazy("Escalate")
    TAG = "tag", gettext_lazy("Add a tag")


@dataclass(frozen=True)
class Refusal:
    reference: str
    code: str
    message: str


@dataclass(frozen=True)
class BulkSummary:
    action: str
    done: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def refusals_by_reason(self) -> list[tuple[str, list[str]]]:
        """The refused references grouped by the reason told, in order of first appearance."""
        grouped: dict[str, list[str]] = {}
        for refusal in self.refused:
            grouped.setdefault(refusal.message, []).append(refusal.reference)
        return list(grouped.items())


def _unique(references) -> list[str]:
    seen: list[str] = []
    for reference in references:
        reference = (reference or "").strip()
        if reference and reference not in seen:
            seen.append(reference)
    return seen


def apply_to_many(
    actor: Actor,
    references,
    *,
    action: str,
    assignee=None,
    team: Team | None = None,
    priority: str = "",
    reason: str = "",
    tag: str = "",
    at: datetime | None = None,
) -> BulkSummary:
    """Do `action` on each complaint `actor` may see among `references` (its own transaction each).
    A reference the actor may not see is refused like one that does not exist."""
    at = at or clock.now()
    action = BulkAction(action)
    references = _unique(references)
    if not references:
        raise DoleancesError("bulk_empty", _("Select at least one complaint."), field="references")
    if len(references) > BULK_MAX:
        raise DoleancesError(
            "bulk_too_many", _("Select %(max)d complaints at most at once.") % {"max": BULK_MAX}, field="references"
        )
    if action == BulkAction.TEAM and team is None:
        raise DoleancesError("bulk_no_team", _("Choose the team."), field="team")
    if action == BulkAction.PRIORITY and not priority:
        raise DoleancesError("bulk_no_priority", _("Choose the priority."), field="priority")
    if action == BulkAction.ESCALATE and not reason.strip():
        raise DoleancesError("bulk_no_reason", _("Say why these complaints are escalated."), field="reason")
    done: list[str] = []
    refused: list[Refusal] = []
    for reference in references:
        try:
            complaint = access.get_complaint_for(actor, reference)
        except Http404:
            refused.append(Refusal(reference, "not_found", _("No complaint with this reference that you may see.")))
            continue
        try:
            with transaction.atomic():
                _apply_one(
                    complaint, action, actor=actor, assignee=assignee, team=team, priority=priority, reason=reason, tag=tag, at=at
                )
        except DoleancesError as error:
            refused.append(Refusal(reference, error.code, str(error.message)))
        else:
            done.append(reference)
    return BulkSummary(action.value, done, refused)


def _apply_one(complaint, action: BulkAction, *, actor, assignee, team, priority, reason, tag, at) -> None:
    if action == BulkAction.ASSIGN:
        assign_complaint(complaint, assignee=assignee, actor=actor, at=at)
    elif action == BulkAction.TEAM:
        reclassify_complaint(complaint, actor=actor, changes={"team": team}, at=at)
    elif action == BulkAction.PRIORITY:
        reclassify_complaint(complaint, actor=actor, changes={"priority": priority}, at=at)
    elif action == BulkAction.ESCALATE:
        escalate(complaint, actor=actor, reason=reason.strip(), at=at)
    else:
        tag_complaint(complaint, tag=tag, actor=actor, at=at)

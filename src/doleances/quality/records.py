"""The two writes every problem service shares, manual or detected: linking complaints to a
problem and appending its `ProblemEvent` (callers own the transaction and the permission)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from doleances.core.actors import Actor, recorded_user
from doleances.quality.models import Problem, ProblemComplaint, ProblemEvent


def record_problem_event(
    problem: Problem, action: str, *, actor: Actor, at: datetime, data: dict[str, Any] | None = None
) -> ProblemEvent:
    """`actor`: the person, or SYSTEM (detection), whose event names no one."""
    user = recorded_user(actor)
    label = (user.get_full_name() or user.get_username()) if user is not None else ""
    event = ProblemEvent(problem=problem, action=action, actor=user, actor_label=label, data=data or {}, created_at=at)
    event.save(force_insert=True)
    return event


def add_links(problem: Problem, complaint_ids: Iterable[int], *, actor: Actor, at: datetime) -> list[int]:
    """Link the complaints not linked yet; returns their ids (sorted). Constant query count."""
    wanted = set(complaint_ids)
    already = set(
        ProblemComplaint.objects.filter(problem=problem, complaint_id__in=wanted).values_list("complaint_id", flat=True)
    )
    new_ids = sorted(wanted - already)
    ProblemComplaint.objects.bulk_create(
        [ProblemComplaint(problem=problem, complaint_id=pk, added_at=at, added_by=recorded_user(actor)) for pk in new_ids]
    )
    return new_ids

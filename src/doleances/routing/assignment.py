"""Who inside the team gets a routed complaint: round robin, least loaded, or by skills.

Only people `complaints.access.assignment_refusal` accepts are candidates (never an API key's service
account, never the customer's account manager or on-site technician), and nobody on an absence
that day. Deterministic: ties go to the lowest user id. `pick_assignee` writes only the team's
round-robin position, and not in a dry run; `routing.services` assigns through
`complaints.services.assign_complaint`, which checks the same rules again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, IntegerField, Sum, Value, When
from django.utils import timezone

from doleances.complaints import access, selectors
from doleances.complaints.enums import Priority
from doleances.complaints.lifecycle import OPEN_STATES
from doleances.complaints.models import Complaint
from doleances.routing.models import Absence, Skill, Strategy, TeamRotation

# How much an open case weighs in a handler's load (least loaded, skills).
PRIORITY_WEIGHT = {Priority.LOW: 1, Priority.NORMAL: 2, Priority.HIGH: 3, Priority.URGENT: 4}


@dataclass(frozen=True)
class Pick:
    """The outcome of one strategy: who (None: nobody available), among how many, and who was
    left out and why (usernames by reason: absent, conflict_of_interest, service_user)."""

    strategy: str
    assignee: object | None
    available: int
    skipped: dict[str, list[str]] = field(default_factory=dict)
    skilled: bool | None = None  # skills: did somebody have the skill (else: least loaded of all)
    loads: dict[str, int] = field(default_factory=dict)  # least loaded and skills: username → load

    def as_data(self) -> dict:
        data: dict = {"strategy": self.strategy, "available": self.available}
        if self.skipped:
            data["skipped"] = self.skipped
        if self.skilled is not None:
            data["skilled"] = self.skilled
        if self.loads:
            data["loads"] = self.loads
        return data


def available_handlers(complaint: Complaint, *, at: datetime) -> tuple[list, dict[str, list[str]]]:
    """Members of the complaint's team who may be given it today, by user id; and who may not, why."""
    if complaint.team_id is None:
        return [], {}
    members = list(
        selectors.handlers()
        .filter(teams=complaint.team_id)
        .distinct()
        .order_by("pk")
        .select_related("api_key")
        .prefetch_related("groups", "teams")
    )
    day = timezone.localdate(at)
    away = set(
        Absence.objects.filter(user__in=[m.pk for m in members], starts_on__lte=day, ends_on__gte=day).values_list(
            "user_id", flat=True
        )
    )
    available, skipped = [], {}
    for person in members:
        reason = access.assignment_refusal(person, complaint) or ("absent" if person.pk in away else "")
        if reason:
            skipped.setdefault(reason, []).append(person.get_username())
        else:
            available.append(person)
    return available, skipped


def open_loads(people: list) -> dict[int, int]:
    """Each person's open cases, weighted by priority (one query)."""
    weight = Case(
        *[When(priority=priority, then=Value(points)) for priority, points in PRIORITY_WEIGHT.items()],
        default=Value(PRIORITY_WEIGHT[Priority.NORMAL]),
        output_field=IntegerField(),
    )
    rows = (
        Complaint.objects.filter(assignee__in=[p.pk for p in people], status__in=OPEN_STATES)
        .values("assignee_id")
        .annotate(load=Sum(weight))
        .values_list("assignee_id", "load")
    )
    loads = dict.fromkeys((p.pk for p in people), 0)
    loads.update(dict(rows))
    return loads


def _least_loaded(people: list) -> tuple[object | None, dict[str, int]]:
    loads = open_loads(people)
    chosen = min(people, key=lambda p: (loads[p.pk], p.pk), default=None)
    return chosen, {p.get_username(): loads[p.pk] for p in people}


def _next_in_turn(complaint: Complaint, people: list, *, at: datetime, dry_run: bool):
    """The first person after the team's last one (by user id), going round; the position moves."""
    if dry_run:
        rotation = TeamRotation.objects.filter(team_id=complaint.team_id).first()
    else:
        TeamRotation.objects.bulk_create([TeamRotation(team_id=complaint.team_id, updated_at=at)], ignore_conflicts=True)
        rotation = TeamRotation.objects.select_for_update().get(team_id=complaint.team_id)
    last = rotation.last_assignee_id if rotation is not None and rotation.last_assignee_id else 0
    chosen = next((p for p in people if p.pk > last), people[0])
    if not dry_run and rotation is not None:
        rotation.last_assignee_id = chosen.pk
        rotation.updated_at = at
        rotation.save(update_fields=["last_assignee", "updated_at"])
    return chosen


def case_skills_key(complaint: Complaint, *, suggested_category=None, language: str = "") -> tuple[frozenset[int], str]:
    """The category ids (with parents) and the language the skills strategy looks at."""
    category = complaint.category or suggested_category
    ids = frozenset(node.pk for node in category.ancestors_and_self()) if category is not None else frozenset()
    return ids, language or complaint.language


def pick_assignee(
    complaint: Complaint,
    strategy: str,
    *,
    at: datetime,
    suggested_category=None,
    language: str = "",
    dry_run: bool = False,
) -> Pick:
    """Who of the complaint's team gets it under `strategy` (the caller holds the complaint's lock)."""
    strategy = Strategy(strategy)
    people, skipped = available_handlers(complaint, at=at)
    if not people:
        return Pick(strategy.value, None, 0, skipped)
    if strategy == Strategy.ROUND_ROBIN:
        chosen = _next_in_turn(complaint, people, at=at, dry_run=dry_run)
        return Pick(strategy.value, chosen, len(people), skipped)
    if strategy == Strategy.LEAST_LOADED:
        chosen, loads = _least_loaded(people)
        return Pick(strategy.value, chosen, len(people), skipped, loads=loads)
    category_ids, language = case_skills_key(complaint, suggested_category=suggested_category, language=language)
    skills = Skill.objects.filter(user__in=[p.pk for p in people])
    covered = {skill.user_id for skill in skills if skill.covers(category_ids, language)}
    skilled = [p for p in people if p.pk in covered]
    chosen, loads = _least_loaded(skilled or people)
    return Pick(strategy.value, chosen, len(people), skipped, skilled=bool(skilled), loads=loads)

"""Reads of routing for screens: "why here?" (which rule sent a complaint where it is, on what
values, which rules were tried before it, how the handler was chosen), and the complaint's tags."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from doleances.analysis.labels import RiskFlag, Tone, Typology
from doleances.complaints.enums import Channel, Kind, TeamSource
from doleances.complaints.models import Complaint
from doleances.complaints.selectors import display_names
from doleances.routing.models import ComplaintTag, Strategy
from doleances.routing.services import ROUTED_ACTIONS

CONDITION_LABELS: dict[str, Promise] = {
    "kind": _("kind"),
    "channel": _("channel"),
    "vip": _("VIP customer"),
    "category": _("category"),
    "tone": _("tone"),
    "risk_flag": _("risk flag"),
    "risk_score": _("risk score"),
    "language": _("language"),
    "segment": _("customer segment"),
    "typology": _("customer profile"),
    "amount": _("claimed amount"),
    "keywords": _("keywords"),
}
VALUE_LABELS = {"kind": Kind, "channel": Channel, "tone": Tone, "risk_flag": RiskFlag, "typology": Typology}
SKIP_LABELS: dict[str, Promise] = {
    "absent": _("absent"),
    "conflict_of_interest": _("account manager or on-site technician of the customer"),
    "service_user": _("service account"),
    "out_of_scope": _("not a handler of this team"),
}


def _label(condition: str, value: str) -> str:
    if condition == "vip":
        return str(_("yes")) if value == "yes" else str(_("no"))
    choices = VALUE_LABELS.get(condition)
    if choices is None or not value:
        return value
    parts = [part.strip() for part in value.split(",")]
    return ", ".join(str(choices(part).label) if part in choices.values else part for part in parts)


@dataclass(frozen=True)
class Condition:
    label: str
    expected: str
    actual: str


@dataclass(frozen=True)
class TriedRule:
    name: str
    failed: Condition


@dataclass(frozen=True)
class Assignment:
    strategy: str  # its label
    assignee: str  # display name, "" when nobody was available
    available: int
    skipped: list[tuple[str, list[str]]]  # (reason label, display names)
    skilled: bool | None


@dataclass(frozen=True)
class Explanation:
    at: datetime | None
    rule: str  # "" when no rule matched
    requalified: bool
    matched_on: list[Condition]
    tried: list[TriedRule]
    tried_count: int
    tags: list[str]  # every tag of the complaint (by rules and by people), sorted
    team_source: str  # its label
    assignment: Assignment | None


def _condition(item: dict) -> Condition:
    condition = item.get("condition", "")
    return Condition(
        label=str(CONDITION_LABELS.get(condition, condition)),
        expected=_label(condition, str(item.get("expected", ""))),
        actual=_label(condition, str(item.get("actual", ""))),
    )


def _assignment(data: dict) -> Assignment:
    skipped = data.get("skipped") or {}
    names = display_names({data.get("to") or "", *(n for people in skipped.values() for n in people)} - {""})
    strategy = data.get("strategy", "")
    return Assignment(
        strategy=str(Strategy(strategy).label) if strategy in Strategy.values else strategy,
        assignee=names.get(data.get("to") or "", data.get("to") or ""),
        available=int(data.get("available", 0)),
        skipped=[(str(SKIP_LABELS.get(reason, reason)), [names.get(n, n) for n in people]) for reason, people in skipped.items()],
        skilled=data.get("skilled"),
    )


def routing_explanation(complaint: Complaint) -> Explanation | None:
    """Why the complaint is in its team (one query). None when it was never routed and has no team reason."""
    events = complaint.events.filter(action__in=EXPLAINING_ACTIONS).order_by("sequence").values("action", "data", "created_at")
    return explain(complaint, [(e["action"], e["data"], e["created_at"]) for e in events])


EXPLAINING_ACTIONS = (*ROUTED_ACTIONS, "complaint.assigned", "complaint.tagged", "routing.nobody_available")


def explain(complaint: Complaint, events: Sequence[tuple[str, Mapping[str, Any], datetime]]) -> Explanation | None:
    """The explanation from the complaint's events in order (action, data, at) — the case page
    passes the timeline it already read, so "why here?" costs no query of its own: the last routing
    event and the automatic assignment that followed it; the tags from every rule and person."""
    source = complaint.team_source or ""
    source_label = str(TeamSource(source).label) if source in TeamSource.values else ""
    tags: list[str] = []
    routed_at, routed, assignment = None, None, None
    for action, data, at in events:
        data = data or {}
        if action in ROUTED_ACTIONS:
            routed_at, routed, assignment = at, (action, data), None
            tags += [tag for tag in data.get("tags", []) if tag not in tags]
        elif action == "complaint.tagged" and data.get("tag") not in tags:
            tags.append(data.get("tag", ""))
        elif action in ("complaint.assigned", "routing.nobody_available") and "strategy" in data and routed:
            assignment = assignment or _assignment(dict(data))
    if routed is None:
        if not (source_label or tags):
            return None
        return Explanation(None, "", False, [], [], 0, sorted(tags), source_label, None)
    action, data = routed
    return Explanation(
        at=routed_at,
        rule=data.get("rule", "") if action == "routing.rule_applied" else "",
        requalified=data.get("trigger") == "requalified",
        matched_on=[_condition(item) for item in data.get("matched_on", [])],
        tried=[TriedRule(item.get("rule", ""), _condition(item)) for item in data.get("tried", [])],
        tried_count=int(data.get("tried_count", 0)),
        tags=sorted(tags),
        team_source=source_label,
        assignment=assignment,
    )


def complaint_tags(complaint: Complaint) -> list[str]:
    return list(ComplaintTag.objects.filter(complaint=complaint).order_by("tag__name").values_list("tag__name", flat=True))

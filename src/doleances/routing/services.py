"""The only writers of the routing app: analyse a complaint and apply the routing rules to it.

The analysis itself (`doleances.analysis`) sits below routing: what it found is what the rules read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction

from doleances.analysis import services as analysis_services
from doleances.analysis.models import ComplaintAnalysis
from doleances.complaints import queues
from doleances.complaints.enums import TeamSource
from doleances.complaints.models import Complaint
from doleances.complaints.services import reclassify_complaint
from doleances.core import clock
from doleances.core.actors import SYSTEM
from doleances.routing.models import RoutingRule


def analyse_complaint(complaint: Complaint, *, at: datetime | None = None) -> ComplaintAnalysis:
    """Analyse one complaint, store the result, update the customer's typology hint and route it.
    Safe to run twice: the analysis is replaced and a complaint is routed by a rule only once."""
    return analyse_complaints([complaint.pk], at=at)[0]


def analyse_complaints(complaint_ids: Sequence[int], *, at: datetime | None = None) -> list[ComplaintAnalysis]:
    """Batch version of `analyse_complaint` (the category model runs vectorised). Each complaint's
    analysis and routing commit together: a complaint is never left analysed but not routed."""
    at = at or clock.now()
    readings = analysis_services.read_complaints(complaint_ids)
    if not readings:
        return []
    rules = list(RoutingRule.objects.filter(is_active=True).select_related("set_team"))
    analyses = []
    for reading in readings:
        with transaction.atomic():
            stored = analysis_services.record_analysis(reading, at=at)
            apply_routing_rules(reading.complaint, stored, at=at, rules=rules)
        analyses.append(stored)
    return analyses


@transaction.atomic
def apply_routing_rules(
    complaint: Complaint, analysis: ComplaintAnalysis, *, at: datetime, rules: Iterable[RoutingRule] | None = None
) -> RoutingRule | None:
    """The first matching active rule (by order) sets the team and/or priority, once per complaint:
    a later analysis never undoes what a person changed since."""
    complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)
    if complaint.events.filter(action="routing.rule_applied").exists():
        return None
    if rules is None:
        rules = RoutingRule.objects.filter(is_active=True).select_related("set_team")
    rule = next((r for r in rules if r.is_active and r.matches(complaint, analysis)), None)
    if rule is None:
        return None
    changes: dict = {}
    # A team chosen by a person or by the channel (an API key's team) stays; the rule still sets
    # the priority.
    if rule.set_team_id is not None and queues.may_route(complaint, TeamSource.RULE):
        changes["team"] = rule.set_team
    if rule.set_priority:
        changes["priority"] = rule.set_priority
    reason = {"rule": rule.name, "rule_id": rule.pk}
    reclassify_complaint(
        complaint, actor=SYSTEM, changes=changes, at=at, team_source=TeamSource.RULE, action="routing.rule_applied", reason=reason
    )
    return rule

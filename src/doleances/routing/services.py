"""The only writers of the routing app: analyse a complaint, route it with the rules (team, priority,
tags, the handler inside the team) and tag complaints.

The analysis itself (`doleances.analysis`) sits below routing: what it found is what the rules read.
Routing is deterministic (rules by order, then id; ties between people by user id) and always
leaves the complaint in a team: the intake team when no rule and no category put it anywhere.
What was tried and why the complaint landed where it did is stored with the routing event: the
case page's "why here?" reads it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from doleances.analysis import services as analysis_services
from doleances.analysis.classifier_store import active_model, categories_by_name, keyword_rules
from doleances.analysis.models import ComplaintAnalysis, CustomerTypology
from doleances.complaints import access, queues
from doleances.complaints.enums import TeamSource
from doleances.complaints.events import record_event
from doleances.complaints.models import Complaint
from doleances.complaints.services import assign_complaint, reclassify_complaint
from doleances.core import clock
from doleances.core.actors import SYSTEM, Actor
from doleances.core.errors import DoleancesError
from doleances.nlp import pipeline
from doleances.nlp.risk import score_risk
from doleances.routing.assignment import Pick, pick_assignee
from doleances.routing.conditions import Check, Facts, fold
from doleances.routing.models import TAG_MAX_LENGTH, ComplaintTag, RoutingRule, Tag

ROUTED_ACTIONS = ("routing.rule_applied", "routing.no_rule_matched")
TRIED_KEPT = 30  # rules that did not match, told with their first failing condition; the count is kept


class Trigger:
    INTAKE = "intake"  # after the first analysis
    REQUALIFIED = "requalified"  # a person (or the qualification step) asked to route again


def active_rules() -> list[RoutingRule]:
    return list(RoutingRule.objects.filter(is_active=True).select_related("set_team", "category").prefetch_related("set_tags"))


def analyse_complaint(complaint: Complaint, *, at: datetime | None = None) -> ComplaintAnalysis:
    """Analyse one complaint, store the result, update the customer's typology hint and route it.
    Safe to run twice: the analysis is replaced and a complaint is routed after intake only once."""
    return analyse_complaints([complaint.pk], at=at)[0]


def analyse_complaints(complaint_ids: Sequence[int], *, at: datetime | None = None) -> list[ComplaintAnalysis]:
    """Batch version of `analyse_complaint` (the category model runs vectorised). Each complaint's
    analysis and routing commit together: a complaint is never left analysed but not routed."""
    at = at or clock.now()
    readings = analysis_services.read_complaints(complaint_ids)
    if not readings:
        return []
    rules = active_rules()
    analyses = []
    for reading in readings:
        with transaction.atomic():
            stored = analysis_services.record_analysis(reading, at=at)
            apply_routing_rules(reading.complaint, stored, at=at, rules=rules)
        analyses.append(stored)
    return analyses


def facts_for(complaint: Complaint, analysis: ComplaintAnalysis | None) -> Facts:
    """What the rules may look at in a stored complaint (and its analysis, when there is one)."""
    category = complaint.category or (analysis.suggested_category if analysis is not None else None)
    typology = CustomerTypology.objects.filter(customer_id=complaint.customer_id).first()
    return Facts(
        kind=complaint.kind,
        channel=complaint.channel,
        category_ids=frozenset(node.pk for node in category.ancestors_and_self()) if category is not None else frozenset(),
        category=str(category) if category is not None else "",
        tone=analysis.tone if analysis is not None else "",
        risk_flags=frozenset(flag for flag, evidence in (analysis.risk_flags if analysis else {}).items() if evidence),
        risk_score=analysis.risk_score if analysis is not None else 0,
        language=analysis.language if analysis is not None else complaint.language,
        is_vip=complaint.customer.is_vip,
        segment=complaint.customer.segment,
        amount=complaint.claimed_amount,
        text=fold(f"{complaint.subject}\n{complaint.description}"),
        typology=(typology.confirmed or typology.suggested) if typology is not None else "",
    )


@dataclass(frozen=True)
class Evaluation:
    """The first matching rule (None: none did), the conditions it matched on, and the rules tried
    before it with the first condition that failed."""

    rule: RoutingRule | None
    matched_on: list[Check]
    tried: list[dict] = field(default_factory=list)

    def as_data(self) -> dict:
        data: dict = {"tried": self.tried[:TRIED_KEPT], "tried_count": len(self.tried)}
        if self.rule is not None:
            data = {"rule": self.rule.name, "rule_id": self.rule.pk, "matched_on": [c.as_data() for c in self.matched_on], **data}
        return data


def evaluate_rules(facts: Facts, rules: Iterable[RoutingRule]) -> Evaluation:
    """Pure over its inputs: the active rules by (order, id), the first whose conditions all hold."""
    tried: list[dict] = []
    for rule in sorted((r for r in rules if r.is_active), key=lambda r: (r.order, r.pk or 0)):
        checks = rule.checks(facts)
        failed = next((check for check in checks if not check.holds), None)
        if failed is None:
            return Evaluation(rule, checks, tried)
        tried.append({"rule": rule.name, "rule_id": rule.pk, **failed.as_data()})
    return Evaluation(None, [], tried)


@transaction.atomic
def apply_routing_rules(
    complaint: Complaint, analysis: ComplaintAnalysis, *, at: datetime, rules: Iterable[RoutingRule] | None = None
) -> RoutingRule | None:
    """Route a complaint after its analysis, once: a later analysis never undoes what a person
    changed since (a re-qualification routes again through `route_complaint`)."""
    complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)
    if complaint.events.filter(action__in=ROUTED_ACTIONS).exists():
        return None
    return _route(complaint, analysis, actor=SYSTEM, at=at, rules=rules, trigger=Trigger.INTAKE)


@transaction.atomic
def route_complaint(
    complaint: Complaint, *, actor: Actor, at: datetime | None = None, trigger: str = Trigger.REQUALIFIED
) -> RoutingRule | None:
    """Run the rules again on a complaint (after a re-qualification): team (where no stronger
    reason holds it), priority, tags and the handler, recorded with what was tried."""
    at = at or clock.now()
    access.require(actor, access.HANDLE, complaint)
    complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)
    analysis = ComplaintAnalysis.objects.filter(complaint=complaint).select_related("suggested_category").first()
    return _route(complaint, analysis, actor=actor, at=at, rules=None, trigger=trigger)


def _route(
    complaint: Complaint,
    analysis: ComplaintAnalysis | None,
    *,
    actor: Actor,
    at: datetime,
    rules: Iterable[RoutingRule] | None,
    trigger: str,
) -> RoutingRule | None:
    rules = active_rules() if rules is None else list(rules)
    evaluation = evaluate_rules(facts_for(complaint, analysis), rules)
    rule = evaluation.rule
    changes: dict = {}
    team_source = TeamSource.RULE
    # A team chosen by a person or by the channel (an API key's team) stays; the rule still sets
    # the priority, the tags and the handler.
    if rule is not None and rule.set_team_id is not None and queues.may_route(complaint, TeamSource.RULE):
        changes["team"] = rule.set_team
    if rule is not None and rule.set_priority:
        changes["priority"] = rule.set_priority
    if complaint.team_id is None and "team" not in changes:
        intake = queues.intake_team()  # always a team: the intake team when nothing else holds it
        if intake is not None:
            changes["team"], team_source = intake, TeamSource.INTAKE
    if rule is None and not evaluation.tried and not changes:
        return None  # no rule at all and the team stays: nothing to tell
    reason = {"trigger": trigger, **evaluation.as_data()}
    tags = _add_tags(complaint, rule.set_tags.all(), at=at) if rule is not None else []
    if tags:
        reason["tags"] = tags
    if rule is not None and rule.set_strategy:
        reason["strategy"] = rule.set_strategy
    action = "routing.rule_applied" if rule is not None else "routing.no_rule_matched"
    complaint = reclassify_complaint(
        complaint, actor=actor, changes=changes, at=at, team_source=team_source, action=action, reason=reason
    )
    if rule is not None and rule.set_strategy and complaint.assignee_id is None:
        suggested = analysis.suggested_category if analysis is not None else None
        language = analysis.language if analysis is not None else ""
        pick = pick_assignee(complaint, rule.set_strategy, at=at, suggested_category=suggested, language=language)
        _assign_pick(complaint, pick, rule=rule, at=at)
    return rule


def _assign_pick(complaint: Complaint, pick: Pick, *, rule: RoutingRule, at: datetime) -> None:
    if pick.assignee is None:
        record_event(complaint, "routing.nobody_available", actor=SYSTEM, at=at, data={"rule": rule.name, **pick.as_data()})
        return
    assign_complaint(complaint, assignee=pick.assignee, actor=SYSTEM, at=at, reason={"rule": rule.name, **pick.as_data()})


def _add_tags(complaint: Complaint, tags: Iterable[Tag], *, at: datetime) -> list[str]:
    """Link the tags (those already there stay as they are); the names newly added, sorted."""
    tags = list(tags)
    if not tags:
        return []
    present = set(ComplaintTag.objects.filter(complaint=complaint, tag__in=tags).values_list("tag_id", flat=True))
    new = [tag for tag in tags if tag.pk not in present]
    ComplaintTag.objects.bulk_create([ComplaintTag(complaint=complaint, tag=tag, added_at=at) for tag in new])
    return sorted(tag.name for tag in new)


def clean_tag_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise DoleancesError("tag_empty", _("Name the tag."), field="tag")
    if len(name) > TAG_MAX_LENGTH:
        raise DoleancesError("tag_too_long", _("A tag has 60 characters at most."), field="tag")
    return name


@transaction.atomic
def tag_complaint(complaint: Complaint, *, tag: str, actor: Actor, at: datetime | None = None) -> bool:
    """Put a tag on a complaint (created when new, the same tag whatever its capitals). True when
    the tag was added, False when the complaint already had it."""
    at = at or clock.now()
    name = clean_tag_name(tag)
    complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)
    access.require(actor, access.HANDLE, complaint)
    found = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
    if not _add_tags(complaint, [found], at=at):
        return False
    record_event(complaint, "complaint.tagged", actor=actor, at=at, data={"tag": found.name})
    return True


@dataclass(frozen=True)
class Simulation:
    """What routing would do, without doing it (the admin's dry run)."""

    evaluation: Evaluation
    facts: Facts
    team: object | None
    team_kept: bool  # a person or the channel chose the team: the rule's team would not apply
    priority: str
    tags: list[str]
    pick: Pick | None


def simulate_routing(complaint: Complaint, facts: Facts, *, at: datetime | None = None) -> Simulation:
    """Run the active rules and the chosen strategy on `complaint` (stored or not) and `facts`;
    nothing is written, the round robin does not move."""
    at = at or clock.now()
    evaluation = evaluate_rules(facts, active_rules())
    rule = evaluation.rule
    team, kept = complaint.team, False
    if rule is not None and rule.set_team_id is not None:
        if queues.may_route(complaint, TeamSource.RULE):
            team = rule.set_team
        else:
            kept = True
    if team is None:
        team = queues.intake_team()
    pick = None
    if rule is not None and rule.set_strategy:
        # A copy in the team it would reach, never saved: who of that team would take it.
        probe = Complaint(pk=complaint.pk, customer=complaint.customer, team=team, category=complaint.category)
        probe.language = facts.language or complaint.language
        pick = pick_assignee(probe, rule.set_strategy, at=at, language=facts.language, dry_run=True)
    return Simulation(
        evaluation=evaluation,
        facts=facts,
        team=team,
        team_kept=kept,
        priority=(rule.set_priority if rule is not None and rule.set_priority else complaint.priority) or "normal",
        tags=sorted(tag.name for tag in rule.set_tags.all()) if rule is not None else [],
        pick=pick,
    )


def facts_for_text(*, subject: str, description: str, kind: str, channel: str, amount, customer) -> tuple[Facts, Complaint]:
    """Facts of a pasted complaint, read by the same NLP pipeline as a stored one, and the unsaved
    complaint they describe (for the dry run: nothing is stored)."""
    current = active_model()
    text = "\n\n".join(part.strip() for part in (subject, description) if part and part.strip())
    (result,) = pipeline.analyse_many([text], model=current.model, keyword_rules=keyword_rules())
    suggestion = result.category
    category = categories_by_name([suggestion.label]).get(suggestion.label) if suggestion is not None else None
    risk = score_risk(
        result.risk_flags,
        result.tone,
        customer_value=float(customer.annual_value) if customer.annual_value is not None else None,
        is_vip=customer.is_vip,
    )
    complaint = Complaint(
        subject=subject, description=description, kind=kind, channel=channel, claimed_amount=amount, customer=customer
    )
    complaint.language = result.language.code
    complaint.category = category
    typology = CustomerTypology.objects.filter(customer_id=customer.pk).first() if customer.pk else None
    facts = Facts(
        kind=kind,
        channel=channel,
        category_ids=frozenset(node.pk for node in category.ancestors_and_self()) if category is not None else frozenset(),
        category=str(category) if category is not None else "",
        tone=result.tone.label,
        risk_flags=frozenset(flag for flag, evidence in result.risk_flags.flags.items() if evidence),
        risk_score=risk.score,
        language=result.language.code,
        is_vip=customer.is_vip,
        segment=customer.segment,
        amount=amount,
        text=fold(f"{subject}\n{description}"),
        typology=(typology.confirmed or typology.suggested) if typology is not None else "",
    )
    return facts, complaint

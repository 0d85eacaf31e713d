"""Presentation helpers of the staff UI: badge colours, timeline sentences."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from django import template
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from doleances.agent.answer_events import answer_event_sentence
from doleances.agent.guards import may_supervise_mail as _may_supervise_mail
from doleances.agent.signin.policy import needs_second_factor
from doleances.complaints import access
from doleances.complaints.enums import Channel, Status, TeamSource
from doleances.complaints.models import ComplaintEvent
from doleances.complaints.selectors import TimelineEvent
from doleances.quality.models import ProblemStatus

register = template.Library()

STATUS_TONES = {
    Status.RECEIVED: "neutral",
    Status.ACKNOWLEDGED: "neutral",
    Status.QUALIFIED: "",
    Status.IN_PROGRESS: "",
    Status.WAITING_CUSTOMER: "warn",
    Status.ANSWERED: "ok",
    Status.RESOLVED: "ok",
    Status.CLOSED: "neutral",
    Status.REOPENED: "warn",
    Status.WITHDRAWN: "neutral",
    Status.MERGED: "neutral",
}
PRIORITY_TONES = {"urgent": "danger", "high": "warn"}
PROBLEM_TONES = {
    ProblemStatus.PROPOSED: "warn",
    ProblemStatus.CONFIRMED: "danger",
    ProblemStatus.DISMISSED: "neutral",
    ProblemStatus.CLOSED: "ok",
}
# The analysis panel: the customer's tone and the risk level (codes of the analysis labels).
TONE_TONES = {"calm": "ok", "dissatisfied": "warn", "angry": "danger", "distressed": "danger"}
RISK_TONES = {"low": "ok", "medium": "warn"}


def _badge(tones: Mapping[str, str], unknown: str) -> Callable[[str], str]:
    """A filter giving the badge colour (a class of base.css) of a code; `unknown` for any other."""

    def badge(code: str) -> str:
        return tones.get(code, unknown)

    return badge


register.filter("status_tone", _badge(STATUS_TONES, "neutral"))
register.filter("priority_tone", _badge(PRIORITY_TONES, ""))
register.filter("problem_tone", _badge(PROBLEM_TONES, "neutral"))
register.filter("customer_tone", _badge(TONE_TONES, "neutral"))
register.filter("risk_tone", _badge(RISK_TONES, "danger"))  # any level above medium is a danger


def _status_label(value: str | None) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value or ""


@register.simple_tag
def event_sentence(event: TimelineEvent | ComplaintEvent, names: dict[str, str] | None = None) -> str:
    """What happened, in words (the raw action name stays visible to auditors as a title)."""
    data = event.data or {}
    action = event.action
    answered = answer_event_sentence(action, data)  # issue 20: decisions, remedy replies, surveys
    if answered is not None:
        return answered
    if action == "complaint.received":
        channel = data.get("channel")
        label = Channel(channel).label if channel in Channel.values else channel
        return _("Complaint received (%(channel)s)") % {"channel": label}
    if action == "complaint.assigned":
        if data.get("to"):
            return _("Assigned to %(name)s") % {"name": (names or {}).get(data["to"], data["to"])}
        if data.get("reason") == "team_changed":
            name = (names or {}).get(data.get("from"), data.get("from"))
            return _("No longer assigned to %(name)s: the complaint moved to a team they are not in") % {"name": name}
        return _("No longer assigned")
    if action == "acknowledgement.withheld":
        limit = data.get("limit", 0)
        return ngettext(
            "Acknowledgement not emailed: %(recipient)s already received %(limit)d acknowledgement within "
            "%(period)s (the limit per address). Answer the customer if the complaint is genuine.",
            "Acknowledgement not emailed: %(recipient)s already received %(limit)d acknowledgements within "
            "%(period)s (the limit per address). Answer the customer if the complaint is genuine.",
            limit,
        ) % {"recipient": data.get("recipient", ""), "limit": limit, "period": _period(data.get("period_seconds", 0))}
    if action == "mail.bounced":
        return _(
            "Our mail to %(recipient)s could not be delivered (%(status)s %(diagnostic)s): the customer did not receive it."
        ) % {
            "recipient": data.get("recipient", ""),
            "status": data.get("status", ""),
            "diagnostic": data.get("diagnostic", ""),
        }
    if action == "complaint.linked":
        if data.get("follows"):
            return _("Follows %(reference)s, closed too long ago to be reopened by a reply") % {"reference": data["follows"]}
        return _("The customer's reply opened a new complaint: %(reference)s") % {"reference": data.get("followed_by", "")}
    if action == "intake.post_received":
        return _("Posted on %(source)s") % {"source": data.get("source_label") or data.get("source", "")}
    if action == "attachments.refused":
        refused = data.get("refused", [])
        sentence = ngettext(
            "%(count)d file of a reply was not kept", "%(count)d files of a reply were not kept", len(refused)
        ) % {"count": len(refused)}
        return sentence + (" " + _("(the customer was told by mail)") if data.get("emailed") else "")
    if action == "complaint.merged_in":
        return _("Complaint %(reference)s merged into this one") % {"reference": data.get("from", "")}
    if action == "complaint.merged":
        return _("Merged into %(reference)s") % {"reference": data.get("into", "")}
    if action == "customer.merged":  # issue 17
        return _("Customer record “%(merged)s” merged into “%(kept)s”: the complaint moved with it") % {
            "merged": data.get("from_name", ""),
            "kept": data.get("into_name", ""),
        }
    if action.startswith("complaint.") and "to" in data:
        return _("Status: %(from)s → %(to)s") % {"from": _status_label(data.get("from")), "to": _status_label(data.get("to"))}
    if action == "complaint.reclassified":
        sentence = _("Classification changed: %(fields)s") % {"fields": ", ".join(_reclassified(data))}
        if data.get("team_source") == TeamSource.CATEGORY:
            sentence += " " + _("(the category's default team)")
        return sentence
    if action == "routing.rule_applied":
        changed = _reclassified(data)
        if changed:
            return _("Routed by rule “%(rule)s”: %(fields)s") % {"rule": data.get("rule", ""), "fields": ", ".join(changed)}
        return _("Routed by rule “%(rule)s”") % {"rule": data.get("rule", "")}
    if action == "routing.no_rule_matched":
        sentence = _("No routing rule matched")
        team = data.get("team")
        if isinstance(team, dict) and team.get("to"):
            sentence += ": " + _("placed in the intake team %(team)s") % {"team": team["to"]}
        return sentence
    if action == "routing.nobody_available":
        return _("Nobody of the team was available to take the complaint (rule “%(rule)s”)") % {"rule": data.get("rule", "")}
    if action == "complaint.tagged":
        return _("Tag added: %(tag)s") % {"tag": data.get("tag", "")}
    if action == "routing.typology_confirmed":
        return _("Customer profile confirmed") if data.get("to") else _("Customer profile cleared")
    if action == "audit.chain_keyed":
        return _("Audit trail sealed with the audit key (earlier events use plain SHA-256)")
    if action in ("routing.suggestion_accepted", "routing.suggestion_corrected"):
        sentence = _category_decision(action, data)
        team = data.get("team")
        if isinstance(team, dict):
            moved = _("%(field)s %(from)s → %(to)s") % {
                "field": RECLASSIFIED_FIELDS["team"],
                "from": team.get("from") or "—",
                "to": team.get("to") or "—",
            }
            sentence += "; " + moved
            if data.get("team_source") == TeamSource.CATEGORY:
                sentence += " " + _("(the category's default team)")
        return sentence
    return action


def _category_decision(action: str, data: dict) -> str:
    category = data.get("category")
    name = (category.get("to") if isinstance(category, dict) else category) or ""
    if action == "routing.suggestion_accepted":
        return _("Suggested category accepted: %(name)s") % {"name": name}
    if data.get("suggested"):
        return _("Category set to %(name)s instead of the suggested %(suggested)s") % {
            "name": name,
            "suggested": data["suggested"],
        }
    return _("Category set to %(name)s") % {"name": name}


def _period(seconds: int) -> str:
    """ "1 day", "12 hours": a length of time in words."""
    start = datetime(2000, 1, 1)
    return timesince(start, start + timedelta(seconds=seconds))


RECLASSIFIED_FIELDS = {
    "priority": gettext_lazy("priority"),
    "category": gettext_lazy("category"),
    "team": gettext_lazy("team"),
    "order_reference": gettext_lazy("order or contract reference"),
}


def _reclassified(data: dict) -> list[str]:
    return [
        f"{RECLASSIFIED_FIELDS.get(field, field)} {change.get('from') or '—'} → {change.get('to') or '—'}"
        for field, change in data.items()
        if isinstance(change, dict)
    ]


@register.simple_tag
def may_supervise_mail(user) -> bool:
    return _may_supervise_mail(user)


@register.simple_tag
def is_administrator(user) -> bool:
    """May see the mail intake's quarantine."""
    return access.is_administrator(user)


@register.simple_tag
def awaits_second_factor(user) -> bool:
    """Signed in with the password while the code is still due: the menu would only lead back."""
    return needs_second_factor(user)

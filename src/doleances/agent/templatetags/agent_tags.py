"""Presentation helpers of the staff UI: badge colours, deadlines, timeline sentences."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from doleances.agent.guards import may_supervise_mail as _may_supervise_mail
from doleances.agent.signin.policy import needs_second_factor
from doleances.complaints import access
from doleances.complaints.enums import Channel, Status, TeamSource
from doleances.complaints.models import Complaint, ComplaintEvent

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


@register.filter
def status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "neutral")


@register.filter
def priority_tone(priority: str) -> str:
    return PRIORITY_TONES.get(priority, "")


@register.simple_tag
def due_state(complaint: Complaint, now: datetime, due_soon: datetime) -> str:
    """ "overdue", "soon" (due within two days) or "" for the response deadline."""
    if complaint.is_overdue(now):
        return "overdue"
    due = complaint.response_due_at
    if complaint.is_open and complaint.answered_at is None and due is not None and due <= due_soon:
        return "soon"
    return ""


def _status_label(value: str | None) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value or ""


@register.simple_tag
def event_sentence(event: ComplaintEvent, names: dict[str, str] | None = None) -> str:
    """What happened, in words (the raw action name stays visible to auditors as a title)."""
    data = event.data or {}
    action = event.action
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

import datetime as dt

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doleances.quality.access import may_decide_problems, may_view_problems

register = template.Library()
register.simple_tag(may_view_problems)
register.simple_tag(may_decide_problems)


@register.filter
def get_count(counts: dict, key: str) -> int:
    return counts.get(key, 0)


@register.filter
def as_date(value: str):
    """An ISO date kept in the evidence JSON, for the `date` filter."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


EVENT_LABELS = {
    "problem.proposed": _("Proposed by detection"),
    "problem.detection_updated": _("Detection updated the evidence"),
    "problem.created": _("Recorded by hand"),
    "problem.confirmed": pgettext_lazy("problem status", "Confirmed"),
    "problem.dismissed": pgettext_lazy("problem status", "Dismissed"),
    "problem.closed": pgettext_lazy("problem status", "Closed"),
    "problem.complaints_linked": _("Complaints linked"),
}


@register.filter
def problem_event_label(action: str) -> str:
    return EVENT_LABELS.get(action, action)

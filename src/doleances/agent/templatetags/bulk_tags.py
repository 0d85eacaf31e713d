"""Template helpers of the list's bulk actions (issue 18)."""

from django import template

from doleances.complaints import access
from doleances.complaints.enums import Priority
from doleances.routing.bulk import BulkAction

register = template.Library()


@register.filter
def works_in_bulk(user) -> bool:
    """Handlers see the tick boxes and the bulk bar (each case is still checked one by one)."""
    return access.is_handler(user)


@register.simple_tag
def bulk_actions() -> list:
    return BulkAction.choices


@register.simple_tag
def priorities() -> list:
    return Priority.choices


@register.filter
def people_choices(choices) -> list:
    """The filter form's people, without its "anyone", "me" and "unassigned" entries."""
    return [(value, label) for value, label in choices if value not in ("", "me", "none")]


@register.filter
def team_choices(choices) -> list:
    return [(value, label) for value, label in choices if value != ""]

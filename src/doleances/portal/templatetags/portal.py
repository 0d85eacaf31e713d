"""Small helpers for the public templates."""

from django import template
from django.conf import settings

from doleances.portal.forms import KIND_EXPLANATIONS

register = template.Library()


@register.simple_tag
def organisation_name() -> str:
    return settings.DOLEANCES_ORGANISATION


@register.filter
def anchor_id(bound_field) -> str:
    """The id to link to from the error summary (the first radio of a radio group)."""
    if getattr(bound_field.field.widget, "input_type", "") == "radio":
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label


@register.filter
def kind_explanation(value: str) -> str:
    """The plain-words explanation of a kind of request (complaint or claim)."""
    return str(KIND_EXPLANATIONS.get(value, ""))

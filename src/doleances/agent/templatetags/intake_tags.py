"""Template tags for how a complaint came in (the case page's source panel)."""

from __future__ import annotations

from django import template

from doleances.intake import selectors

register = template.Library()


@register.simple_tag
def post_origin(complaint) -> selectors.PostOrigin | None:
    return selectors.post_origin(complaint)

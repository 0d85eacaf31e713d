"""Template helper of the case page's "why here?" panel and tags (issue 18)."""

from django import template

from doleances.routing import selectors

register = template.Library()


@register.simple_tag
def routing_explanation(complaint, timeline):
    """From the timeline the case page already read: no query of its own."""
    events = [(item.event.action, item.event.data, item.event.at) for item in timeline if item.event is not None]
    return selectors.explain(complaint, events)

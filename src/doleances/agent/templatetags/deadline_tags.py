"""Time left before a deadline, as a colour and words (never colour alone) — issue 19."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doleances.core import clock

register = template.Library()
AT_RISK = timedelta(days=2)


def _span(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 3600:
        minutes = max(seconds // 60, 1)
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    if seconds < 86400:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = seconds // 86400
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


@register.simple_tag
def time_left(due: datetime | None, now: datetime | None = None) -> dict:
    """{"tone": danger|warn|ok|"", "label": "Late by 3 days" / "5 hours left"}."""
    if due is None:
        return {"tone": "", "label": ""}
    now = now or clock.now()
    if due < now:
        return {"tone": "danger", "label": _("Late by %(span)s") % {"span": _span(now - due)}}
    left = due - now
    if left <= AT_RISK:
        return {"tone": "warn", "label": _("%(span)s left") % {"span": _span(left)}}
    return {"tone": "ok", "label": _("%(span)s left") % {"span": _span(left)}}

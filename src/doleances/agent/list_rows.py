"""The agent list's lines as its template prints them (issue 16: keep per-row work out of the loop).

What is the same for every line is worked out once per request: the column labels in the
request's language (`ListLabels`), the address of a case (a string prefix, not one `{% url %}`
per line), the date formats. Each line then gets its link, CSS class, badge tones and dates as
plain strings, so the row loop only prints values.

To add a column: its header in `ListLabels` (translated in `list_labels`), its cell in
`_complaint_results.html`. A value of `ComplaintRow` is read in the template as `c.<field>`
directly: `ListRow` hands every field it does not compute itself to its `ComplaintRow`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from doleances.agent.templatetags.agent_tags import PRIORITY_TONES, STATUS_TONES
from doleances.agent.templatetags.deadline_tags import time_left
from doleances.complaints.selectors import DUE_SOON_STATE, OVERDUE, ComplaintRow

_PLACEHOLDER = "REFERENCE"
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what `reverse` leaves unquoted in a path argument


@dataclass(frozen=True)
class ListLabels:
    """The list's words, translated once per request."""

    results: str
    reference: str
    subject: str
    customer: str
    kind: str
    status: str
    response_due: str
    priority: str
    team: str
    assignee: str
    received: str
    vip: str
    overdue: str
    regulatory_breach: str
    due_soon: str
    unassigned: str
    no_deadline: str


def list_labels() -> ListLabels:
    return ListLabels(
        results=_("Results"),
        reference=_("Reference"),
        subject=_("Subject"),
        customer=_("Customer"),
        kind=_("Kind"),
        status=_("Status"),
        response_due=_("Next deadline"),  # issue 19: the earliest clock still to meet
        priority=_("Priority"),
        team=_("Team"),
        assignee=_("Assignee"),
        received=_("Received"),
        vip=_("VIP"),
        overdue=_("Overdue"),
        regulatory_breach=_("Regulatory deadline missed"),
        due_soon=_("Due within two days"),
        unassigned=_("Unassigned"),
        no_deadline=_("No deadline pending"),
    )


@dataclass(frozen=True)
class ListRow:
    """One line: what the template prints, and the `ComplaintRow` behind it for everything else."""

    row: ComplaintRow
    url: str
    css_class: str
    status_tone: str
    priority_tone: str
    due_date: str  # the response deadline as a short date ("" when there is none)
    received_iso: str
    received_title: str  # date and time, for the tooltip
    received_date: str
    # The next deadline (issue 19): time left in words and its tone, the date and its tooltip.
    time_left_label: str
    time_left_tone: str
    next_due_iso: str
    next_due_title: str
    next_due_date: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


def list_row_maker(*, at: datetime) -> Callable[[ComplaintRow], ListRow]:
    """A function turning each `ComplaintRow` of this request's page into a `ListRow` (time left
    counted from `at`, the request's one moment)."""
    prefix, suffix = reverse("agent:complaint_detail", args=[_PLACEHOLDER]).split(_PLACEHOLDER)
    short, full = get_format("SHORT_DATE_FORMAT"), get_format("DATETIME_FORMAT")
    short_dates: dict[date, str] = {}  # a page holds many complaints of the same day

    def short_date(moment: datetime) -> str:
        day = moment.date()
        if day not in short_dates:
            short_dates[day] = dateformat.format(moment, short)
        return short_dates[day]

    def make(row: ComplaintRow) -> ListRow:
        received = localtime(row.received_at)
        css = "is-overdue" if row.due == OVERDUE else "is-due-soon" if row.due == DUE_SOON_STATE else ""
        if not row.is_open:
            css += " is-closed"
        due = localtime(row.next_due_at) if row.next_due_at else None
        left = time_left(due, at) if due is not None else {"tone": "", "label": ""}
        return ListRow(
            row=row,
            url=f"{prefix}{quote(row.reference, safe=URL_SAFE)}{suffix}",
            css_class=css,
            status_tone=STATUS_TONES.get(row.status, "neutral"),
            priority_tone=PRIORITY_TONES.get(row.priority, ""),
            due_date=short_date(localtime(row.response_due_at)) if row.response_due_at else "",
            received_iso=received.isoformat(),
            received_title=dateformat.format(received, full),
            received_date=short_date(received),
            time_left_label=left["label"],
            time_left_tone="neutral" if left["tone"] == "ok" else left["tone"],
            next_due_iso=due.isoformat() if due else "",
            next_due_title=dateformat.format(due, full) if due else "",
            next_due_date=short_date(due) if due else "",
        )

    return make

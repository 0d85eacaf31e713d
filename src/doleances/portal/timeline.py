"""What the customer may see of a complaint, in their words: status, public timeline, documents.

Only PUBLIC events and PUBLIC messages are read; internal notes and internal events never
leave the database here. A fixed number of queries whatever the length of the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from doleances.complaints.enums import Status, Visibility
from doleances.complaints.lifecycle import ACCEPTS_CUSTOMER_INPUT
from doleances.complaints.models import Attachment, Complaint
from doleances.complaints.selectors import public_history


@dataclass(frozen=True)
class CustomerStatus:
    label: Promise
    explanation: Promise
    badge: str


_RECEIVED = CustomerStatus(_("Received"), _("We have received your request and will look at it shortly."), "neutral")
_HANDLING = CustomerStatus(_("Being handled"), _("A member of our team is looking into your request."), "")
CUSTOMER_STATUS = {
    Status.RECEIVED: _RECEIVED,
    Status.ACKNOWLEDGED: _RECEIVED,
    Status.QUALIFIED: _HANDLING,
    Status.IN_PROGRESS: _HANDLING,
    Status.REOPENED: _HANDLING,
    Status.WAITING_CUSTOMER: CustomerStatus(
        _("Waiting for your reply"), _("We need information from you to go on. Please use the form below."), "warn"
    ),
    Status.ANSWERED: CustomerStatus(_("Answered"), _("We have answered you. You can still reply below."), "ok"),
    Status.RESOLVED: CustomerStatus(_("Resolved"), _("Your request is resolved. You can still reply below."), "ok"),
    Status.CLOSED: CustomerStatus(_("Closed"), _("This request is closed."), "neutral"),
    Status.WITHDRAWN: CustomerStatus(_("Withdrawn"), _("This request has been withdrawn."), "neutral"),
    Status.MERGED: CustomerStatus(
        _("Joined to another request"), _("We handle this request together with another one of yours."), "neutral"
    ),
}

# Public audit actions, told as sentences. Message events carry the message itself.
EVENT_SENTENCES = {
    "complaint.received": _("We received your request"),
    "complaint.acknowledged": _("Acknowledgement sent"),
    "complaint.in_progress": _("We are handling your request"),
    "complaint.waiting_customer": _("We need information from you"),
    "complaint.answered": _("We answered your request"),
    "complaint.resolved": _("Your request is resolved"),
    "complaint.closed": _("Your request is closed"),
    "complaint.reopened": _("Your request has been reopened"),
    "complaint.withdrawn": _("Your request has been withdrawn"),
    "complaint.merged": _("Your request has been joined to another one of yours"),
    "message.sent": _("Our reply"),
    "message.received": _("Your message"),
    "decision.made": _("Our decision"),
    "decision.remedy_accepted": _("You accepted our proposal"),
    "decision.remedy_refused": _("You refused our proposal"),
}
UPDATED = _("Your request has been updated")


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    title: str
    body: str = ""
    author: str = "us"  # "us" or "you": who speaks, for the layout
    file_names: tuple[str, ...] = field(default_factory=tuple)


def customer_status(complaint: Complaint) -> CustomerStatus:
    return CUSTOMER_STATUS[Status(complaint.status)]


def accepts_information(complaint: Complaint) -> bool:
    """What `add_customer_information` accepts (the lifecycle says), to show the form or why not."""
    return complaint.status in ACCEPTS_CUSTOMER_INPUT


# Why the form is not shown, when it is not: a state of its own, or the case is closed.
_NO_MORE_INFORMATION = {
    Status.WITHDRAWN: _("This request has been withdrawn, so we can no longer add information to it."),
    Status.MERGED: _(
        "This request is handled together with another one of yours. Please use the link we sent you for that request."
    ),
}
_CLOSED_NO_MORE_INFORMATION = _("This request is closed, so we can no longer add information to it.")


def no_more_information(complaint: Complaint) -> Promise:
    return _NO_MORE_INFORMATION.get(Status(complaint.status), _CLOSED_NO_MORE_INFORMATION)


def public_timeline(complaint: Complaint) -> list[TimelineEntry]:
    """The customer's history told as sentences (two queries, see `selectors.public_history`)."""
    return [
        TimelineEntry(
            at=entry.at,
            title=str(EVENT_SENTENCES.get(entry.action, UPDATED)),
            body=entry.message.body if entry.message else "",
            author="you" if entry.action == "message.received" else "us",
            file_names=entry.file_names,
        )
        for entry in public_history(complaint)
    ]


def public_attachments(complaint: Complaint) -> QuerySet[Attachment]:
    """Files sent with the request or with a public message (never those of internal notes)."""
    return complaint.attachments.filter(Q(message__isnull=True) | Q(message__visibility=Visibility.PUBLIC)).only(
        "original_name", "size", "uploaded_at", "content_type"
    )

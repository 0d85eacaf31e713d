"""Enumerations of the complaint domain (pure Django choices, no queries)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    # The kind has its own translation context: "Complaint" elsewhere means any complaint.
    COMPLAINT = "complaint", pgettext_lazy("complaint kind", "Complaint")  # plainte: dissatisfaction
    CLAIM = "claim", pgettext_lazy("complaint kind", "Claim")  # réclamation: honour a commitment
    # demande d'information: not a complaint under ACPR 2022-R-01, so no regulatory clock; it is
    # answered and closed, or converted into a complaint (clocks then run from `received_at`).
    REQUEST = "request", pgettext_lazy("complaint kind", "Request for information")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    LETTER = "letter", _("Letter")
    SOCIAL = "social", _("Social media")
    REVIEW = "review", _("Review site")
    IN_PERSON = "in_person", _("In person")
    API = "api", _("API")
    OTHER = "other", _("Other")  # issue 17: a forwarded case that came some other way


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    QUALIFIED = "qualified", _("Qualified")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting for customer")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Visible to the customer")
    INTERNAL = "internal", _("Internal")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("To the customer")
    INTERNAL = "internal", _("Internal note")


class TeamSource(models.TextChoices):
    """Why a complaint is in its team, from the strongest reason to the weakest: a person's or a
    channel's explicit choice is never undone by routing; the intake team is where a complaint
    waits until a rule or its category says better."""

    PERSON = "person", _("Chosen by a person")
    CHANNEL = "channel", _("Set by the channel")
    RULE = "rule", _("Routing rule")
    CATEGORY = "category", _("Default team of the category")
    INTAKE = "intake", _("Intake team")


class CustomerKind(models.TextChoices):
    EXTERNAL = "external", _("External customer")
    INTERNAL = "internal", _("Internal requester")


# Button labels for the lifecycle actions (the table itself is pure, in lifecycle.py).
ACTION_LABELS = {
    "acknowledge": _("Acknowledge"),
    "qualify": _("Mark as qualified"),
    "start": _("Start handling"),
    "wait_for_customer": _("Wait for the customer"),
    "resume": _("Resume"),
    "answer": _("Mark as answered"),
    "resolve": _("Mark as resolved"),
    "close": _("Close"),
    "reopen": _("Reopen"),
    "withdraw": _("Withdrawn by the customer"),
    "merge": _("Merge"),
}

"""Reads about how a complaint came in (for the confirmation page and the agent screens)."""

from __future__ import annotations

from doleances.complaints.models import Complaint
from doleances.intake.models import InboundMail, InboundStatus
from doleances.intake.services import ACKNOWLEDGEMENT_WITHHELD


def acknowledgement_withheld(complaint: Complaint) -> bool:
    """The acknowledgement was not mailed: its address had already received its share."""
    return complaint.events.filter(action=ACKNOWLEDGEMENT_WITHHELD).exists()


def quarantined_mail():
    """Messages kept in quarantine, newest first, for the administrators' page."""
    return InboundMail.objects.filter(status=InboundStatus.QUARANTINED).select_related("source").order_by("-created_at", "-id")

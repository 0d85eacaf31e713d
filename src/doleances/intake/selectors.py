"""Reads about how a complaint came in (for the confirmation page and the agent screens)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from doleances.complaints.models import Complaint
from doleances.intake.models import InboundMail, InboundPost, InboundStatus, PostChannel
from doleances.intake.services import ACKNOWLEDGEMENT_WITHHELD


def acknowledgement_withheld(complaint: Complaint) -> bool:
    """The acknowledgement was not mailed: its address had already received its share."""
    return complaint.events.filter(action=ACKNOWLEDGEMENT_WITHHELD).exists()


def quarantined_mail():
    """Messages kept in quarantine, newest first, for the administrators' page."""
    return InboundMail.objects.filter(status=InboundStatus.QUARANTINED).select_related("source").order_by("-created_at", "-id")


@dataclass(frozen=True)
class PostOrigin:
    """Where a complaint from chat, a social network or a review site was posted."""

    source: str
    channel: str
    url: str
    handle: str
    author: str
    rating: Decimal | None
    external_id: str
    posted_at: datetime | None
    truncated: bool


POST_CHANNELS = frozenset(PostChannel.values)


def post_origin(complaint: Complaint) -> PostOrigin | None:
    """The post a complaint came from, or None (no query for the other channels' complaints)."""
    if complaint.channel not in POST_CHANNELS:
        return None
    post = InboundPost.objects.filter(complaint=complaint).select_related("source").first()
    if post is None:
        return None
    return PostOrigin(
        source=str(post.source),
        channel=post.source.channel,
        url=post.url,
        handle=post.handle,
        author=post.author,
        rating=post.rating,
        external_id=post.external_id,
        posted_at=post.posted_at,
        truncated=bool(post.full_text),
    )

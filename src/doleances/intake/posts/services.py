"""Chat, social networks and review sites: every post through one door, `receive_post`, whatever
brought it (the source's signed webhook, or an import of its export).

Exactly once per source: a post is identified by its external id, else its public address, else
the hash of its content (`InboundPost.dedupe_key`, unique per source); a second delivery finds the
first complaint and changes nothing. The complaint is created by `receive_complaint` with the
source's channel; what it has no column for (the URL, the handle, the rating) is kept on the
`InboundPost` row written in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from doleances.complaints.events import record_event
from doleances.complaints.models import Complaint
from doleances.core import clock
from doleances.core.errors import Conflict, DoleancesError
from doleances.intake.models import InboundPost, PostSource, WebhookSignature
from doleances.intake.posts.mapping import FIELDS, Post, PostUnreadable, read_post
from doleances.intake.posts.signing import REPLAY_WINDOW_SECONDS, check_signature
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
from doleances.nlp.language import detect_language

CREATED = "created"
DUPLICATE = "duplicate"


class Unauthorised(DoleancesError):
    """The request is not signed by the source, or not freshly (HTTP 401)."""

    status = 401


class UnknownSource(DoleancesError):
    """No active source of that name takes webhooks (HTTP 404)."""

    status = 404


class TooLarge(DoleancesError):
    status = 413


class Unprocessable(DoleancesError):
    """Authentic JSON that is not a post this source's mapping can read (HTTP 422)."""

    status = 422


@dataclass(frozen=True)
class PostOutcome:
    status: str  # CREATED or DUPLICATE
    post: InboundPost
    truncated_from: int = 0  # the text's length when the complaint holds only its beginning

    @property
    def complaint(self) -> Complaint:
        return self.post.complaint


def dedupe_key(post: Post) -> str:
    if post.external_id:
        key = f"id:{post.external_id}"
    elif post.url:
        key = f"url:{post.url}"
    else:
        content = json.dumps([post.author, post.handle, post.text, post.posted_at and post.posted_at.isoformat()])
        return "sha256:" + hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
    return key if len(key) <= 255 else "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def find_post(source: PostSource, post: Post) -> InboundPost | None:
    return InboundPost.objects.filter(source=source, dedupe_key=dedupe_key(post)).select_related("complaint").first()


def _received_at(post: Post, at: datetime) -> datetime:
    """When the customer wrote: the post's date when it is plausible (an export imported today keeps
    its dates and deadlines), else now."""
    if post.posted_at is not None and at - timedelta(days=366) <= post.posted_at <= at:
        return post.posted_at
    return at


def _subject(post: Post, source: PostSource) -> str:
    line = " ".join(post.text.split("\n", 1)[0].split())
    if len(line) > 80:
        line = line[:80].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return line or str(source)


def _description(text: str) -> tuple[str, int]:
    """The text as a complaint's description, and its length when it had to be cut (else 0)."""
    limit = settings.DOLEANCES_MAX_DESCRIPTION_CHARS
    if len(text) <= limit:
        return text, 0
    note = "\n[…] " + _("(truncated: the post has %(count)d characters; the whole text is kept with the post)") % {
        "count": len(text)
    }
    return text[: limit - len(note)].rstrip() + note, len(text)


def receive_post(
    source: PostSource, post: Post, *, origin: str, at: datetime | None = None, analysis: list[int] | None = None
) -> PostOutcome:
    """Register a post as a complaint of the source's channel, once. `analysis`: given, the new
    complaint's id is added to it for the caller to analyse with others (an import)."""
    at = at or clock.now()
    key = dedupe_key(post)
    existing = InboundPost.objects.filter(source=source, dedupe_key=key).select_related("complaint").first()
    if existing is not None:
        return PostOutcome(DUPLICATE, existing)
    description, truncated_from = _description(post.text)
    guess = detect_language(post.text[:2000], fallback=settings.LANGUAGE_CODE)
    language = guess.code if guess.code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            complaint = receive_complaint(
                CustomerDetails(name=post.author or post.handle or _("Anonymous"), language=language),
                ComplaintDetails(
                    subject=_subject(post, source),
                    description=description,
                    channel=source.channel,
                    received_at=_received_at(post, at),
                    language=language,
                ),
                team=source.default_team,
                at=at,
                # A simultaneous twin delivery gets the same complaint back.
                intake_key=hashlib.sha256(f"post:{source.pk}:{key}".encode("utf-8", "surrogatepass")).hexdigest(),
                defer_analysis=analysis is not None,
            )
            row = InboundPost.objects.create(
                source=source,
                complaint=complaint,
                origin=origin,
                dedupe_key=key,
                external_id=post.external_id,
                url=post.url,
                author=post.author,
                handle=post.handle,
                rating=post.rating,
                posted_at=post.posted_at,
                full_text=post.text if truncated_from else "",
                created_at=at,
            )
            record_event(
                complaint,
                "intake.post_received",
                at=at,
                data={
                    "source": source.name,
                    "source_label": str(source),
                    "origin": origin,
                    "external_id": post.external_id,
                    "url": post.url,
                    "handle": post.handle,
                    **({"truncated_from": truncated_from} if truncated_from else {}),
                },
            )
    except IntegrityError:
        twin = InboundPost.objects.filter(source=source, dedupe_key=key).select_related("complaint").first()
        if twin is None:
            raise
        return PostOutcome(DUPLICATE, twin)
    if analysis is not None:
        analysis.append(complaint.pk)
    return PostOutcome(CREATED, row, truncated_from)


def webhook_source(name: str) -> tuple[PostSource, str]:
    """The active source of that name and its signing secret, or UnknownSource (a source whose
    secret is not set has no webhook, rather than one open to anyone)."""
    source = PostSource.objects.filter(name=name, is_active=True).select_related("default_team").first()
    secret = os.environ.get(source.secret_variable, "") if source is not None and source.secret_variable else ""
    if source is None or not secret:
        raise UnknownSource("unknown_source", _("No active source of this name takes webhooks."))
    return source, secret


def receive_signed_post(name: str, *, timestamp: str, signature: str, body: bytes, at: datetime | None = None) -> PostOutcome:
    """A source's webhook: refuse what is not authentic, fresh, new and readable — storing nothing —
    then receive the post. The signature is recorded with the post, in its transaction: the same
    request posted again is a replay."""
    at = at or clock.now()
    if len(body) > settings.DOLEANCES_MAX_WEBHOOK_BYTES:
        raise TooLarge("request_too_large", _("The request body is too large."))
    source, secret = webhook_source(name)
    digest, refusal = check_signature(secret, timestamp=timestamp, signature=signature, body=body, now=at.timestamp())
    if refusal is not None:
        raise Unauthorised(refusal.code, refusal.detail)
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        raise DoleancesError("malformed_json", _("The request body is not JSON.")) from None
    try:
        post = read_post(payload, source.mapping or {})
    except PostUnreadable as error:
        raise Unprocessable(error.code, error.detail, field=error.field or None) from None
    with transaction.atomic():
        WebhookSignature.objects.filter(received_at__lt=at - timedelta(seconds=2 * REPLAY_WINDOW_SECONDS)).delete()
        try:
            with transaction.atomic():
                WebhookSignature.objects.create(source=source, signature=digest, received_at=at)
        except IntegrityError:
            raise Conflict("replayed", _("This signed request was already received.")) from None
        return receive_post(source, post, origin="webhook", at=at)


def save_mapping(source: PostSource, mapping: dict[str, str]) -> PostSource:
    """Remember where this source's exports keep each field (import-posts --map)."""
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise DoleancesError(
            "unknown_field",
            _("Unknown field(s): %(fields)s. Known: %(known)s.") % {"fields": ", ".join(unknown), "known": ", ".join(FIELDS)},
        )
    source.mapping = {**(source.mapping or {}), **mapping}
    source.save(update_fields=["mapping"])
    return source

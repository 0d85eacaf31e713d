"""Mail in: every message through one door, `receive_mail`, whatever brought it (IMAP, a provider's
webhook, a file import).

Exactly once: the raw bytes are stored first (content-addressed, so storing twice is harmless),
then one transaction writes the `InboundMail` row, whose unique key is the Message-ID (or the hash
of the bytes), together with what the message causes: a complaint and its acknowledgement, a
message on an existing complaint, or nothing for automatic mail. A second delivery of the same
message finds the row and changes nothing. A message that cannot be read or stored is kept in
quarantine with its bytes and the reason, and never stops the messages after it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, DataError, IntegrityError, OperationalError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from doleances.complaints.attachments import CheckedFile, check_upload, store_attachments
from doleances.complaints.enums import Channel, Direction, Status, Visibility
from doleances.complaints.events import record_event
from doleances.complaints.lifecycle import Action
from doleances.complaints.mail import case_mail
from doleances.complaints.models import Complaint, ComplaintEvent, Message, Team
from doleances.complaints.services import add_customer_information, apply_transition
from doleances.core import clock
from doleances.core.actors import SYSTEM
from doleances.core.errors import DoleancesError, all_errors
from doleances.intake.mail.parsing import (
    MailFile,
    MailUnreadable,
    ParsedMail,
    clean_text,
    dedupe_key,
    header_text,
    message_id_of,
    parse_mail,
    read_headers,
    sender_of,
)
from doleances.intake.mail.threads import complaint_for_thread, outbox_rows_for
from doleances.intake.models import InboundMail, InboundStatus, MailSource
from doleances.intake.services import (
    ComplaintDetails,
    CustomerDetails,
    acknowledgement_rate,
    receive_complaint,
)
from doleances.messaging import emails
from doleances.nlp.language import detect_language

logger = logging.getLogger(__name__)

DUPLICATE = "duplicate"
# An image inside the body up to this size is a logo rather than evidence (a pasted screenshot is larger).
INLINE_LOGO_BYTES = 32 * 1024
REFUSED_NOTICE = "attachments.refused"


@dataclass(frozen=True)
class Outcome:
    """What became of one message: an InboundStatus value, or "duplicate" (already received)."""

    status: str
    mail: InboundMail | None


def own_addresses() -> frozenset[str]:
    """Our addresses: mail from them is our own coming back (a loop), never a complaint."""
    addresses = {settings.DOLEANCES_FROM_ADDRESS.lower()}
    addresses |= {e.lower() for e in Team.objects.exclude(email="").values_list("email", flat=True)}
    addresses |= {u.lower() for u in MailSource.objects.values_list("username", flat=True) if "@" in u}
    return frozenset(addresses)


def store_raw(raw: bytes, sha256: str) -> str:
    """The bytes as received, named by their hash: a second store of the same bytes writes nothing."""
    name = f"inbound/{sha256[:2]}/{sha256}.eml"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(raw))
    return name


def receive_mail(
    raw: bytes,
    *,
    origin: str,
    source: MailSource | None = None,
    at: datetime | None = None,
    addresses: frozenset[str] | None = None,
    analysis: list[int] | None = None,
) -> Outcome:
    """`analysis`: given, the new complaints' ids are added to it for the caller to analyse in
    one go (else each is analysed after its commit)."""
    at = at or clock.now()
    try:
        message_id = message_id_of(read_headers(raw))
    except Exception:  # noqa: BLE001 - headers beyond reading: the bytes identify the message
        message_id = ""
    key = dedupe_key(raw, message_id)
    existing = InboundMail.objects.filter(dedupe_key=key).first()
    if existing is not None:
        return Outcome(DUPLICATE, existing)
    sha256 = hashlib.sha256(raw).hexdigest()
    stored = store_raw(raw, sha256)
    mail = InboundMail(
        source=source,
        origin=origin,
        message_id=message_id,
        dedupe_key=key,
        sha256=sha256,
        raw=stored,
        size=len(raw),
        status=InboundStatus.QUARANTINED,
        created_at=at,
    )
    try:
        with transaction.atomic():
            mail.save(force_insert=True)
            _process_in_savepoint(mail, raw, source=source, at=at, addresses=addresses, analysis=analysis)
    except IntegrityError:
        twin = InboundMail.objects.filter(dedupe_key=key).first()
        if twin is None:
            raise
        return Outcome(DUPLICATE, twin)  # a simultaneous delivery of the same message won
    return Outcome(mail.status, mail)


def _process_in_savepoint(mail: InboundMail, raw: bytes, *, source, at: datetime, addresses, analysis=None, parsed=None) -> None:
    """Process the message; on failure undo what it wrote and quarantine the row instead."""
    try:
        with transaction.atomic():
            _process(mail, raw, source=source, at=at, addresses=addresses, defer_analysis=analysis is not None)
            if analysis is not None and mail.status == InboundStatus.CREATED and mail.complaint_id:
                analysis.append(mail.complaint_id)
    except OperationalError:
        raise  # the database itself failed: nothing is recorded, the message is fetched again
    except MailUnreadable as error:
        _quarantine(mail, error.reason, error.detail, at=at)
    except DoleancesError as error:
        _quarantine(mail, "refused", "; ".join(f"{e.code}: {e.message}" for e in all_errors(error)), at=at)
    except (DataError, IntegrityError, DatabaseError, Exception) as error:
        logger.exception("inbound mail %s quarantined", mail.pk)
        _quarantine(mail, "processing_failed", f"{type(error).__name__}: {error}", at=at)


def _quarantine(mail: InboundMail, reason: str, detail: str, *, at: datetime) -> None:
    mail.status = InboundStatus.QUARANTINED
    mail.reason = reason[:64]
    mail.detail = clean_text(detail)[:4000]
    mail.complaint = None
    mail.complaint_message = None
    mail.processed_at = at
    mail.save(update_fields=["status", "reason", "detail", "complaint", "complaint_message", "processed_at", "sender", "subject"])


def _finish(mail: InboundMail, status: str, *, reason: str = "", complaint=None, message=None, at: datetime) -> None:
    mail.status = status
    mail.reason = reason
    mail.detail = ""
    mail.complaint = complaint
    mail.complaint_message = message
    mail.processed_at = at
    mail.save(update_fields=["status", "reason", "detail", "complaint", "complaint_message", "processed_at", "sender", "subject"])


def _process(mail: InboundMail, raw: bytes, *, source, at: datetime, addresses, defer_analysis: bool = False) -> None:
    if len(raw) > settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES:
        headers = read_headers(raw)  # who sent it and about what, for the quarantine list
        mail.sender = sender_of(headers)[1][:320]
        mail.subject = header_text(headers, "Subject")[:250]
        raise MailUnreadable("too_large", f"{len(raw)} bytes; the limit is {settings.DOLEANCES_MAX_INBOUND_MAIL_BYTES}")
    parsed = parse_mail(raw, own_addresses=own_addresses() if addresses is None else addresses)
    mail.sender = parsed.sender_email[:320]
    mail.subject = parsed.subject[:250]
    if parsed.automatic:
        complaint = _record_bounce(parsed, at=at) if parsed.bounce else None
        _finish(mail, InboundStatus.IGNORED, reason=parsed.automatic, complaint=complaint, at=at)
        return
    if not parsed.sender_email:
        raise MailUnreadable("missing_sender")  # the quarantine page says it in the reader's language
    complaint, found_by = complaint_for_thread(parsed)
    if complaint is not None:
        _thread(mail, parsed, complaint, found_by=found_by, source=source, at=at)
    else:
        created = _create(parsed, source=source, at=at, defer_analysis=defer_analysis)
        _finish(mail, InboundStatus.CREATED, reason="new_thread", complaint=created, at=at)


# --- New complaints ---------------------------------------------------------------------------


def _received_at(parsed: ParsedMail, at: datetime) -> datetime:
    """When the customer wrote: the mail's date when it is plausible (an archive imported today
    keeps its dates and deadlines), else now."""
    if parsed.date is not None and at - timedelta(days=366) <= parsed.date <= at:
        return parsed.date
    return at


def _language(parsed: ParsedMail) -> str:
    guess = detect_language(f"{parsed.subject}\n{parsed.visible_text}", fallback=settings.LANGUAGE_CODE)
    return guess.code if guess.code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 40].rstrip() + "\n[…]"


def _create(
    parsed: ParsedMail, *, source, at: datetime, follows: Complaint | None = None, defer_analysis: bool = False
) -> Complaint:
    language = _language(parsed)
    accepted, refused = check_mail_files(parsed.attachments, language=language)
    with translation.override(language):
        subject = " ".join(parsed.subject.split())[:200] or _clip(parsed.visible_text.split("\n", 1)[0], 80)
        subject = subject or _("Email without a subject")
        description = parsed.text or (_("(No text: see the attached files.)") if parsed.attachments else subject)
    complaint = receive_complaint(
        CustomerDetails(
            name=parsed.sender_name or parsed.sender_email.split("@")[0], email=parsed.sender_email, language=language
        ),
        ComplaintDetails(
            subject=subject,
            description=_clip(description, settings.DOLEANCES_MAX_DESCRIPTION_CHARS),
            channel=Channel.EMAIL,
            received_at=_received_at(parsed, at),
            language=language,
        ),
        attachments=accepted,
        team=source.default_team if source is not None else None,
        at=at,
        in_reply_to=parsed.message_id,
        refused_attachments=tuple(refused),
        defer_analysis=defer_analysis,
    )
    if follows is not None:
        _link(follows, complaint, at=at)
    return complaint


def check_mail_files(files: tuple[MailFile, ...], *, language: str) -> tuple[list[CheckedFile], list[str]]:
    """The files the form would accept (same checks and limits), and one sentence per refused file:
    a refused file never refuses the mail."""
    accepted: list[CheckedFile] = []
    refused: list[str] = []
    # The files the sender attached come first: images inside the body (a signature's logos) take
    # what room is left, and a small one that finds none is left in the raw message, untold.
    ordered = sorted(files, key=lambda file: file.inline)
    with translation.override(language):
        for file in ordered:
            upload = SimpleUploadedFile(file.name or "attachment", file.data, content_type=file.content_type)
            if len(accepted) >= settings.DOLEANCES_MAX_ATTACHMENTS:
                if file.inline and len(file.data) <= INLINE_LOGO_BYTES:
                    continue
                refused.append(
                    _("“%(name)s”: at most %(max)d files are kept per message.")
                    % {"name": upload.name, "max": settings.DOLEANCES_MAX_ATTACHMENTS}
                )
                continue
            try:
                accepted.append(check_upload(upload))
            except DoleancesError as error:
                refused.append(str(error.message))
    return accepted, refused


def _link(old: Complaint, new: Complaint, *, at: datetime) -> None:
    """A reply long after a complaint was closed opens a new one: each records the other."""
    old = Complaint.objects.select_for_update().get(pk=old.pk)
    record_event(old, "complaint.linked", at=at, data={"followed_by": new.reference, "reason": "reply_after_closure"})
    new = Complaint.objects.select_for_update().get(pk=new.pk)
    record_event(new, "complaint.linked", at=at, data={"follows": old.reference, "reason": "reply_after_closure"})


# --- Replies ----------------------------------------------------------------------------------


def _thread(mail: InboundMail, parsed: ParsedMail, complaint: Complaint, *, found_by: str, source, at: datetime) -> None:
    customer_email = (complaint.customer.email or "").strip().lower()
    if parsed.sender_email != customer_email:
        message = _note_from_other_sender(complaint, parsed, at=at)
        _finish(mail, InboundStatus.THREADED, reason="other_sender", complaint=complaint, message=message, at=at)
        return
    if complaint.status in (Status.CLOSED, Status.WITHDRAWN):
        window = timedelta(days=settings.DOLEANCES_MAIL_REOPEN_DAYS)
        closed_at = complaint.closed_at or complaint.updated_at
        if complaint.status == Status.WITHDRAWN or closed_at < at - window:
            created = _create(parsed, source=source, at=at, follows=complaint)
            _finish(mail, InboundStatus.CREATED, reason="reply_after_closure", complaint=created, at=at)
            return
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        apply_transition(locked, Action.REOPEN, actor=SYSTEM, at=at, data={"reason": "customer_replied_by_email"})
        reason = "reopened"
    else:
        reason = f"reply_by_{found_by}"
    language = complaint.customer.language or settings.LANGUAGE_CODE
    accepted, refused = check_mail_files(parsed.attachments, language=language)
    with translation.override(language):
        body = parsed.visible_text or (_("(No text: see the attached files.)") if parsed.attachments else parsed.subject)
    message = add_customer_information(
        complaint,
        body=_clip(body or "—", settings.DOLEANCES_MAX_DESCRIPTION_CHARS),
        channel=Channel.EMAIL,
        sender=parsed.sender_email,
        message_id=parsed.message_id,
        at=at,
        attachments=accepted,
    )
    if refused:
        _tell_refused(complaint, refused, in_reply_to=parsed.message_id, at=at)
    _finish(mail, InboundStatus.THREADED, reason=reason, complaint=complaint, message=message, at=at)


def _note_from_other_sender(complaint: Complaint, parsed: ParsedMail, *, at: datetime) -> Message:
    """Mail about a complaint from someone who is not its customer (a reference anyone can type in a
    subject, a forward to a colleague): an internal note for the handler, never part of the
    customer's conversation, and nothing is sent to either."""
    complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)
    accepted, _refused = check_mail_files(parsed.attachments, language=settings.LANGUAGE_CODE)
    message = Message.objects.create(
        complaint=complaint,
        direction=Direction.INTERNAL,
        channel=Channel.EMAIL,
        sender=parsed.sender_email,
        subject=parsed.subject[:250],
        body=_clip(parsed.visible_text or parsed.subject or "—", settings.DOLEANCES_MAX_DESCRIPTION_CHARS),
        visibility=Visibility.INTERNAL,
        message_id=parsed.message_id[:250],
        created_at=at,
    )
    store_attachments(complaint, accepted, at=at, message=message)
    complaint.updated_at = at
    complaint.save(update_fields=["updated_at"])
    record_event(
        complaint,
        "message.note_added",
        actor_label=parsed.sender_name or parsed.sender_email,
        at=at,
        data={"reason": "mail_from_other_sender", "sender": parsed.sender_email},
        message=message,
    )
    return message


def _tell_refused(complaint: Complaint, refused: list[str], *, in_reply_to: str, at: datetime) -> None:
    """The files of a reply that were not kept, told once by mail within the acknowledgement cap
    (an auto-responder that attaches files cannot start a loop), always on the timeline."""
    complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)
    limit, period = acknowledgement_rate()
    sent = ComplaintEvent.objects.filter(
        action=REFUSED_NOTICE,
        created_at__gt=at - timedelta(seconds=period),
        complaint__customer__email__iexact=complaint.customer.email,
        data__emailed=True,
    ).count()
    emailed = bool(complaint.customer.email) and sent < limit
    if emailed:
        emails.queue_refused_attachments_notice(
            case_mail(complaint), at=at, in_reply_to=in_reply_to, refused_attachments=tuple(refused)
        )
    record_event(complaint, REFUSED_NOTICE, at=at, data={"refused": refused, "emailed": emailed})


# --- Bounces ----------------------------------------------------------------------------------


def _record_bounce(parsed: ParsedMail, *, at: datetime) -> Complaint | None:
    """A delivery failure of one of our mails: recorded on the complaint's timeline with the
    outbox row it concerns (the handler then knows the customer did not get it)."""
    bounce = parsed.bounce
    assert bounce is not None  # called for a parsed delivery report only
    rows = outbox_rows_for(bounce.message_ids)
    complaint = None
    for message_id, row in rows.items():
        complaint = Complaint.objects.select_for_update().filter(reference=row.complaint_reference).first()
        if complaint is None:
            continue
        record_event(
            complaint,
            "mail.bounced",
            at=at,
            data={
                "outbox": row.pk,
                "message_id": message_id,
                "template": row.payload.get("template", ""),
                "recipient": ", ".join(bounce.recipients) or ", ".join(row.payload.get("to", [])),
                "status": bounce.status,
                "diagnostic": bounce.diagnostic,
            },
        )
    return complaint


# --- Quarantine -------------------------------------------------------------------------------


def reprocess_mail(mail: InboundMail, *, at: datetime | None = None) -> Outcome:
    """Run a quarantined message through the door again (after a fix, or a raised limit). Only a
    quarantined row is reprocessed: anything else already had its effect."""
    at = at or clock.now()
    with transaction.atomic():
        mail = InboundMail.objects.select_for_update().get(pk=mail.pk)
        if mail.status != InboundStatus.QUARANTINED:
            return Outcome(DUPLICATE, mail)
        try:
            with mail.raw.open("rb") as handle:
                raw = handle.read()
        except OSError as error:
            _quarantine(mail, "raw_missing", str(error), at=at)
            return Outcome(mail.status, mail)
        mail.attempts += 1
        mail.save(update_fields=["attempts"])
        _process_in_savepoint(mail, raw, source=mail.source, at=at, addresses=None)
    return Outcome(mail.status, mail)


def keep_unreadable(raw: bytes, *, origin: str, reason: str, detail: str = "", at: datetime | None = None) -> Outcome:
    """Bytes that are not even a message to read (a provider's payload that cannot be unpacked):
    kept in quarantine all the same, once."""
    at = at or clock.now()
    sha256 = hashlib.sha256(raw).hexdigest()
    key = f"sha256:{sha256}"
    existing = InboundMail.objects.filter(dedupe_key=key).first()
    if existing is not None:
        return Outcome(DUPLICATE, existing)
    try:
        mail = InboundMail.objects.create(
            origin=origin,
            dedupe_key=key,
            sha256=sha256,
            raw=store_raw(raw, sha256),
            size=len(raw),
            status=InboundStatus.QUARANTINED,
            reason=reason[:64],
            detail=detail[:4000],
            created_at=at,
            processed_at=at,
        )
    except IntegrityError:
        return Outcome(DUPLICATE, InboundMail.objects.get(dedupe_key=key))
    return Outcome(mail.status, mail)

"""The answer to the customer: the decision and its letter, the customer's reply to the remedy
on the portal, withdrawal by the customer, and the portal link (renewed, sent again).

Each service locks the complaint, checks the permission, writes the change and its timeline
event and queues its mail in one transaction (complaints.services' way)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from doleances.answers import wording
from doleances.answers.models import REMEDIES_WITH_AMOUNT, CustomerResponse, Decision, Outcome, Remedy
from doleances.complaints import access
from doleances.complaints.enums import Channel, Direction, Status, Visibility
from doleances.complaints.events import record_event
from doleances.complaints.lifecycle import FINAL_STATES, Action, allowed_actions
from doleances.complaints.mail import answered_message_id, case_mail
from doleances.complaints.models import Attachment, Complaint, Customer, Message
from doleances.complaints.services import apply_transition
from doleances.core import clock
from doleances.core.actors import SYSTEM, Actor
from doleances.core.errors import Conflict, DoleancesError, DoleancesErrors
from doleances.core.regulatory import get_profile
from doleances.messaging import emails, letters, mandatory, notifications, writing
from doleances.messaging.mandatory import LetterKind
from doleances.messaging.models import ResponseTemplate
from doleances.messaging.pdf import render_letter

# From each state, the steps that lead to "in progress" before the answer.
_STEPS_TO_ANSWER = {
    Status.ACKNOWLEDGED: (Action.QUALIFY, Action.START),
    Status.QUALIFIED: (Action.START,),
    Status.REOPENED: (Action.START,),
    Status.WAITING_CUSTOMER: (Action.RESUME,),
    Status.IN_PROGRESS: (),
}
ANSWERABLE = frozenset(_STEPS_TO_ANSWER)
MAX_LETTER_CHARS = 20_000


@dataclass(frozen=True)
class AnswerDraft:
    """The final answer before it is sent: what the template gave, what the checks say."""

    subject: str
    body: str
    template_id: int | None
    missing: list[mandatory.Block] = field(default_factory=list)
    findings: list[writing.Finding] = field(default_factory=list)


def _lock(complaint: Complaint) -> Complaint:
    # Only the customer (never null): FOR UPDATE refuses the nullable side of an outer join on PostgreSQL.
    return Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)


def _language(complaint: Complaint) -> str:
    return complaint.customer.language or complaint.language or settings.LANGUAGE_CODE


def letter_values(
    complaint: Complaint,
    *,
    outcome: str = "",
    reasons: str = "",
    remedy: str = "",
    amount=None,
    currency: str = "",
    measures: str = "",
    agent: str = "",
    at: datetime | None = None,
) -> dict[str, str]:
    """The plain values a template is filled with, in the customer's language."""
    at = at or clock.now()
    with translation.override(_language(complaint)):
        return {
            "customer": complaint.customer.name,
            "reference": complaint.reference,
            "subject": complaint.subject,
            "received_date": wording.date_text(complaint.received_at),
            "due_date": wording.date_text(complaint.response_due_at),
            "today": wording.date_text(at),
            "decision": wording.outcome_text(outcome) if outcome else "",
            "reasons": reasons.strip(),
            "remedy": wording.remedy_text(remedy, amount, currency) if remedy else "",
            "measures": measures.strip(),
            "portal_url": emails.portal_url(complaint.portal_token),
            "agent": agent,
        }


def _check_decision(outcome: str, reasons: str, remedy: str, amount: Decimal | None, currency: str) -> None:
    errors = []
    if outcome not in Outcome.values:
        errors.append(
            DoleancesError("invalid_decision", _("Choose the decision: upheld, partially upheld or rejected."), field="decision")
        )
    if not (reasons or "").strip():
        errors.append(
            DoleancesError(
                "reasons_required", _("Give the reasons of the decision: every answer explains them."), field="reasons"
            )
        )
    if remedy not in Remedy.values:
        errors.append(DoleancesError("invalid_remedy", _("Choose the remedy offered."), field="remedy"))
    if amount is not None and amount < 0:
        errors.append(DoleancesError("negative_amount", _("The amount cannot be negative."), field="amount"))
    if amount is not None and remedy not in REMEDIES_WITH_AMOUNT:
        errors.append(DoleancesError("amount_not_expected", _("This remedy has no amount."), field="amount"))
    if amount is not None and not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
        errors.append(
            DoleancesError("invalid_currency", _("Give the currency as a three-letter code (EUR, GBP, USD)."), field="currency")
        )
    if errors:
        raise DoleancesErrors(errors)


def _template(template_id: int, complaint: Complaint) -> ResponseTemplate:
    template = ResponseTemplate.objects.filter(pk=template_id, is_active=True, letter=LetterKind.FINAL_RESPONSE).first()
    if template is None:
        raise DoleancesError("unknown_template", _("This template does not exist or is not a final answer."), field="template")
    return template


def prepare_answer(
    complaint: Complaint,
    *,
    outcome: str,
    reasons: str,
    remedy: str,
    amount: Decimal | None = None,
    currency: str = "",
    measures: str = "",
    template_id: int | None = None,
    body: str = "",
    subject: str = "",
    agent: str = "",
    at: datetime | None = None,
) -> AnswerDraft:
    """The letter filled from its template (or the text given), with the mandatory-content and
    writing checks. Sends nothing."""
    language = _language(complaint)
    texts = letters.organisation_texts()
    if template_id is None and not body.strip():
        chosen = letters.templates_for(
            LetterKind.FINAL_RESPONSE,
            language=language,
            decision=outcome,
            kind=complaint.kind,
            category=complaint.category.name if complaint.category else "",
            channel=complaint.channel,
        )
        if not chosen:
            raise DoleancesError("template_or_body", _("Give the letter's text or choose a template."), field="body")
        template_id = chosen[0].pk
    template_subject = ""
    if template_id is not None:
        values = letter_values(
            complaint,
            outcome=outcome,
            reasons=reasons,
            remedy=remedy,
            amount=amount,
            currency=currency,
            measures=measures,
            agent=agent,
            at=at,
        )
        jurisdiction = get_profile(complaint.regulatory_profile).jurisdiction
        filled = letters.fill(_template(template_id, complaint), values, texts, language=language, jurisdiction=jurisdiction)
        template_subject = filled.subject
        body = body.strip() or filled.body
    body = body.strip() + "\n"
    profile = get_profile(complaint.regulatory_profile)
    required = mandatory.required_blocks(profile.jurisdiction, LetterKind.FINAL_RESPONSE, outcome)
    return AnswerDraft(
        subject=(subject.strip() or template_subject or complaint.subject)[:250],
        body=body,
        template_id=template_id,
        missing=mandatory.missing_blocks(body, required, texts),
        findings=writing.check_writing(body, language),
    )


def _store_letter_pdf(complaint: Complaint, message: Message, body: str, *, at: datetime) -> Attachment:
    data = render_letter(letters.letterhead(), body, title=complaint.reference)
    digest = hashlib.sha256(data).hexdigest()
    name = f"{complaint.reference}-{at:%Y%m%d-%H%M%S}.pdf"
    attachment = Attachment(
        complaint=complaint,
        message=message,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=digest,
        uploaded_at=at,
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def answer_complaint(
    complaint: Complaint,
    *,
    outcome: str,
    reasons: str,
    remedy: str,
    actor: Actor,
    amount: Decimal | None = None,
    currency: str = "",
    measures: str = "",
    template_id: int | None = None,
    body: str = "",
    subject: str = "",
    at: datetime | None = None,
) -> Decision:
    """The final answer: the decision recorded, the letter (checked for its mandatory content)
    sent by mail with its PDF, the case answered, the field staff told."""
    at = at or clock.now()
    currency = (currency or "").strip().upper()
    _check_decision(outcome, reasons, remedy, amount, currency)
    complaint = _lock(complaint)
    person = access.require_person(actor, access.REPLY, complaint)
    if Status(complaint.status) not in _STEPS_TO_ANSWER:
        raise Conflict(
            "cannot_answer",
            _("This complaint cannot be answered in its present state (%(status)s).")
            % {"status": Status(complaint.status).label},
        )
    if len(body) > MAX_LETTER_CHARS:
        raise DoleancesError(
            "too_long", _("This letter is too long (%(max)d characters at most).") % {"max": MAX_LETTER_CHARS}, field="body"
        )
    draft = prepare_answer(
        complaint,
        outcome=outcome,
        reasons=reasons,
        remedy=remedy,
        amount=amount,
        currency=currency,
        measures=measures,
        template_id=template_id,
        body=body,
        subject=subject,
        agent=person.get_full_name() or person.get_username(),
        at=at,
    )
    if draft.missing:
        raise mandatory.MissingMandatoryContent(draft.missing)
    for step in _STEPS_TO_ANSWER[Status(complaint.status)]:
        apply_transition(complaint, step, actor=actor, at=at, data={"reason": "answer"})
    message = Message.objects.create(
        complaint=complaint,
        direction=Direction.OUTBOUND,
        channel=Channel.EMAIL if complaint.customer.email else Channel.LETTER,
        author=person,
        recipient=complaint.customer.email,
        subject=draft.subject,
        body=draft.body,
        visibility=Visibility.PUBLIC,
        created_at=at,
    )
    pdf = _store_letter_pdf(complaint, message, draft.body, at=at)
    if complaint.customer.email:
        mail = emails.queue_letter(
            case_mail(complaint),
            subject=draft.subject,
            body=draft.body,
            template="final_response",
            at=at,
            in_reply_to=answered_message_id(complaint),
            files=(emails.MailFile(pdf.file.name, pdf.original_name, pdf.content_type),),
        )
        message.message_id, message.outbox_id = mail.message_id, mail.outbox_id
        message.save(update_fields=["message_id", "outbox"])
    decision = Decision.objects.create(
        complaint=complaint,
        outcome=outcome,
        reasons=reasons.strip(),
        remedy=remedy,
        amount=amount,
        currency=currency if amount is not None else "",
        measures=measures.strip(),
        template_id=draft.template_id,
        subject=draft.subject,
        body=draft.body,
        message=message,
        letter=pdf,
        decided_by=person,
        decided_at=at,
        writing_findings=[{"code": f.code, "detail": f.detail} for f in draft.findings],
    )
    record_event(
        complaint,
        "message.sent",
        actor=actor,
        at=at,
        visibility=Visibility.PUBLIC,
        data={"emailed": bool(complaint.customer.email), "letter": "final_response"},
        message=message,
    )
    record_event(
        complaint,
        "decision.made",
        actor=actor,
        at=at,
        visibility=Visibility.PUBLIC,
        data={
            "decision": decision.pk,
            "outcome": outcome,
            "remedy": remedy,
            "amount": str(amount) if amount is not None else None,
            "currency": decision.currency,
        },
    )
    apply_transition(complaint, Action.ANSWER, actor=actor, at=at, data={"decision": decision.pk})
    tell_field_staff(decision, at=at)
    return decision


def tell_field_staff(decision: Decision, *, at: datetime) -> list:
    """The customer's on-site technician and account manager learn what was decided and what they
    must do, in the app and by mail, once per decision."""
    complaint = decision.complaint
    customer: Customer = complaint.customer
    people = [user for user in (customer.onsite_technician, customer.account_manager) if user is not None]
    if not people:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        task = {
            Remedy.REPLACEMENT: _("Arrange the replacement with the customer."),
            Remedy.REPAIR: _("Arrange the repair with the customer."),
        }.get(Remedy(decision.remedy), _("Nothing to do but to know it when you meet the customer."))
        body = _(
            "Decision on %(reference)s (%(customer)s): %(outcome)s.\nRemedy: %(remedy)s.\nReasons: %(reasons)s\n"
            "What you must do: %(task)s"
        ) % {
            "reference": complaint.reference,
            "customer": customer.name,
            "outcome": wording.outcome_text(decision.outcome),
            "remedy": wording.remedy_text(decision.remedy, decision.amount, decision.currency),
            "reasons": decision.reasons,
            "task": task,
        }
        title = _("Decision on your customer's complaint %(reference)s") % {"reference": complaint.reference}
    return notifications.notify(
        people,
        kind="decision.field_notice",
        title=title,
        body=body,
        link=reverse("agent:complaint_detail", args=[complaint.reference]),
        at=at,
        complaint_reference=complaint.reference,
        dedupe_key=f"decision:{decision.pk}:field_notice",
    )


def latest_decision(complaint: Complaint) -> Decision | None:
    return Decision.objects.filter(complaint=complaint).select_related("letter").order_by("-decided_at", "-id").first()


@transaction.atomic
def respond_to_remedy(decision: Decision, *, accepted: bool, reason: str = "", at: datetime | None = None) -> Decision:
    """The customer, on the portal, accepts the remedy (the case is resolved) or refuses it with
    a reason (the case reopens). Once per decision."""
    at = at or clock.now()
    complaint = _lock(decision.complaint)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.customer_response:
        raise Conflict("already_answered", _("You have already answered this proposal."))
    latest = latest_decision(complaint)
    if latest is None or latest.pk != decision.pk or complaint.status != Status.ANSWERED:
        raise Conflict("not_awaiting_answer", _("This proposal no longer waits for your answer."))
    reason = (reason or "").strip()
    if not accepted and not reason:
        raise DoleancesError("reason_required", _("Please tell us why you refuse, so that we can look again."), field="reason")
    if len(reason) > settings.DOLEANCES_MAX_DESCRIPTION_CHARS:
        raise DoleancesError(
            "too_long",
            _("This text is too long (%(max)d characters at most).") % {"max": settings.DOLEANCES_MAX_DESCRIPTION_CHARS},
            field="reason",
        )
    decision.customer_response = CustomerResponse.ACCEPTED if accepted else CustomerResponse.REFUSED
    decision.customer_reason = reason
    decision.responded_at = at
    decision.save(update_fields=["customer_response", "customer_reason", "responded_at"])
    record_event(
        complaint,
        "decision.remedy_accepted" if accepted else "decision.remedy_refused",
        actor_label=complaint.customer.name,
        at=at,
        visibility=Visibility.PUBLIC,
        data={"decision": decision.pk, **({"reason": reason} if reason else {})},
    )
    if accepted:
        apply_transition(complaint, Action.RESOLVE, actor=SYSTEM, at=at, data={"reason": "remedy_accepted"})
    else:
        apply_transition(complaint, Action.REOPEN, actor=SYSTEM, at=at, data={"reason": "remedy_refused", "note": reason[:2000]})
        if complaint.assignee is not None:
            notifications.notify(
                [complaint.assignee],
                kind="decision.remedy_refused",
                title=_("The customer refused the remedy on %(reference)s") % {"reference": complaint.reference},
                body=reason,
                link=reverse("agent:complaint_detail", args=[complaint.reference]),
                at=at,
                complaint_reference=complaint.reference,
                dedupe_key=f"decision:{decision.pk}:refused",
            )
    return decision


@transaction.atomic
def withdraw_by_customer(complaint: Complaint, *, reason: str = "", at: datetime | None = None) -> Complaint:
    """The customer withdraws their complaint from the portal."""
    at = at or clock.now()
    complaint = _lock(complaint)
    if Action.WITHDRAW not in allowed_actions(complaint.status):
        raise Conflict("cannot_withdraw", _("This request can no longer be withdrawn."))
    reason = (reason or "").strip()[:2000]
    return apply_transition(
        complaint, Action.WITHDRAW, actor=SYSTEM, at=at, data={"by": "customer", **({"note": reason} if reason else {})}
    )


@transaction.atomic
def renew_portal_link(complaint: Complaint, *, actor: Actor, at: datetime | None = None) -> Complaint:
    """Revoke the customer's link (forwarded, leaked): the old one shows "not found" from now on;
    the new one is mailed to the customer's address only."""
    at = at or clock.now()
    complaint = _lock(complaint)
    access.require_person(actor, access.REPLY, complaint)
    complaint.portal_token = Complaint._meta.get_field("portal_token").get_default()
    complaint.updated_at = at
    complaint.save(update_fields=["portal_token", "updated_at"])
    record_event(complaint, "portal.link_renewed", actor=actor, at=at)
    if complaint.customer.email:
        _queue_links(complaint.customer.email, complaint.customer.language, [complaint], at=at)
    return complaint


def link_expired(complaint: Complaint, *, at: datetime) -> bool:
    """A case that is over keeps its link for a while, then the link stops working."""
    if complaint.status not in FINAL_STATES:
        return False
    ended = complaint.closed_at or complaint.updated_at
    return ended + timedelta(days=settings.DOLEANCES_PORTAL_LINK_DAYS_AFTER_END) < at


def _queue_links(address: str, language: str, complaints: list[Complaint], *, at: datetime) -> None:
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        lines = [f"{c.reference} – {c.subject}\n{emails.portal_url(c.portal_token)}" for c in complaints]
        subject = _("Your link to follow your request")
        body = _(
            "Hello,\n\nHere is the link to follow each of your requests:\n\n%(links)s\n\n"
            "Keep these links to yourself: whoever has one can read the request.\n"
        ) % {"links": "\n\n".join(lines)}
    first = complaints[0]
    emails.queue_letter(case_mail(first), subject=subject, body=body, template="portal_link", at=at)


@transaction.atomic
def send_portal_links(email: str, *, at: datetime | None = None) -> int:
    """A customer who lost their link asks for it by address: it goes to that address only (the
    page says the same whether the address is known or not). Returns how many links were sent."""
    at = at or clock.now()
    address = (email or "").strip().lower()
    if not address:
        return 0
    complaints = [
        c
        for c in Complaint.objects.filter(customer__email=address).select_related("customer").order_by("-received_at")[:20]
        if not link_expired(c, at=at)
    ]
    if not complaints:
        return 0
    _queue_links(address, complaints[0].customer.language, complaints, at=at)
    return len(complaints)

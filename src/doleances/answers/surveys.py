"""The satisfaction survey at closing (seed 003: the three kinds of justice; ISO 10002 §8.3).

Sent by a periodic task some time after closing (one per complaint), reminded once; the link is a
random token that only shows the page (a mail scanner's GET consumes nothing), the answer is a
POST, taken once. A dissatisfied answer flags the case for the quality manager, who may reopen it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from doleances.answers.models import Survey
from doleances.complaints import access, roles
from doleances.complaints.enums import Status, Visibility
from doleances.complaints.events import record_event
from doleances.complaints.lifecycle import Action
from doleances.complaints.mail import case_mail
from doleances.complaints.models import Complaint
from doleances.complaints.services import apply_transition
from doleances.core import clock
from doleances.core.actors import Actor
from doleances.core.errors import Conflict, DoleancesError, DoleancesErrors, Forbidden
from doleances.messaging import emails, letters, notifications
from doleances.messaging.mandatory import LetterKind

RATINGS = ("outcome_rating", "process_rating", "treatment_rating")
# A rating at or under this, or "not solved", is a dissatisfied answer.
DISSATISFIED_AT = 2


def survey_url(survey: Survey) -> str:
    return settings.DOLEANCES_PUBLIC_URL.rstrip("/") + reverse("portal:survey", args=[survey.token])


def _queue(survey: Survey, *, reminder: bool, at: datetime) -> None:
    complaint = survey.complaint
    language = complaint.customer.language or settings.LANGUAGE_CODE
    chosen = letters.templates_for(
        LetterKind.SURVEY_INVITATION, language=language, kind=complaint.kind, channel=complaint.channel
    )
    values = {
        "customer": complaint.customer.name,
        "reference": complaint.reference,
        "subject": complaint.subject,
        "survey_url": survey_url(survey),
        "portal_url": emails.portal_url(complaint.portal_token),
    }
    if chosen:
        filled = letters.fill(chosen[0], values, letters.organisation_texts(), language=language)
        subject, body = filled.subject, filled.body
    else:  # no template configured: a plain invitation rather than none
        with translation.override(language):
            subject = _("How did we handle your request?")
            body = _("Hello %(customer)s,\n\nPlease tell us how we handled your request: %(url)s\n") % {
                "customer": complaint.customer.name,
                "url": values["survey_url"],
            }
    if reminder:
        with translation.override(language):
            subject = _("Reminder: %(subject)s") % {"subject": subject}
    emails.queue_letter(
        case_mail(complaint), subject=subject, body=body, template="survey_reminder" if reminder else "survey_invitation", at=at
    )


def send_due_surveys(*, at: datetime | None = None) -> list[int]:
    """Invite every customer whose complaint was closed long enough ago, once per complaint."""
    at = at or clock.now()
    cutoff = at - timedelta(hours=settings.DOLEANCES_SURVEY_DELAY_HOURS)
    due = (
        Complaint.objects.filter(status=Status.CLOSED, closed_at__lte=cutoff, survey__isnull=True)
        .exclude(customer__email="")
        .select_related("customer")
        .order_by("closed_at")[:500]
    )
    sent = []
    for complaint in due:
        try:
            with transaction.atomic():
                survey = Survey.objects.create(
                    complaint=complaint, team_id=complaint.team_id, agent_id=complaint.assignee_id, created_at=at, sent_at=at
                )
                _queue(survey, reminder=False, at=at)
                locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
                record_event(locked, "survey.sent", at=at, data={"survey": survey.pk})
        except IntegrityError:  # another worker invited this customer first
            continue
        sent.append(survey.pk)
    return sent


def send_survey_reminders(*, at: datetime | None = None) -> list[int]:
    """One reminder, to those who have not answered after the reminder delay."""
    at = at or clock.now()
    cutoff = at - timedelta(days=settings.DOLEANCES_SURVEY_REMINDER_DAYS)
    reminded = []
    for survey_id in Survey.objects.filter(sent_at__lte=cutoff, answered_at__isnull=True, reminded_at__isnull=True).values_list(
        "pk", flat=True
    )[:500]:
        with transaction.atomic():
            survey = Survey.objects.select_for_update().select_related("complaint__customer").get(pk=survey_id)
            if survey.reminded_at is not None or survey.answered_at is not None or _expired(survey, at=at):
                continue
            survey.reminded_at = at
            survey.save(update_fields=["reminded_at"])
            _queue(survey, reminder=True, at=at)
        reminded.append(survey_id)
    return reminded


def _expired(survey: Survey, *, at: datetime) -> bool:
    return survey.sent_at is None or survey.sent_at + timedelta(days=settings.DOLEANCES_SURVEY_VALID_DAYS) < at


def survey_for_token(token: str, *, at: datetime | None = None) -> Survey:
    """The survey of that link; 404 for an unknown, tampered or expired one (the same page)."""
    at = at or clock.now()
    survey = Survey.objects.select_related("complaint__customer").filter(token=token).first()
    if survey is None or _expired(survey, at=at):
        raise Http404
    return survey


@dataclass(frozen=True)
class SurveyAnswer:
    solved: bool | None
    outcome_rating: int | None
    process_rating: int | None
    treatment_rating: int | None
    comment: str = ""


def _check(answer: SurveyAnswer) -> None:
    errors = []
    for name in RATINGS:
        value = getattr(answer, name)
        if value is None or not 1 <= value <= 5:
            errors.append(DoleancesError("invalid_rating", _("Choose a mark from 1 to 5."), field=name))
    if answer.solved is None:
        errors.append(DoleancesError("solved_required", _("Tell us whether your problem was solved."), field="solved"))
    if len(answer.comment) > settings.DOLEANCES_MAX_DESCRIPTION_CHARS:
        errors.append(
            DoleancesError(
                "too_long",
                _("This text is too long (%(max)d characters at most).") % {"max": settings.DOLEANCES_MAX_DESCRIPTION_CHARS},
                field="comment",
            )
        )
    if errors:
        raise DoleancesErrors(errors)


def is_dissatisfied(answer: SurveyAnswer) -> bool:
    ratings = [getattr(answer, name) for name in RATINGS]
    return answer.solved is False or any(r is not None and r <= DISSATISFIED_AT for r in ratings)


@transaction.atomic
def answer_survey(survey: Survey, answer: SurveyAnswer, *, at: datetime | None = None) -> Survey:
    """Taken once; a second answer is refused and changes nothing."""
    at = at or clock.now()
    _check(answer)
    complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=survey.complaint_id)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.answered_at is not None:
        raise Conflict("survey_answered", _("You have already answered this survey. Thank you."))
    survey.solved = answer.solved
    for name in RATINGS:
        setattr(survey, name, getattr(answer, name))
    survey.comment = answer.comment.strip()
    survey.answered_at = at
    survey.flagged = is_dissatisfied(answer)
    survey.save()
    record_event(
        complaint,
        "survey.answered",
        actor_label=complaint.customer.name,
        at=at,
        visibility=Visibility.INTERNAL,
        data={"solved": answer.solved, **{name: getattr(answer, name) for name in RATINGS}, "dissatisfied": survey.flagged},
    )
    if survey.flagged:
        managers = get_user_model().objects.filter(groups__name=roles.QUALITY_MANAGER, is_active=True)
        notifications.notify(
            managers,
            kind="survey.dissatisfied",
            title=_("Dissatisfied customer on %(reference)s") % {"reference": complaint.reference},
            body=survey.comment,
            link=reverse("agent:complaint_detail", args=[complaint.reference]),
            at=at,
            complaint_reference=complaint.reference,
            dedupe_key=f"survey:{survey.pk}:dissatisfied",
        )
    return survey


def may_review_survey(user) -> bool:
    return access.is_staff_member(user) and (
        user.is_superuser or bool(access.role_names(user) & {roles.QUALITY_MANAGER, roles.SUPERVISOR})
    )


@transaction.atomic
def reopen_after_survey(survey: Survey, *, actor: Actor, note: str = "", at: datetime | None = None) -> Complaint:
    """The quality manager reads a dissatisfied answer and reopens the case."""
    at = at or clock.now()
    if not may_review_survey(actor):
        raise Forbidden("permission_denied", str(access.REFUSED))
    complaint = Complaint.objects.select_for_update().select_related("customer").get(pk=survey.complaint_id)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.flagged or survey.flag_handled_at is not None:
        raise Conflict("survey_not_flagged", _("This survey does not wait for a decision."))
    survey.flag_handled_at = at
    survey.save(update_fields=["flag_handled_at"])
    return apply_transition(
        complaint,
        Action.REOPEN,
        actor=actor,
        at=at,
        data={"reason": "dissatisfied_survey", "survey": survey.pk, **({"note": note.strip()[:2000]} if note.strip() else {})},
    )

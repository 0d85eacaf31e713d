"""The satisfaction survey at closing: one per closed complaint after the delay, one reminder, a
GET consumes nothing, answered once, a dissatisfied answer flags the case for the quality manager."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from doleances.answers.models import Survey
from doleances.answers.services import answer_complaint, respond_to_remedy
from doleances.answers.surveys import reopen_after_survey, send_due_surveys, send_survey_reminders
from doleances.complaints.lifecycle import Action
from doleances.complaints.models import Complaint
from doleances.complaints.services import transition_complaint
from doleances.core import clock
from doleances.core.errors import Forbidden
from doleances.core.models import OutboxMessage
from doleances.messaging.models import Notification
from tests.fixtures.objects import make_user

pytestmark = pytest.mark.django_db

ANSWERS = {"solved": "no", "outcome_rating": "2", "process_rating": "4", "treatment_rating": "5", "comment": "Trop long."}


@pytest.fixture
def closed_case(french_case, agent) -> Complaint:
    decision = answer_complaint(
        french_case,
        outcome="upheld",
        reasons="Erreur.",
        remedy="apology_only",
        actor=agent,
        body="Nous sommes désolés et vous remercions.",
    )
    respond_to_remedy(decision, accepted=True)
    case = Complaint.objects.get(pk=french_case.pk)
    transition_complaint(case, Action.CLOSE, actor=agent)
    case.refresh_from_db()
    return case


def _later(hours: float):
    return clock.now() + timedelta(hours=hours)


def test_a_closed_case_gets_one_survey_after_the_delay(closed_case, settings):
    assert send_due_surveys(at=_later(settings.DOLEANCES_SURVEY_DELAY_HOURS - 1)) == []

    first = send_due_surveys(at=_later(settings.DOLEANCES_SURVEY_DELAY_HOURS + 1))
    again = send_due_surveys(at=_later(settings.DOLEANCES_SURVEY_DELAY_HOURS + 2))

    assert len(first) == 1
    assert again == []
    survey = Survey.objects.get()
    assert survey.team_id == closed_case.team_id
    assert survey.agent_id == closed_case.assignee_id
    mail = OutboxMessage.objects.get(payload__template="survey_invitation")
    assert survey.token in mail.payload["body"]
    assert closed_case.reference in mail.payload["subject"]


def test_one_reminder_only(closed_case, settings):
    at = _later(settings.DOLEANCES_SURVEY_DELAY_HOURS + 1)
    send_due_surveys(at=at)
    reminder_at = at + timedelta(days=settings.DOLEANCES_SURVEY_REMINDER_DAYS, hours=1)

    assert len(send_survey_reminders(at=reminder_at)) == 1
    assert send_survey_reminders(at=reminder_at + timedelta(days=3)) == []
    assert OutboxMessage.objects.filter(payload__template="survey_reminder").count() == 1


@pytest.fixture
def survey(closed_case, settings) -> Survey:
    send_due_surveys(at=_later(settings.DOLEANCES_SURVEY_DELAY_HOURS + 1))
    return Survey.objects.get()


def test_a_scanners_get_consumes_nothing_and_a_post_answers_once(client: Client, survey):
    for _ in range(3):
        assert client.get(f"/survey/{survey.token}/").status_code == 200
    survey.refresh_from_db()
    assert survey.answered_at is None

    with time_machine.travel(survey.sent_at + timedelta(hours=1)):
        first = client.post(f"/survey/{survey.token}/", ANSWERS)
        second = client.post(f"/survey/{survey.token}/", {**ANSWERS, "solved": "yes", "comment": "changé"})

    assert first.status_code == 200
    assert second.status_code == 409
    survey.refresh_from_db()
    assert survey.solved is False
    assert survey.comment == "Trop long."
    assert (survey.outcome_rating, survey.process_rating, survey.treatment_rating) == (2, 4, 5)


def test_a_dissatisfied_answer_flags_the_case_for_the_quality_manager_who_reopens_it(client, survey, agent):
    quality = make_user("quality_manager", username="qm")
    with time_machine.travel(survey.sent_at + timedelta(hours=1)):
        client.post(f"/survey/{survey.token}/", ANSWERS)

    survey.refresh_from_db()
    assert survey.flagged
    assert Notification.objects.filter(recipient=quality, kind="survey.dissatisfied").count() == 1
    with pytest.raises(Forbidden):
        reopen_after_survey(survey, actor=agent)
    reopen_after_survey(survey, actor=quality, note="Rappeler le client.")
    case = Complaint.objects.get(pk=survey.complaint_id)
    assert case.status == "reopened"
    assert case.events.get(action="complaint.reopened").data["reason"] == "dissatisfied_survey"


def test_a_satisfied_answer_flags_nothing(client, survey):
    with time_machine.travel(survey.sent_at + timedelta(hours=1)):
        client.post(f"/survey/{survey.token}/", {**ANSWERS, "solved": "yes", "outcome_rating": "4"})
    survey.refresh_from_db()
    assert survey.answered_at is not None
    assert not survey.flagged


def test_bad_ratings_are_refused_and_nothing_is_recorded(client, survey):
    with time_machine.travel(survey.sent_at + timedelta(hours=1)):
        response = client.post(f"/survey/{survey.token}/", {**ANSWERS, "outcome_rating": "9", "solved": ""})
    assert response.status_code == 400
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_a_tampered_or_expired_survey_link_is_a_404(client, survey, settings):
    assert client.get(f"/survey/{survey.token[:-1]}x/").status_code == 404
    with time_machine.travel(survey.sent_at + timedelta(days=settings.DOLEANCES_SURVEY_VALID_DAYS + 1)):
        assert client.get(f"/survey/{survey.token}/").status_code == 404
        assert client.post(f"/survey/{survey.token}/", ANSWERS).status_code == 404


def test_html_in_the_survey_comment_is_shown_as_text(client, survey):
    quality = make_user("quality_manager", username="qm2")
    with time_machine.travel(survey.sent_at + timedelta(hours=1)):
        client.post(f"/survey/{survey.token}/", {**ANSWERS, "comment": "<script>alert(1)</script>"})
    staff = Client()
    staff.force_login(quality)
    page = staff.get(f"/agent/complaints/{survey.complaint.reference}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

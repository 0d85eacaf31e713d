"""The answer panel of the case page (issue 20): its context, shared by the case page and the
answer's own actions."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from doleances.agent.answer_forms import AnswerForm
from doleances.answers import selectors as answer_selectors
from doleances.answers import services, surveys
from doleances.complaints.models import Complaint
from doleances.messaging.mandatory import BLOCK_LABELS
from doleances.messaging.writing import MAX_SENTENCE_WORDS

FINDING_TEXTS = {
    "no_apology": lambda d: _("No apology: say you are sorry for the trouble, even when the complaint is rejected."),
    "no_thanks": lambda d: _("No thanks: thank the customer for raising the issue."),
    "blame_word": lambda d: _("Words that blame the customer: “%(words)s”.") % {"words": d},
    "long_sentence": lambda d: _("A sentence longer than %(max)d words: “%(start)s”.") % {"max": MAX_SENTENCE_WORDS, "start": d},
    "placeholder_left": lambda d: _("A placeholder is still there: %(token)s.") % {"token": d},
}


def answer_context(request: HttpRequest, complaint: Complaint, *, can_handle: bool, timeline: list) -> dict:
    """What the answer panel shows, added to the case page's context. No query for a case not yet
    answered (the decision and the survey come after an answer); failed deliveries are read from
    the timeline the page already has."""
    answered = complaint.answered_at is not None
    return {
        "answer_form": AnswerForm(language=_language(complaint), auto_id="id_answer_%s"),
        "answer_panel": answer_selectors.decision_panel(complaint) if answered else None,
        "can_answer": can_handle and complaint.status in services.ANSWERABLE,
        "can_renew_link": can_handle,
        "may_review_survey": surveys.may_review_survey(request.user),
        "failed_deliveries": answer_selectors.failed_deliveries_in(timeline),
        "draft": None,
        "draft_missing": [],
        "draft_findings": [],
    }


def draft_context(form: AnswerForm, draft=None) -> dict:
    """The answer form again, with the prepared letter and its checks when there is one."""
    return {
        "answer_form": form,
        "draft": draft,
        "draft_missing": [BLOCK_LABELS[block] for block in draft.missing] if draft else [],
        "draft_findings": [FINDING_TEXTS[f.code](f.detail) for f in draft.findings] if draft else [],
    }


def _language(complaint: Complaint) -> str:
    return complaint.customer.language or complaint.language

"""What the tracking page shows of the answer (issue 20): the decision, its remedy, the forms."""

from __future__ import annotations

from doleances.answers import wording
from doleances.answers.selectors import decision_panel
from doleances.complaints.models import Complaint
from doleances.portal.answer_forms import RemedyResponseForm, WithdrawForm


def answer_context(complaint: Complaint) -> dict:
    panel = decision_panel(complaint)
    decision = panel.decision
    remedy = ""
    if decision is not None:
        remedy = wording.remedy_text(decision.remedy, decision.amount, decision.currency)
    return {
        "answer": panel,
        "remedy_text": remedy,
        "remedy_form": RemedyResponseForm(auto_id="id_remedy_%s"),
        "withdraw_form": WithdrawForm(auto_id="id_withdraw_%s"),
        "can_withdraw": complaint.is_open,
    }

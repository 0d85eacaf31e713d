"""The answer's timeline events in words, for the case page (issue 20)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from doleances.answers.models import Outcome, Remedy


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "")


def answer_event_sentence(action: str, data: dict) -> str | None:
    """The sentence of an answer event; None for an event that is not the answer's."""
    if action == "decision.made":
        return _("Decision: %(outcome)s; remedy: %(remedy)s") % {
            "outcome": _label(Outcome, data.get("outcome")),
            "remedy": _label(Remedy, data.get("remedy")),
        }
    if action == "decision.remedy_accepted":
        return _("The customer accepted the remedy on the tracking page")
    if action == "decision.remedy_refused":
        return _("The customer refused the remedy: “%(reason)s”") % {"reason": data.get("reason", "")}
    if action == "portal.link_renewed":
        return _("Tracking link revoked; a new one was emailed to the customer")
    if action == "survey.sent":
        return _("Satisfaction survey sent")
    if action == "survey.answered":
        if data.get("dissatisfied"):
            return _("Satisfaction survey answered: the customer is dissatisfied")
        return _("Satisfaction survey answered")
    return None

"""Display names of the NLP codes (tone, risk, facts, typology): the UI translates them here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Tone(models.TextChoices):
    CALM = "calm", _("Calm")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    ANGRY = "angry", _("Angry")
    DISTRESSED = "distressed", _("Distressed")


class RiskLevel(models.TextChoices):
    # Own context: "Low"/"High" also name priorities, which French puts in the feminine.
    LOW = "low", pgettext_lazy("risk level", "Low")
    MEDIUM = "medium", pgettext_lazy("risk level", "Medium")
    HIGH = "high", pgettext_lazy("risk level", "High")
    CRITICAL = "critical", pgettext_lazy("risk level", "Critical")


class RiskFlag(models.TextChoices):
    CHURN = "churn", _("Churn (may leave)")
    LEGAL = "legal", _("Legal action")
    PUBLIC = "public", _("Public exposure (media, social networks)")
    SAFETY = "safety", _("Safety")
    VULNERABILITY = "vulnerability", _("Vulnerable customer")


class Typology(models.TextChoices):
    # Seed 003's profiles: whom the dissatisfied customer tells, not how loudly.
    EAU_DORMANTE = "eau_dormante", _("Still water (rarely voices a complaint)")
    GERANT_ESTRADE = "gerant_estrade", _("Voicer (tells you directly, wants to give their view, stays loyal)")
    KLAXON = "klaxon", _("Horn (tells their circle or the public rather than you)")
    PROCEDURIER = "procedurier", _("Stickler (turns to a third party: consumer body, ombudsman, lawyer)")


# How to handle each profile (seed 003), shown with the profile on the case page.
TYPOLOGY_GUIDANCE = {
    "eau_dormante": _(
        "This customer seldom complains: this message may be the only warning before they leave without a word. "
        "Thank them for telling you, ask about what they only hinted at, and check later that the "
        "solution suits them."
    ),
    "gerant_estrade": _(
        "This customer speaks to you directly and wants to give their point of view; they do not want to change "
        "supplier. Give them the time to explain, restate what they said, and build the solution with them: handled "
        "well, they stay loyal."
    ),
    "klaxon": _(
        "This customer tells their circle or the public rather than you: what they write reaches others. Answer "
        "quickly and personally, offer a direct contact (never argue in public), and once it is settled check that "
        "they are satisfied."
    ),
    "procedurier": _(
        "This customer turns to a third party (consumer association, ombudsman, lawyer): every word may be read by "
        "them. Answer in writing, precisely, citing your commitments, the deadlines and the means of appeal, and keep "
        "the file complete."
    ),
}

# Seed 003's six steps with a difficult customer, whatever the profile.
DIFFICULT_CUSTOMER_STEPS = (
    _("Let them express their frustration, without interrupting."),
    _("Do not get carried into the spiral of negativity: stay calm."),
    _("Show empathy: “I can see why you feel this way.”"),
    _("Start actively solving the problem: listen, then investigate."),
    _("Reach a solution both parties accept."),
    _("Follow up."),
)


class CategorySource(models.TextChoices):
    MODEL = "model", _("Trained model")
    RULES = "rules", _("Keyword rules")


class CategoryDecision(models.TextChoices):
    NONE = "", _("Not decided")
    ACCEPTED = "accepted", _("Accepted")
    CORRECTED = "corrected", _("Corrected")


# What the facts checklist looks for (nlp.facts.CHECKLIST), as questions for the customer.
FACT_LABELS = {
    "date": _("Date of the events"),
    "reference": _("Order, contract or invoice reference"),
    "amount": _("Amount"),
    "product": _("Product or service concerned"),
    "commitment": _("What was promised"),
}

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
    EAU_DORMANTE = "eau_dormante", _("Still water (polite, may leave without a word)")
    GERANT_ESTRADE = "gerant_estrade", _("Grandstander (wants to be heard by the top)")
    KLAXON = "klaxon", _("Horn (loud, wants immediate attention)")
    PROCEDURIER = "procedurier", _("Stickler (rules, procedures, formal claims)")


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

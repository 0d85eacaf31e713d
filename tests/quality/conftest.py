"""Arrangements for the quality tests: categories and complaints on chosen days (Paris noon)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from doleances.complaints.models import Category, Complaint
from tests.fixtures.objects import make_complaint

TODAY = dt.date(2026, 3, 12)
PARIS = ZoneInfo("Europe/Paris")
BURST_TEXTS = (
    "Double prélèvement de l'abonnement sur mon compte ce mois-ci, merci de rembourser.",
    "On m'a fait un double prélèvement en mars, je veux être remboursée.",
    "Encore un double prélèvement ! Deux fois 39 euros débités pour la même facture.",
)


def on_day(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def complaints_on(
    days, *, category=None, team=None, description: str | tuple[str, ...] = BURST_TEXTS, subject: str = "Réclamation"
) -> list[Complaint]:
    """One complaint per day given (repeat a day for several); descriptions taken in turn."""
    texts = (description,) if isinstance(description, str) else description
    return [
        make_complaint(
            category=category,
            team=team,
            at=on_day(day),
            subject=subject,
            description=texts[i % len(texts)],
            email=f"c{i}@example.org",
        )
        for i, day in enumerate(days)
    ]


@pytest.fixture
def billing(db) -> Category:
    return Category.objects.create(name="Facturation")


@pytest.fixture
def delivery(db) -> Category:
    return Category.objects.create(name="Livraison")

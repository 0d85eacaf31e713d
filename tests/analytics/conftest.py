"""Arrangements for the words-and-phrases tests: two teams, two categories, a fixed "now"."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from doleances.complaints.models import Category, Complaint
from doleances.core import clock
from tests.fixtures.objects import make_complaint, make_team, make_user


@pytest.fixture
def now() -> datetime:
    return clock.now()


@pytest.fixture
def teams(db):
    return make_team("Équipe A"), make_team("Équipe B")


@pytest.fixture
def categories(db) -> dict[str, Category]:
    return {"delivery": Category.objects.create(name="Livraison"), "billing": Category.objects.create(name="Facturation")}


@pytest.fixture
def agent_a(teams):
    return make_user("agent", username="agent_a", teams=(teams[0],))


@pytest.fixture
def auditor(db):
    return make_user("auditor", username="auditor")


def complaint_at(at: datetime, subject: str, description: str, **extra) -> Complaint:
    return make_complaint(subject=subject, description=description, at=at, **extra)


def days_before(at: datetime, days: float) -> datetime:
    return at - timedelta(days=days)


# A known corpus: "colis" 5 times in 2 complaints (3 + 2), "arrive" twice in 2 complaints.
CORPUS = [
    ("Colis jamais livré", "Mon colis n'est jamais arrivé, toujours pas de colis.", "delivery", "web"),
    ("Colis abîmé", "Le colis est arrivé abîmé, carton déchiré.", "delivery", "email"),
    ("Facture erronée", "Ma facture compte deux fois l'abonnement.", "billing", "email"),
]


@pytest.fixture
def corpus(now, teams, categories) -> list[Complaint]:
    return [
        complaint_at(
            days_before(now, 1 + i),
            subject,
            description,
            team=teams[0],
            category=categories[category],
            channel=channel,
        )
        for i, (subject, description, category, channel) in enumerate(CORPUS)
    ]

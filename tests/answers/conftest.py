"""Fixtures of the answer tests: the organisation's mandatory wording, a French banking complaint
in progress with its handler, the customer's technician and account manager."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from doleances.complaints.models import Complaint
from doleances.complaints.services import transition_complaint
from doleances.messaging import shipped_templates
from doleances.messaging.models import OrganisationSettings, ResponseTemplate
from tests.fixtures.objects import make_complaint, make_user

AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
MEDIATOR = "Médiateur de l'Assurance"
MEDIATOR_SITE = "www.mediation-assurance.org"


@pytest.fixture
def organisation(db) -> OrganisationSettings:
    ship_templates()  # a transactional test on this worker may have flushed them
    org = OrganisationSettings.load()
    org.name = "Banque Exemple"
    org.letterhead_address = "1 rue de la Paix\n75002 Paris"
    org.mediator_name = MEDIATOR
    org.mediator_address = "TSA 50110, 75441 Paris Cedex 09"
    org.mediator_website = MEDIATOR_SITE
    org.save()
    return org


def case_in_progress(agent, team, *, profile: str = "fr-acpr", language: str = "fr", **details) -> Complaint:
    complaint = make_complaint(team=team, **details)
    Complaint.objects.filter(pk=complaint.pk).update(regulatory_profile=profile, assignee=agent)
    complaint.customer.language = language
    complaint.customer.save(update_fields=["language"])
    complaint.refresh_from_db()
    transition_complaint(complaint, "qualify", actor=agent)
    transition_complaint(complaint, "start", actor=agent)
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def french_case(agent, team, organisation) -> Complaint:
    return case_in_progress(agent, team)


@pytest.fixture
def field_staff(french_case):
    technician = make_user("contributor", username="tech", first_name="Tom", last_name="Technicien")
    manager = make_user("contributor", username="am", first_name="Anne", last_name="Manager")
    customer = french_case.customer
    customer.onsite_technician, customer.account_manager = technician, manager
    customer.save(update_fields=["onsite_technician", "account_manager"])
    return technician, manager


def ship_templates() -> None:
    """The shipped response templates again: a transactional test (live server, browser) flushed
    the rows their data migration wrote."""
    shipped_templates.ship_templates(ResponseTemplate)

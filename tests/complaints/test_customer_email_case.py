"""Customer addresses are stored lower-cased by every writer, so that intake and search find a
customer by exact address (through the email index) instead of a case-insensitive scan."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from doleances.complaints.models import Customer
from doleances.core import clock
from doleances.intake.services import CustomerDetails, find_or_create_customer

BEFORE = ("complaints", "0010_complaint_status_is_a_lifecycle_state")
AFTER = ("complaints", "0011_customer_emails_lower_case")


def test_the_admin_stores_an_address_lower_cased(db):
    customer = Customer.objects.create(name="Jeanne Martin", email="jeanne@example.org", created_at=clock.now())
    admin = User.objects.create_superuser("root", "root@staff.example.org", "secret-pass-123")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin)
    fields = {"kind": "external", "name": "Jeanne Martin", "email": "Jeanne.MARTIN@Example.org", "language": "fr"}
    response = client.post(f"/admin/complaints/customer/{customer.pk}/change/", fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    customer.refresh_from_db()
    assert customer.email == "jeanne.martin@example.org"


def test_an_administrator_adds_a_customer_by_hand(db):
    admin = User.objects.create_superuser("root", "root@staff.example.org", "secret-pass-123")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin)
    fields = {"kind": "external", "name": "Paul Durand", "email": "Paul@Example.org", "language": "fr"}
    response = client.post("/admin/complaints/customer/add/", fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Customer.objects.get(name="Paul Durand")
    assert added.email == "paul@example.org"
    assert added.created_at is not None


def test_intake_finds_a_customer_whatever_the_case_typed(db):
    at = clock.now()
    first = find_or_create_customer(CustomerDetails(name="Jeanne Martin", email="jeanne.martin@example.org"), at=at)
    again = find_or_create_customer(CustomerDetails(name="Jeanne Martin", email="Jeanne.Martin@EXAMPLE.org"), at=at)
    assert again == first


@pytest.mark.django_db(transaction=True)
def test_the_migration_lower_cases_the_addresses_already_stored():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps.get_model("complaints", "Customer")
    at = clock.now()
    old.objects.create(name="Jeanne Martin", email="Jeanne.Martin@Example.ORG", created_at=at)
    old.objects.create(name="Élodie Chevalier", email="ÉLODIE@exemple.fr", created_at=at)
    old.objects.create(name="Sans adresse", email="", created_at=at)
    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    executor.loader.build_graph()
    assert sorted(Customer.objects.values_list("email", flat=True)) == ["", "jeanne.martin@example.org", "élodie@exemple.fr"]
    # Back to the latest schema: the next tests of this worker use the columns added since.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

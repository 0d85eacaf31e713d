"""Query plans of the lookups that must not grow with the database (issue 16): each is read with
EXPLAIN (tests/fixtures/query_plans.py) on SQLite and on PostgreSQL, and must reach its rows
through an index, never by reading a whole table. A plan that scans today is marked xfail
(strict): the fix that makes it use an index turns the mark into a failure, to be removed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings

from doleances.analysis.selectors import similar_complaints
from doleances.analysis.similarity_index import build_similarity_index
from doleances.complaints.models import Complaint, ComplaintEvent, Customer
from doleances.complaints.search import search_complaints
from doleances.complaints.selectors import ComplaintFilters, complaints_for_agent
from doleances.core import clock
from doleances.intake.services import CustomerDetails, acknowledgement_limit_reached, find_or_create_customer
from doleances.routing.services import analyse_complaint
from tests.fixtures.objects import make_complaint, make_user
from tests.fixtures.query_plans import full_scans, query_plans

FIBRE = "Ma fibre est coupée depuis lundi, le technicien n'est jamais venu et personne ne répond."


@pytest.fixture
def customers(db, team):
    """Three customers through intake, and enough others (with a complaint and two events each)
    that PostgreSQL, once its statistics are fresh, does not find walking a whole tiny table by
    its primary key as cheap as an index lookup."""
    for n in range(3):
        make_complaint(team=team, name=f"Client {n}", email=f"client{n}@example.org")
    add_rows(2000, team)
    return Customer.objects.filter(email__startswith="client").order_by("pk")


def add_rows(count: int, team) -> None:
    at = clock.now()
    people = Customer.objects.bulk_create(
        [Customer(name=f"Other {n}", email=f"other{n}@example.net", created_at=at) for n in range(count)]
    )
    complaints = Complaint.objects.bulk_create(
        [
            Complaint(
                reference=f"BULK-{n:06d}",
                channel="web",
                customer=person,
                team=team,
                subject="s",
                description="d",
                received_at=at,
                registered_at=at,
                updated_at=at,
            )
            for n, person in enumerate(people)
        ]
    )
    ComplaintEvent.objects.bulk_create(
        ComplaintEvent(complaint=c, sequence=s, action=a, created_at=at, previous_hash="0", hash="0", data={"emailed": True})
        for c in complaints
        for s, a in ((1, "complaint.received"), (2, "complaint.acknowledged"))
    )
    if connection.vendor == "postgresql":  # what autovacuum would do; the app never analyses SQLite
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE complaints_customer, complaints_complaint, complaints_complaintevent")


def test_intake_finds_the_customer_by_address_through_the_email_index(customers):
    details = CustomerDetails(name="Client 1", email="client1@example.org")
    plans = query_plans(lambda: find_or_create_customer(details, at=clock.now()), table="complaints_customer")
    assert plans
    assert not full_scans(plans, "complaints_customer")


def test_intake_counts_the_address_acknowledgements_without_reading_every_event(customers):
    person = customers[1]
    assert person.email == "client1@example.org"
    plans = query_plans(lambda: acknowledgement_limit_reached(person, at=clock.now()), table="complaints_complaintevent")
    assert plans
    assert not full_scans(plans, "complaints_complaintevent")
    assert not full_scans(plans, "complaints_customer")


@pytest.fixture
def similar_case(db, team, tmp_path):
    """A complaint, an exact duplicate and a near one from other customers, a similarity index."""
    with override_settings(DATA_DIR=tmp_path):
        complaint = make_complaint(team=team, description=FIBRE)
        make_complaint(team=team, name="Paul Durand", email="paul.durand@example.org", description=FIBRE)
        make_complaint(team=team, name="Léa Roux", email="lea.roux@example.org", description=FIBRE + " Trois semaines déjà.")
        build_similarity_index()
        yield complaint, analyse_complaint(complaint).fingerprint


def test_similar_complaints_reach_their_rows_through_indexes(similar_case, team, tmp_path):
    complaint, fingerprint = similar_case
    agent = make_user("agent", teams=(team,))
    with override_settings(DATA_DIR=tmp_path):
        found = []
        plans = query_plans(
            lambda: found.extend(similar_complaints(complaint, agent, fingerprint=fingerprint)), table="complaints_complaint"
        )
    assert len(found) == 2
    assert plans
    assert not full_scans(plans, "complaints_complaint")


def ordered_walks(plans: list[tuple[str, str | list]], index: str) -> bool:
    """Every plan reads in the order of `index` and sorts nothing: the first page stops after its
    rows instead of reading and sorting every row it may show."""
    return all(index in plan and "TEMP B-TREE FOR ORDER BY" not in plan for _sql, plan in plans)


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL weighs walking against sorting by table size: on a test table it sorts, at 100,000 "
    "complaints it walks complaint_recent_idx (bench/lists.py; EXPLAIN ANALYZE in the issue-16 note)",
)
@pytest.mark.parametrize("role", ["agent", "quality_manager"])
def test_the_agent_list_walks_the_recency_index_instead_of_sorting_the_visible_rows(customers, team, role):
    """The first page of a team's agent and of someone who sees everything: newest first through
    `complaint_recent_idx`, so it reads about a page of rows however many complaints there are.
    (The access scope keeps the customer's people as a join: written as `customer_id IN (...)`,
    SQLite answers the OR index by index — every team row read, then sorted.)"""
    user = make_user(role, teams=(team,))
    filters = ComplaintFilters()
    plans = query_plans(lambda: list(complaints_for_agent(user, filters)[:51]), table="complaints_complaint")
    assert plans
    assert ordered_walks(plans, "complaint_recent_idx")


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL's trigram indexes are checked by "
    "tests/complaints/test_search.py::test_postgresql_search_uses_its_indexes_for_every_branch",
)
def test_a_search_for_part_of_a_customers_name_reads_no_whole_customer_table(customers):
    """SQLite: through the FTS5 trigram table of migration 0012, not a LIKE over every customer."""
    plans = query_plans(lambda: list(search_complaints(Complaint.objects.all(), "Client 1")), table="complaints_complaint")
    assert plans
    # Any table, under its alias too (Django names a subquery's table U0): only index searches.
    scans = [line for _sql, plan in plans for line in plan.splitlines() if "SCAN" in line and "VIRTUAL TABLE" not in line]
    assert scans == []
    assert len(search_complaints(Complaint.objects.all(), "lient 1")) == 1

"""Customer records (issue 17): the search before an assisted intake (indexed), the customer page
(through the access scope) and merging two records of one person."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from hypothesis import given, settings
from hypothesis import strategies as st

from doleances.complaints import access, customer_selectors
from doleances.complaints.customer_services import CUSTOMER_MERGED, merge_customers
from doleances.complaints.enums import CustomerKind
from doleances.complaints.events import verify_chain
from doleances.complaints.models import Complaint, Customer, name_key
from doleances.core import clock
from doleances.core.actors import SYSTEM
from doleances.core.errors import Conflict, DoleancesError, Forbidden
from tests.fixtures.objects import make_complaint, make_team, make_user
from tests.fixtures.query_plans import full_scans, query_plans

pytestmark = pytest.mark.django_db


def customer(name: str, **fields) -> Customer:
    return Customer.objects.create(name=name, created_at=clock.now(), **fields)


# --- Search ----------------------------------------------------------------------------------


@pytest.fixture
def directory(db):
    return {
        "jeanne": customer("Jeanne Martin-Lefèvre", email="jeanne@example.org", phone="+33612345678", customer_number="C-1001"),
        "jean": customer("Jean Dupont", email="jean@example.org"),
        "rh": customer("Service RH", kind=CustomerKind.INTERNAL, department="Ressources humaines"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jeanne@example.org", ["jeanne"]),
        ("JEANNE@EXAMPLE.ORG", ["jeanne"]),
        ("06 12 34 56 78", ["jeanne"]),
        ("+33 6 12 34 56 78", ["jeanne"]),
        ("C-1001", ["jeanne"]),
        ("jean", ["jean", "jeanne"]),
        ("jean\x00", ["jean", "jeanne"]),  # a NUL, which PostgreSQL refuses in any text
        ("JEANNE martin-lefevre", ["jeanne"]),
        ("  jeanne   martin ", ["jeanne"]),
        ("service", ["rh"]),
        ("dupont", []),  # a prefix of the name, not a word inside it
        ("je", []),  # too short to look anything up
        ("", []),
        ("nobody@example.org", []),
    ],
)
def test_search_finds_customers_by_email_phone_number_or_name_start(directory, agent, query, expected):
    found = customer_selectors.search_customers(agent, query)
    assert [match.pk for match in found] == [directory[key].pk for key in expected]


def test_search_leaves_merged_records_out(directory, agent):
    directory["jean"].merged_into = directory["jeanne"]
    directory["jean"].save()
    assert [m.pk for m in customer_selectors.search_customers(agent, "jean")] == [directory["jeanne"].pk]


def test_a_contributor_finds_only_the_customers_they_manage(directory):
    contributor = make_user("contributor")
    directory["jean"].account_manager = contributor
    directory["jean"].save()
    assert [m.pk for m in customer_selectors.search_customers(contributor, "jea")] == [directory["jean"].pk]
    assert customer_selectors.search_customers(make_user(), "jea") == []  # no role: nothing


@pytest.mark.parametrize("query", ["jeanne@example.org", "06 12 34 56 78", "C-1001", "jeanne mar"])
def test_search_reads_indexes_never_the_whole_customer_table(directory, agent, query):
    at = clock.now()
    Customer.objects.bulk_create(
        [Customer(name=f"Other {n}", name_key=f"other {n}", email=f"o{n}@example.net", created_at=at) for n in range(500)]
    )
    plans = query_plans(lambda: customer_selectors.search_customers(agent, query), table="complaints_customer")
    assert plans
    assert full_scans(plans, "complaints_customer") == []
    # "Not merged" is no lookup: an index on it would read every customer (a SEARCH in SQLite's words).
    assert not [plan for _sql, plan in plans if "merged_into" in " ".join(index_names(plan))]


def index_names(plan) -> list[str]:
    """The indexes a plan reads: SQLite's plan lines, or PostgreSQL's nodes' "Index Name"."""
    if isinstance(plan, str):
        return [line for line in plan.splitlines() if "INDEX" in line]
    names, nodes = [], [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        names.append(node.get("Index Name", ""))
        nodes += node.get("Plans", [])
    return names


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_text_typed_in_the_search_box_gives_a_list_never_a_crash(text):
    from django.contrib.auth.models import Group, User

    user, _created = User.objects.get_or_create(username="searcher")
    user.groups.add(Group.objects.get(name="agent"))
    assert isinstance(customer_selectors.search_customers(user, text), list)


@given(st.text(max_size=40))
def test_a_name_key_is_idempotent_and_never_longer_than_the_column(text):
    key = name_key(text)
    assert name_key(key) == key
    assert len(key) <= 200


# --- Customer page ----------------------------------------------------------------------------


def test_the_customer_page_shows_only_complaints_in_the_person_scope(agent, team):
    mine = make_complaint(team=team, email="paul@example.org", name="Paul")
    theirs = make_complaint(team=make_team("Autre"), email="paul@example.org", name="Paul", subject="Autre équipe")
    page = customer_selectors.customer_page(agent, mine.customer)
    assert [row.reference for row in page.complaints] == [mine.reference]
    everything = customer_selectors.customer_page(make_user("auditor"), mine.customer)
    assert {row.reference for row in everything.complaints} == {mine.reference, theirs.reference}


def test_the_customer_page_lists_messages_and_outcomes(agent, team, complaint):
    from doleances.complaints.services import reply_to_customer

    reply_to_customer(complaint, body="Nous vous remboursons.", actor=agent)
    page = customer_selectors.customer_page(agent, complaint.customer)
    assert [m.excerpt for m in page.messages] == ["Nous vous remboursons."]
    assert sum(page.outcomes.values()) == 1
    assert page.open_count == 1


def test_get_customer_for_is_404_outside_scope(directory):
    from django.http import Http404

    with pytest.raises(Http404):
        access.get_customer_for(make_user("contributor"), directory["jean"].pk)
    assert access.get_customer_for(make_user("agent"), directory["jean"].pk) == directory["jean"]


# --- Merge ------------------------------------------------------------------------------------


@pytest.fixture
def two_records(team):
    first = make_complaint(team=team, name="Paul Durand", email="paul@example.org")
    second = make_complaint(team=team, name="P. Durand", email="p.durand@example.org", subject="Deuxième")
    third = make_complaint(team=team, name="P. Durand", email="p.durand@example.org", subject="Troisième")
    Customer.objects.filter(pk=second.customer_id).update(phone="+33612345678", customer_number="C-9", is_vip=True)
    return first.customer, Customer.objects.get(pk=second.customer_id), [first, second, third]


def test_merging_moves_every_complaint_with_an_event_and_keeps_the_merged_record(two_records, supervisor):
    kept, duplicate, complaints = two_records
    merge_customers(duplicate, into=kept, actor=supervisor)
    assert set(Complaint.objects.values_list("customer_id", flat=True)) == {kept.pk}
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert (duplicate.merged_into_id, duplicate.email) == (kept.pk, "p.durand@example.org")  # nothing lost
    # The record kept takes what it lacked; its own values stay.
    assert (kept.email, kept.phone, kept.customer_number, kept.is_vip) == ("paul@example.org", "+33612345678", "C-9", True)
    for moved in complaints[1:]:
        event = moved.events.get(action=CUSTOMER_MERGED)
        assert event.actor == supervisor
        assert event.data == {"from": duplicate.pk, "from_name": "P. Durand", "into": kept.pk, "into_name": "Paul Durand"}
        assert verify_chain(moved) is None
    assert not complaints[0].events.filter(action=CUSTOMER_MERGED).exists()
    logged = LogEntry.objects.filter(user=supervisor).order_by("object_id")
    assert sorted(int(e.object_id) for e in logged) == sorted([kept.pk, duplicate.pk])
    assert all(complaints[1].reference in e.change_message for e in logged)


def test_after_a_merge_mail_from_the_old_address_goes_to_the_record_kept(two_records, supervisor):
    from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint

    kept, duplicate, _ = two_records
    merge_customers(duplicate, into=kept, actor=supervisor)
    again = receive_complaint(
        CustomerDetails(name="P. Durand", email="p.durand@example.org"),
        ComplaintDetails(subject="s", description="d", consent=True),
    )
    assert again.customer_id != duplicate.pk  # the merged record is never matched again


def test_records_merged_earlier_follow_to_the_record_kept(two_records, supervisor):
    kept, duplicate, _ = two_records
    older = customer("Paul D.", merged_into=duplicate, merged_at=clock.now())
    merge_customers(duplicate, into=kept, actor=supervisor)
    older.refresh_from_db()
    assert older.merged_into_id == kept.pk


def test_merge_into_itself_is_refused(two_records, supervisor):
    kept, _, _ = two_records
    with pytest.raises(DoleancesError) as refused:
        merge_customers(kept, into=kept, actor=supervisor)
    assert refused.value.code == "merge_into_self"


def test_merging_an_already_merged_record_or_into_one_is_refused(two_records, supervisor):
    kept, duplicate, _ = two_records
    third = customer("Paul Tiers")
    merge_customers(duplicate, into=kept, actor=supervisor)
    for source, target, code in ((duplicate, third, "customer_already_merged"), (third, duplicate, "customer_target_merged")):
        with pytest.raises(Conflict) as refused:
            merge_customers(source, into=target, actor=supervisor)
        assert refused.value.code == code


def test_conflicting_account_managers_are_refused_and_nothing_moves(two_records, supervisor):
    kept, duplicate, _ = two_records
    Customer.objects.filter(pk=kept.pk).update(account_manager=make_user("contributor"))
    Customer.objects.filter(pk=duplicate.pk).update(account_manager=make_user("contributor"))
    before = list(Complaint.objects.order_by("pk").values_list("customer_id", flat=True))
    with pytest.raises(Conflict) as refused:
        merge_customers(duplicate, into=kept, actor=supervisor)
    assert refused.value.code == "conflicting_account_managers"
    assert list(Complaint.objects.order_by("pk").values_list("customer_id", flat=True)) == before
    assert not LogEntry.objects.exists()


def test_conflicting_onsite_technicians_are_refused(two_records, supervisor):
    kept, duplicate, _ = two_records
    Customer.objects.filter(pk=kept.pk).update(onsite_technician=make_user("contributor"))
    Customer.objects.filter(pk=duplicate.pk).update(onsite_technician=make_user("contributor"))
    with pytest.raises(Conflict) as refused:
        merge_customers(duplicate, into=kept, actor=supervisor)
    assert refused.value.code == "conflicting_onsite_technicians"


def test_an_internal_requester_and_an_external_customer_are_not_merged(two_records, supervisor):
    kept, _, _ = two_records
    internal = customer("Service RH", kind=CustomerKind.INTERNAL)
    with pytest.raises(Conflict) as refused:
        merge_customers(internal, into=kept, actor=supervisor)
    assert refused.value.code == "customer_kind_differs"


@pytest.mark.parametrize("role", ["agent", "quality_manager", "auditor", "contributor"])
def test_only_supervisors_and_administrators_merge(two_records, role):
    kept, duplicate, _ = two_records
    with pytest.raises(Forbidden):
        merge_customers(duplicate, into=kept, actor=make_user(role))
    with pytest.raises(Forbidden):
        merge_customers(duplicate, into=kept, actor=SYSTEM)
    assert merge_customers(duplicate, into=kept, actor=make_user("administrator")) == kept


def test_a_supervisor_may_not_merge_a_record_with_complaints_outside_their_teams(supervisor, team):
    kept = make_complaint(team=team, email="paul@example.org").customer
    elsewhere = make_complaint(team=make_team("Ailleurs"), email="p@example.org")
    with pytest.raises(Forbidden) as refused:
        merge_customers(elsewhere.customer, into=kept, actor=supervisor)
    assert refused.value.code == "merge_out_of_scope"
    assert Complaint.objects.get(pk=elsewhere.pk).customer_id == elsewhere.customer_id

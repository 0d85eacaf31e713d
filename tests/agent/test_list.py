"""The complaint list: filters, quick views, keyset pagination, constant query count."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doleances.agent.pagination import decode_cursor, encode_cursor
from doleances.complaints.enums import Channel, Status
from doleances.complaints.lifecycle import Action
from doleances.complaints.models import Complaint, Customer
from doleances.complaints.services import assign_complaint, transition_complaint
from doleances.core import clock
from doleances.core.actors import SYSTEM
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint, make_user

URL = reverse("agent:complaint_list")


def references(response) -> list[str]:
    return [c.reference for c in response.context["page"].rows]


def test_list_shows_the_columns_of_a_complaint(db, agent_client, complaint):
    page = agent_client.get(URL).content.decode()
    for text in [
        complaint.reference,
        "Facture erronée",
        "Jeanne Martin",
        "Complaint",
        "Acknowledged",
        "Facturation",
        "Unassigned",
    ]:
        assert text in page


def test_filter_by_status_single_and_multiple(db, agent_client, team):
    acknowledged = make_complaint(team=team)
    qualified = transition_complaint(make_complaint(team=team), Action.QUALIFY, actor=SYSTEM)
    started = transition_complaint(
        transition_complaint(make_complaint(team=team), Action.QUALIFY, actor=SYSTEM), Action.START, actor=SYSTEM
    )
    assert references(agent_client.get(URL, {"status": "qualified"})) == [qualified.reference]
    both = agent_client.get(URL, {"status": ["acknowledged", "in_progress"]})
    assert references(both) == [started.reference, acknowledged.reference]


def test_filter_by_assignee_me_unassigned_and_a_person(db, agent, agent_client, team):
    colleague = make_user("agent", teams=(team,), first_name="Bob")
    mine = assign_complaint(make_complaint(team=team), assignee=agent, actor=SYSTEM)
    bobs = assign_complaint(make_complaint(team=team), assignee=colleague, actor=SYSTEM)
    nobodys = make_complaint(team=team)
    assert references(agent_client.get(URL, {"assignee": "me"})) == [mine.reference]
    assert references(agent_client.get(URL, {"assignee": "none"})) == [nobodys.reference]
    assert references(agent_client.get(URL, {"assignee": str(colleague.pk)})) == [bobs.reference]


def test_filter_by_team(db, team, other_team):
    quality = make_user("quality_manager")
    billing = make_complaint(team=team)
    delivery = make_complaint(team=other_team)
    client = login(quality)
    assert references(client.get(URL, {"team": str(team.pk)})) == [billing.reference]
    assert references(client.get(URL, {"team": str(other_team.pk)})) == [delivery.reference]


def test_overdue_only_keeps_open_unanswered_complaints_past_their_due_date(db, agent_client, team):
    late = make_complaint(team=team, received_at=clock.now() - timedelta(days=60))
    late_but_closed = make_complaint(team=team, received_at=clock.now() - timedelta(days=60))
    for action in [Action.QUALIFY, Action.START, Action.ANSWER, Action.RESOLVE, Action.CLOSE]:
        late_but_closed = transition_complaint(late_but_closed, action, actor=SYSTEM)
    make_complaint(team=team)
    response = agent_client.get(URL, {"overdue": "on"})
    assert references(response) == [late.reference]
    assert 'class="is-overdue"' in response.content.decode()


def test_due_within_two_days_is_flagged_amber(db, agent_client, team):
    soon = make_complaint(team=team)
    due = clock.now() + timedelta(days=1)
    Complaint.objects.filter(pk=soon.pk).update(response_due_at=due, next_due_at=due)  # the list shows the next deadline
    page = agent_client.get(URL).content.decode()
    assert 'class="is-due-soon"' in page
    assert 'class="badge warn"' in page


@pytest.mark.parametrize("term", ["REC-", "carte bancaire", "Durand", "paul.durand@"])
def test_search_on_reference_subject_customer_name_and_email(db, agent_client, team, term):
    wanted = make_complaint(team=team, name="Paul Durand", email="paul.durand@example.org", subject="Carte bancaire bloquée")
    make_complaint(team=team)
    found = references(agent_client.get(URL, {"q": term}))
    assert wanted.reference in found
    if term != "REC-":
        assert len(found) == 1


def test_quick_views_are_links_to_the_matching_filters(db, agent_client):
    page = agent_client.get(URL).content.decode()
    assert f'href="{URL}?assignee=me&amp;open=on"' in page
    assert f'href="{URL}?assignee=none&amp;open=on"' in page
    assert f'href="{URL}?overdue=on"' in page
    assert agent_client.get(URL, {"assignee": "me", "open": "on"}).context["quick_view"] == "mine"


def test_htmx_request_gets_only_the_results_fragment(db, agent_client, complaint):
    response = agent_client.get(URL, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert '<nav id="quick-views" class="quick-views" hx-swap-oob="true"' in body
    assert "HX-Request" in response["Vary"]


def bulk_complaints(team, count: int) -> list[Complaint]:
    """Cheap rows straight in the table (the list only reads them); every third one shares the
    previous one's received_at so that the id breaks ties."""
    at = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    customer = Customer.objects.create(name="Bulk", email="bulk@example.org", created_at=at)
    rows, stamp = [], at
    for number in range(1, count + 1):
        if number % 3:
            stamp += timedelta(minutes=7)
        rows.append(
            Complaint(
                reference=f"BLK-2026-{number:06d}",
                channel=Channel.EMAIL,
                status=Status.ACKNOWLEDGED,
                customer=customer,
                team=team,
                subject=f"Bulk {number}",
                description="…",
                received_at=stamp,
                registered_at=stamp,
                updated_at=stamp,
            )
        )
    Complaint.objects.bulk_create(rows)
    return list(Complaint.objects.filter(team=team).order_by("-received_at", "-id"))


def test_keyset_pagination_walks_every_row_once_forwards_and_backwards(db, agent_client, team):
    expected = [c.reference for c in bulk_complaints(team, 120)]
    pages, response = [], agent_client.get(URL)
    while True:
        page = response.context["page"]
        pages.append([c.reference for c in page.rows])
        if not page.next_cursor:
            break
        response = agent_client.get(URL, {"after": page.next_cursor})
    assert [len(p) for p in pages] == [50, 50, 20]
    assert [ref for p in pages for ref in p] == expected
    # And back from the last page.
    back = []
    page = response.context["page"]
    while page.previous_cursor:
        page = agent_client.get(URL, {"before": page.previous_cursor}).context["page"]
        back.insert(0, [c.reference for c in page.rows])
    assert back == pages[:2]


def test_pagination_keeps_the_filters_in_its_links(db, agent_client, team):
    bulk_complaints(team, 60)
    page = agent_client.get(URL, {"status": "acknowledged", "q": "Bulk"}).content.decode()
    assert "?status=acknowledged&amp;q=Bulk&amp;after=" in page


def test_cursor_round_trip_and_garbage_cursor_shows_the_first_page(db, agent_client, complaint):
    at = datetime(2026, 3, 1, 8, 0, 0, 123456, tzinfo=UTC)
    assert decode_cursor(encode_cursor(at, 42)) == (at, 42)
    assert decode_cursor("not-a-cursor") is None
    assert references(agent_client.get(URL, {"after": "%%%garbage"})) == [complaint.reference]


def count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_list_query_count_does_not_grow_with_the_rows(db, agent, agent_client, team):
    colleague = make_user("agent", teams=(team,))
    assign_complaint(make_complaint(team=team), assignee=agent, actor=SYSTEM)
    one = count_queries(agent_client, URL)
    assign_complaint(make_complaint(team=team, name="Autre", email="autre@example.org"), assignee=colleague, actor=SYSTEM)
    make_complaint(team=team, name="Troisième", email="trois@example.org")
    three = count_queries(agent_client, URL)
    assert len(agent_client.get(URL).context["page"].rows) == 3
    assert one == three


def test_searched_list_query_count_does_not_grow_with_the_matches(db, agent_client, team):
    make_complaint(team=team, description="Colis bloqué au dépôt de Vénissieux")
    one = count_queries(agent_client, URL, q="depot")
    for n in range(2):
        make_complaint(team=team, name=f"Client {n}", email=f"c{n}@example.org", description="Mon colis est au dépôt.")
    three = count_queries(agent_client, URL, q="depot")
    assert len(agent_client.get(URL, {"q": "depot"}).context["page"].rows) == 3
    assert one == three


def test_list_does_not_count_the_whole_table(db, agent_client, team):
    bulk_complaints(team, 60)
    with CaptureQueriesContext(connection) as captured:
        agent_client.get(URL)
    assert not [q["sql"] for q in captured if "COUNT(" in q["sql"].upper() or "OFFSET" in q["sql"].upper()]


@pytest.mark.parametrize("exact", [True, False])
def test_whole_reference_or_email_is_an_exact_lookup(db, agent_client, team, exact):
    wanted = make_complaint(team=team, email="paul.durand@example.org")
    make_complaint(team=team, email="paul.durand@example.org.evil")
    term = wanted.reference.lower() if exact else "PAUL.DURAND@example.org"
    found = references(agent_client.get(URL, {"q": term}))
    assert found == [wanted.reference]

"""Deadlines on the screens (issue 19): time left in words, filters, sort orders walked page by
page with keyset cursors, the case's deadline panel and the extension form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from doleances.agent.pagination import keyset_page
from doleances.complaints.models import Complaint
from doleances.complaints.selectors import SORTS
from doleances.complaints.services import assign_complaint
from doleances.core import clock
from doleances.core.models import OutboxMessage
from tests.fixtures.objects import make_complaint

URL = reverse("agent:complaint_list")


def references(response) -> list[str]:
    return [c.reference for c in response.context["page"].rows]


@pytest.fixture
def cases(db, team):
    """Four open complaints whose next deadline passed, is today, in three days, in three weeks."""
    now = clock.now()
    made = {}
    for name, delta in (
        ("late", -timedelta(days=2)),
        ("soon", timedelta(hours=1)),
        ("days", timedelta(days=3)),
        ("far", timedelta(days=21)),
    ):
        c = make_complaint(team=team, name=name, email=f"{name}@example.org")
        Complaint.objects.filter(pk=c.pk).update(next_due_at=now + delta)
        made[name] = c.reference
    return made


def test_time_left_is_told_in_words_not_colour_alone(agent_client, cases):
    page = agent_client.get(URL, {"sort": "due"}).content.decode()
    assert "Late by 2 days" in page
    assert '<span class="badge danger" data-testid="time-left">Late by 2 days</span>' in page
    assert "left</span>" in page


@pytest.mark.parametrize(
    ("deadline", "expected"), [("breached", {"late"}), ("at_risk", {"soon"}), ("", {"late", "soon", "days", "far"})]
)
def test_deadline_filters(agent_client, cases, deadline, expected):
    found = set(references(agent_client.get(URL, {"deadline": deadline})))
    assert found == {cases[name] for name in expected}


def test_due_today_and_this_week_are_within_their_bounds(agent_client, cases):
    today = set(references(agent_client.get(URL, {"deadline": "today"})))
    week = set(references(agent_client.get(URL, {"deadline": "week"})))
    assert cases["late"] not in today | week
    assert cases["far"] not in week
    assert today <= week


def test_my_work_queue_opens_on_what_is_due_first(agent_client, agent, cases):
    for reference in cases.values():
        assign_complaint(Complaint.objects.get(reference=reference), assignee=agent, actor=agent)
    assert references(agent_client.get(URL, {"assignee": "me"})) == [cases[n] for n in ("late", "soon", "days", "far")]


@pytest.mark.parametrize("sort", ["due", "newest", "oldest"])
def test_every_sort_order_walks_every_row_once_forwards_and_back(db, team, sort):
    now = clock.now()
    for n in range(7):
        c = make_complaint(team=team, name=f"P{n}", email=f"p{n}@example.org")
        # Ties and empty values on purpose: two share a deadline, two have none.
        due = None if n in (2, 5) else now + timedelta(days=n % 3)
        Complaint.objects.filter(pk=c.pk).update(next_due_at=due)
    qs = Complaint.objects.all()
    order = SORTS[sort]
    forwards, cursor = [], ""
    while True:
        page = keyset_page(qs, after=cursor, size=3, order=order)
        forwards += [c.pk for c in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert sorted(forwards) == sorted(qs.values_list("pk", flat=True))
    assert len(forwards) == len(set(forwards))
    backwards, cursor = [], page.previous_cursor
    while cursor:
        back = keyset_page(qs, before=cursor, size=3, order=order)
        backwards = [c.pk for c in back.rows] + backwards
        cursor = back.previous_cursor
    assert backwards + [c.pk for c in page.rows] == forwards


def test_the_case_page_shows_every_clock_and_why(agent_client, team):
    c = make_complaint(team=team, regulatory_profile="fr-acpr")
    page = agent_client.get(reverse("agent:complaint_detail", args=[c.reference])).content.decode()
    assert 'data-testid="deadlines"' in page
    assert "ACPR 2022-R-01 as amended by 2024-R-02" in page
    assert 'data-clock="answer"' in page
    assert "chosen for this complaint" in page
    assert 'data-testid="no-extension"' in page  # fr-acpr allows no extension


def test_the_extension_form_moves_the_answer_and_queues_the_letter(agent_client, agent, team):
    c = make_complaint(team=team, regulatory_profile="fr-payment-services")
    assign_complaint(c, assignee=agent, actor=agent)
    new_day = (c.answer_due_at + timedelta(days=3)).date()
    url = reverse("agent:complaint_extend", args=[c.reference])
    response = agent_client.post(url, {"new_due": new_day.isoformat(), "reason": "Expertise du commerçant."}, follow=True)
    assert response.status_code == 200
    c.refresh_from_db()
    assert c.answer_extended_due_at is not None
    assert OutboxMessage.objects.filter(payload__template="extension_letter").count() == 1
    page = agent_client.get(reverse("agent:complaint_detail", args=[c.reference])).content.decode()
    assert "Expertise du commerçant." in page  # the history tells the reason


def test_an_extension_refused_is_told_on_the_form(agent_client, team):
    c = make_complaint(team=team, regulatory_profile="fr-payment-services")
    url = reverse("agent:complaint_extend", args=[c.reference])
    response = agent_client.post(url, {"new_due": "2099-01-01", "reason": "Trop loin."})
    assert response.status_code == 400
    assert "allows an extension up to" in response.content.decode()

"""GET list and detail (scoped like a person through the one access selector), POST messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from doleances.complaints.enums import Channel, Status
from doleances.complaints.lifecycle import Action
from doleances.complaints.models import Complaint, Message
from doleances.complaints.services import add_internal_note, reply_to_customer, transition_complaint
from tests.api.conftest import JsonClient, make_api_key
from tests.fixtures.objects import make_complaint, make_team

URL = "/api/v1/complaints"


def _references(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["reference"] for item in response.json()["results"]]


def test_list_shows_the_key_team_complaints_only_newest_first(api, team):
    older = make_complaint(team=team, received_at=datetime(2026, 3, 1, tzinfo=UTC))
    newer = make_complaint(team=team, received_at=datetime(2026, 3, 5, tzinfo=UTC))
    make_complaint(team=make_team("Autre équipe"))
    make_complaint()  # no team

    assert _references(api.get(URL)) == [newer.reference, older.reference]


def test_list_filters_by_status_team_and_update_date(api, team, agent):
    waiting = make_complaint(team=team)
    other = make_complaint(team=team)
    transition_complaint(waiting, Action.QUALIFY, actor=agent)
    Complaint.objects.filter(pk=other.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))

    assert _references(api.get(URL, {"status": Status.QUALIFIED})) == [waiting.reference]
    assert _references(api.get(URL, {"updated_since": "2021-01-01T00:00:00Z"})) == [waiting.reference]
    assert len(_references(api.get(URL, {"team": team.pk}))) == 2
    assert _references(api.get(URL, {"team": team.pk + 1000})) == []


def test_bad_filters_are_named(api):
    response = api.get(URL, {"status": "lost", "team": "x", "updated_since": "hier"})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["status", "team", "updated_since"]


def test_cursor_pages_walk_every_complaint_once(api, team):
    start = datetime(2026, 3, 1, tzinfo=UTC)
    made = [make_complaint(team=team, received_at=start + timedelta(hours=n % 3)).reference for n in range(7)]

    seen: list[str] = []
    page = api.get(URL, {"page_size": 3}).json()
    while True:
        seen += [item["reference"] for item in page["results"]]
        if not page["next"]:
            break
        page = api.get(page["next"].replace("http://testserver", "")).json()

    assert sorted(seen) == sorted(made)
    assert len(seen) == 7


def test_the_list_costs_the_same_queries_for_one_or_three_complaints(api, team):
    make_complaint(team=team)
    api.get(URL)  # the first request records the key's use
    with CaptureQueriesContext(connection) as one:
        assert len(_references(api.get(URL))) == 1
    make_complaint(team=team)
    make_complaint(team=team)
    with CaptureQueriesContext(connection) as three:
        assert len(_references(api.get(URL))) == 3

    assert len(three) == len(one)


def test_detail_gives_fields_and_the_public_timeline_only(api, complaint, agent):
    transition_complaint(complaint, Action.QUALIFY, actor=agent)
    transition_complaint(complaint, Action.START, actor=agent, note="internal: VIP, careful")
    add_internal_note(complaint, body="Ne pas rembourser avant enquête", actor=agent)
    reply_to_customer(complaint, body="Nous regardons votre facture.", actor=agent)

    response = api.get(f"{URL}/{complaint.reference}")

    assert response.status_code == 200
    body = response.json()
    assert (body["reference"], body["subject"], body["customer"]["email"]) == (
        complaint.reference,
        complaint.subject,
        "jeanne.martin@example.org",
    )
    assert body["portal_url"].endswith(f"/track/{complaint.portal_token}/")
    assert [entry["event"] for entry in body["timeline"]] == [
        "complaint.received",
        "complaint.acknowledged",
        "complaint.in_progress",
        "message.sent",
    ]
    assert body["timeline"][-1]["message"] == {"direction": "outbound", "body": "Nous regardons votre facture."}
    assert "Ne pas rembourser" not in response.content.decode()
    assert "VIP" not in response.content.decode()


def test_another_team_complaint_and_a_guessed_reference_are_404(api):
    hidden = make_complaint(team=make_team("Autre équipe"))

    for reference in (hidden.reference, "REC-2026-999999"):
        response = api.get(f"{URL}/{reference}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"] == "https://doleances.example/problems/not-found"
    assert api.post(f"{URL}/{hidden.reference}/messages", {"body": "Bonjour"}).status_code == 404
    assert Message.objects.count() == 0


def test_a_key_without_team_sees_nothing(db, complaint):
    client = JsonClient(make_api_key()[1])

    assert _references(client.get(URL)) == []
    assert client.get(f"{URL}/{complaint.reference}").status_code == 404


def test_a_customer_message_is_added_and_resumes_a_waiting_case(api, complaint, agent):
    transition_complaint(complaint, Action.QUALIFY, actor=agent)
    transition_complaint(complaint, Action.START, actor=agent)
    transition_complaint(complaint, Action.WAIT_FOR_CUSTOMER, actor=agent)

    response = api.post(f"{URL}/{complaint.reference}/messages", {"body": "Voici ma facture n° 88."})

    assert response.status_code == 201
    assert response.json()["direction"] == "inbound"
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert list(complaint.messages.values_list("body", "channel")) == [("Voici ma facture n° 88.", Channel.API)]


def test_a_message_on_a_closed_complaint_is_409(api, complaint, agent):
    for action in (Action.QUALIFY, Action.START, Action.ANSWER, Action.RESOLVE, Action.CLOSE):
        transition_complaint(complaint, action, actor=agent)

    response = api.post(f"{URL}/{complaint.reference}/messages", {"body": "Encore moi"})

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["type"], problem["code"]) == ("https://doleances.example/problems/complaint-final", "complaint_final")
    assert Message.objects.count() == 0


def test_an_empty_or_unknown_message_field_is_400(api, complaint):
    empty = api.post(f"{URL}/{complaint.reference}/messages", {"body": "   "})
    unknown = api.post(f"{URL}/{complaint.reference}/messages", {"body": "x", "visibility": "internal"})

    assert [(e["field"], e["code"]) for e in empty.json()["errors"]] == [("body", "empty")]
    assert [(e["field"], e["code"]) for e in unknown.json()["errors"]] == [("visibility", "unknown_field")]
    assert Message.objects.count() == 0


def test_an_api_key_over_its_rate_gets_a_429_problem_with_retry_after(api, monkeypatch):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/m"})
    assert [api.get("/api/v1/complaints").status_code for _ in range(2)] == [200, 200]

    refused = api.get("/api/v1/complaints")

    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/problem+json")
    assert refused.json()["status"] == 429
    assert int(refused["Retry-After"]) > 0

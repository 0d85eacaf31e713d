"""Who gets into the staff UI, and which complaints they see there."""

from django.test import Client
from django.urls import reverse

from doleances.complaints.services import assign_complaint
from doleances.core.actors import SYSTEM
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint, make_user


def list_references(response) -> list[str]:
    return [c.reference for c in response.context["page"].rows]


def test_anonymous_visitor_is_redirected_to_login(db, complaint):
    for url in [
        reverse("agent:complaint_list"),
        reverse("agent:complaint_detail", args=[complaint.reference]),
        reverse("agent:sent_mail"),
        reverse("agent:outbox"),
    ]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('agent:login')}?next={url}"


def test_agent_root_redirects_to_the_list(db):
    response = Client().get("/agent/")
    assert response.status_code == 302
    assert response["Location"] == reverse("agent:complaint_list")


def test_login_page_logs_a_staff_member_in_and_lands_on_the_list(db, agent):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get(reverse("agent:login")).status_code == 200
    response = client.post(reverse("agent:login"), {"username": "agent", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("agent:complaint_list")
    assert client.get(reverse("agent:complaint_list")).status_code == 200


def test_logout_is_a_post_and_returns_to_login(db, agent):
    client = login(agent)
    response = client.post(reverse("agent:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("agent:login")
    assert client.get(reverse("agent:complaint_list")).status_code == 302


def test_logged_in_user_without_a_role_gets_403(db, complaint):
    client = login(make_user())
    assert client.get(reverse("agent:complaint_list")).status_code == 403
    assert client.get(reverse("agent:complaint_detail", args=[complaint.reference])).status_code == 403


def test_agent_sees_own_team_and_assigned_complaints_only(db, agent, team, other_team):
    mine = make_complaint(team=team, subject="Team A")
    theirs = make_complaint(team=other_team, subject="Team B")
    assigned = make_complaint(team=other_team, subject="Team B, assigned to me")
    # Assigned while a member of team B (only a person who sees a case may be given it), then
    # moved to another team: the case they still hold stays in their list.
    other_team.members.add(agent)
    assign_complaint(assigned, assignee=agent, actor=SYSTEM)
    other_team.members.remove(agent)
    response = login(agent).get(reverse("agent:complaint_list"))
    assert response.status_code == 200
    assert list_references(response) == [assigned.reference, mine.reference]
    assert theirs.reference not in response.content.decode()


def test_detail_is_404_for_another_teams_complaint_and_for_a_guessed_reference(db, agent, other_team):
    theirs = make_complaint(team=other_team)
    client = login(agent)
    assert client.get(reverse("agent:complaint_detail", args=[theirs.reference])).status_code == 404
    assert client.get(reverse("agent:complaint_detail", args=["REC-2026-999999"])).status_code == 404


def test_supervision_pages_are_forbidden_to_agents_and_auditors(db, agent):
    for user in [agent, make_user("auditor")]:
        client = login(user)
        assert client.get(reverse("agent:sent_mail")).status_code == 403
        assert client.get(reverse("agent:outbox")).status_code == 403


def test_nav_links_supervision_pages_for_supervisors_only(db, agent, supervisor):
    assert reverse("agent:outbox") not in login(agent).get(reverse("agent:complaint_list")).content.decode()
    page = login(supervisor).get(reverse("agent:complaint_list")).content.decode()
    assert reverse("agent:outbox") in page
    assert reverse("agent:sent_mail") in page

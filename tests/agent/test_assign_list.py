"""The "assign to" list of a case: its team first, administrators apart; and what the timeline
says when a case changes team under its assignee."""

from __future__ import annotations

import re

from django.urls import reverse

from doleances.complaints.services import assign_complaint, reclassify_complaint
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint, make_team, make_user


def assign_select(page: str) -> str:
    return page.split('<select name="assignee" id="id_assignee">', 1)[1].split("</select>", 1)[0]


def test_the_team_comes_first_and_administrators_apart(db, agent, team):
    make_user("administrator", first_name="Adèle", last_name="Admin")
    make_user("agent", teams=(make_team("Ailleurs"),), first_name="Olga", last_name="Other")
    complaint = make_complaint(team=team)

    page = login(agent).get(reverse("agent:complaint_detail", args=[complaint.reference])).content.decode()

    select = assign_select(page)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [(label, re.findall(r">([^<]+)</option>", options)) for label, options in groups] == [
        ("Team Facturation", ["Alice Agent"]),
        ("Administrators (every team)", ["Adèle Admin"]),
    ]


def test_without_administrators_the_list_is_not_grouped(db, agent, team):
    complaint = make_complaint(team=team)

    page = login(agent).get(reverse("agent:complaint_detail", args=[complaint.reference])).content.decode()

    select = assign_select(page)
    assert "<optgroup" not in select
    assert re.findall(r">([^<]+)</option>", select) == ["Alice Agent", "Nobody (unassign)"]


def test_the_timeline_names_who_was_unassigned_when_the_case_changed_team(db, agent, team):
    elsewhere = make_team("Litiges")
    lead = make_user("supervisor", teams=(team, elsewhere))
    complaint = make_complaint(team=team)
    assign_complaint(complaint, assignee=agent, actor=agent)
    reclassify_complaint(complaint, actor=lead, changes={"team": elsewhere})

    page = login(lead).get(reverse("agent:complaint_detail", args=[complaint.reference])).content.decode()

    assert "No longer assigned to Alice Agent: the complaint moved to a team they are not in" in page

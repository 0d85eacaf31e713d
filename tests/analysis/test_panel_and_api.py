"""The case page's Analysis panel, its actions, similar complaints (always scoped), the API object."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doleances.analysis.selectors import customer_cases, similar_complaints
from doleances.complaints.models import Complaint
from doleances.routing.services import analyse_complaint
from tests.agent.conftest import login
from tests.api.conftest import JsonClient, make_api_key
from tests.fixtures.objects import make_complaint, make_team, make_user

CAMPAIGN = "Je conteste la hausse de 12 % de mon abonnement décidée sans préavis. Je vais résilier."


def url(name: str, complaint) -> str:
    return reverse(f"agent:{name}", args=[complaint.reference])


def analysed(**kwargs) -> Complaint:
    complaint = make_complaint(**kwargs)
    analyse_complaint(complaint)
    return complaint


def test_panel_shows_suggestion_tone_risk_evidence_and_missing_facts(db, categories, agent, team):
    complaint = analysed(team=team, description="C'est scandaleux ! <b>Ma facture</b> est fausse, je vais résilier.")
    page = login(agent).get(url("complaint_detail", complaint)).content.decode()
    panel = page[page.index('data-testid="analysis"') :]
    assert '<p data-testid="suggested-category"><strong>Facturation</strong>' in panel
    assert 'data-testid="tone">Angry</span>' in panel
    assert "<mark>scandaleux</mark>" in panel
    assert "<mark>je vais résilier</mark>" in panel
    assert "&lt;b&gt;Ma facture&lt;/b&gt;" in panel  # customer text is escaped, never rendered
    assert "<b>Ma facture</b>" not in page
    assert "Date of the events" in panel  # the missing facts checklist
    assert url("complaint_category_accept", complaint) in panel


def test_panel_is_read_only_for_an_auditor(db, categories, team):
    complaint = analysed(team=team, description="Ma facture est fausse.")
    page = login(make_user("auditor")).get(url("complaint_detail", complaint)).content.decode()
    assert 'data-testid="suggested-category"' in page
    assert url("complaint_category_accept", complaint) not in page
    assert url("complaint_category_correct", complaint) not in page


def test_accept_through_the_ui_sets_the_category(db, categories, agent, team):
    complaint = analysed(team=team, description="Ma facture est fausse.")
    response = login(agent).post(url("complaint_category_accept", complaint), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Category set to Facturation." in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).category == categories["billing"]


def test_correct_through_the_ui_sets_the_chosen_category(db, categories, agent, team):
    complaint = analysed(team=team, description="Ma facture est fausse.")
    response = login(agent).post(url("complaint_category_correct", complaint), {"category": categories["delivery"].pk})
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).category == categories["delivery"]


def test_auditor_posting_a_decision_is_refused_and_nothing_changes(db, categories, team):
    complaint = analysed(team=team, description="Ma facture est fausse.")
    client = login(make_user("auditor"))
    assert client.post(url("complaint_category_accept", complaint)).status_code == 403
    assert client.post(url("complaint_category_correct", complaint), {"category": categories["delivery"].pk}).status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).category is None


def test_an_agent_of_another_team_gets_404_and_nothing_changes(db, categories, team):
    complaint = analysed(team=team, description="Ma facture est fausse.")
    client = login(make_user("agent", teams=(make_team("Autre"),)))
    assert client.post(url("complaint_category_accept", complaint)).status_code == 404
    assert client.post(url("complaint_category_correct", complaint), {"category": categories["delivery"].pk}).status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).category is None


def test_correct_with_an_unknown_category_is_a_form_error(db, categories, agent, team):
    complaint = analysed(team=team, description="Ma facture est fausse.")
    response = login(agent).post(url("complaint_category_correct", complaint), {"category": "999999"})
    assert response.status_code == 400
    assert "Choose an active category." in response.content.decode()


def test_similar_complaints_never_include_a_complaint_outside_the_users_scope(db, categories, agent, team):
    mine = analysed(team=team, email="a@example.org", description=CAMPAIGN)
    same_team_copy = analysed(team=team, email="b@example.org", description=CAMPAIGN)
    other_team_copy = analysed(team=make_team("Autre"), email="c@example.org", description=CAMPAIGN)
    same_customer_other_team = analysed(team=make_team("Encore"), email="a@example.org", description="Autre chose")
    same_customer_open = analysed(team=team, email="a@example.org", subject="Autre", description="Toujours rien")

    found = similar_complaints(mine, agent)

    assert [(item["reference"], item["reason"]) for item in found] == [(same_team_copy.reference, "duplicate")]
    assert [item["reference"] for item in customer_cases(mine, agent)] == [same_customer_open.reference]
    quality = make_user("quality_manager")
    everyone = {item["reference"] for item in similar_complaints(mine, quality)}
    assert everyone == {same_team_copy.reference, other_team_copy.reference}
    assert {item["reference"] for item in customer_cases(mine, quality)} == {
        same_customer_other_team.reference,
        same_customer_open.reference,
    }


def test_similar_complaints_from_the_built_index_are_scoped_too(db, categories, agent, team):
    mine = analysed(team=team, email="a@example.org", description="Le compteur d'eau fuit depuis lundi dans la cave.")
    near_visible = analysed(
        team=team, email="b@example.org", description="Le compteur d'eau fuit dans la cave depuis mardi soir."
    )
    analysed(team=make_team("Autre"), email="c@example.org", description="Le compteur d'eau fuit dans ma cave.")
    # Terms in more than 10 % of the texts are ignored: the index needs other texts around.
    topics = ["banque", "voiture", "train", "avion", "pizza", "livre", "musique", "jardin", "chien", "chat"]
    for n, topic in enumerate(topics * 4):
        make_complaint(email=f"x{n}@example.org", subject=f"Sujet {topic}", description=f"{topic} numéro {n} sans rapport")
    assert json.loads(call("index"))["indexed"] == 43

    found = similar_complaints(mine, agent)

    assert [(item["reference"], item["reason"]) for item in found] == [(near_visible.reference, "similar")]


def call(*args) -> str:
    out = StringIO()
    call_command("nlp", *args, stdout=out)
    return out.getvalue()


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_panel_query_count_is_constant_with_1_or_3_similar_complaints(db, categories, agent, team):
    client = login(agent)
    mine = analysed(team=team, email="a@example.org", description=CAMPAIGN)
    analysed(team=team, email="b@example.org", description=CAMPAIGN)
    one = count_queries(client, url("complaint_detail", mine))
    analysed(team=team, email="c@example.org", description=CAMPAIGN)
    analysed(team=team, email="d@example.org", description=CAMPAIGN)
    page = client.get(url("complaint_detail", mine)).content.decode()
    assert page.count("same text") == 3
    assert count_queries(client, url("complaint_detail", mine)) == one


def test_api_detail_includes_the_analysis(db, categories, team):
    complaint = analysed(team=team, description="C'est scandaleux, ma facture est fausse. Je vais saisir un avocat.")
    _key, secret = make_api_key(team)
    body = JsonClient(secret).get(f"/api/v1/complaints/{complaint.reference}").json()
    analysis = body["analysis"]
    assert analysis["language"] == "fr"
    assert analysis["suggested_category"]["name"] == "Facturation"
    assert analysis["tone"]["label"] == "angry"
    assert analysis["risk"]["flags"] == ["legal"]
    assert set(analysis) == {"language", "suggested_category", "tone", "risk", "analysed_at"}


def test_api_detail_analysis_is_null_before_analysis(db, team):
    complaint = make_complaint(team=team)
    _key, secret = make_api_key(team)
    assert JsonClient(secret).get(f"/api/v1/complaints/{complaint.reference}").json()["analysis"] is None


def test_facts_given_in_the_forms_fields_are_not_asked_for_again(db, categories, agent, team):
    from decimal import Decimal

    complaint = analysed(team=team, description="Ma facture compte deux fois l'abonnement, merci de rembourser.")
    page = login(agent).get(url("complaint_detail", complaint)).content.decode()
    missing = page[page.index('data-testid="analysis"') :]
    assert "<li>Amount</li>" in missing
    assert "<li>Order, contract or invoice reference</li>" in missing

    Complaint.objects.filter(pk=complaint.pk).update(claimed_amount=Decimal("89.90"), order_reference="CMD-4512")
    page = login(agent).get(url("complaint_detail", complaint)).content.decode()
    missing = page[page.index('data-testid="analysis"') :]
    assert "<li>Amount</li>" not in missing
    assert "<li>Order, contract or invoice reference</li>" not in missing
    assert "<li>Date of the events</li>" in missing  # still asked: no field holds it

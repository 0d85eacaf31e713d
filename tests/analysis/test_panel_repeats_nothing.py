"""Issue 14 item 6: the Analysis panel says each thing once (evidence, fact values, related
cases, the category decision on the timeline)."""

from __future__ import annotations

import re

from django.urls import reverse

from doleances.analysis.services import accept_category_suggestion
from doleances.complaints.models import ComplaintEvent
from doleances.routing.services import analyse_complaint
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint

ANGRY = "C'est scandaleux, vraiment inadmissible, une honte ! Je suis furieux et très déçu, vous êtes des incompétents."


def panel_of(client, complaint) -> str:
    page = client.get(reverse("agent:complaint_detail", args=[complaint.reference])).content.decode()
    return page[page.index('data-testid="analysis"') :]


def section(panel: str, testid: str) -> str:
    start = panel.index(f'data-testid="{testid}"')
    return panel[start : panel.index("</ul>", start)]


def test_overlapping_tone_evidence_is_one_quote_with_every_highlight(db, categories, agent, team):
    complaint = make_complaint(team=team, subject="Réclamation", description=ANGRY)
    analyse_complaint(complaint)

    tone = section(panel_of(login(agent), complaint), "tone-evidence")

    assert tone.count("<q>") == 1
    assert re.findall(r"<mark>(.*?)</mark>", tone) == [
        "scandaleux",
        "inadmissible",
        "honte",
        "furieux",
        "déçu",
        "incompétents",
    ]


def test_an_amount_written_several_ways_is_listed_once(db, categories, agent, team):
    text = "J'ai été prélevé de 89,90 € le 3 mars, puis encore 89,90 € et 89.90 EUR. Remboursez les 89,90 €."
    complaint = make_complaint(team=team, description=text)
    analyse_complaint(complaint)

    panel = panel_of(login(agent), complaint)

    assert "<dt>Amount</dt><dd>89,90 €</dd>" in panel


def test_the_customers_other_cases_are_listed_apart_from_similar_complaints(db, categories, agent, team):
    complaint = make_complaint(team=team, email="jeanne@example.org", description="Ma box ne marche plus.")
    own_other = make_complaint(team=team, email="jeanne@example.org", subject="Facture", description="Facture fausse.")
    other_customer = make_complaint(team=team, email="paul@example.org", description="Ma box ne marche plus.")
    for c in (complaint, own_other, other_customer):
        analyse_complaint(c)

    panel = panel_of(login(agent), complaint)

    assert "This customer's other complaints" in panel
    assert own_other.reference in section(panel, "customer-cases")
    assert other_customer.reference not in section(panel, "customer-cases")
    assert "Similar complaints from other customers" in panel
    assert other_customer.reference in section(panel, "similar")
    assert own_other.reference not in section(panel, "similar")


def test_accepting_the_suggestion_puts_the_category_once_on_the_timeline(db, categories, agent, team):
    complaint = make_complaint(team=team, description="Ma facture de mars est fausse.")
    analyse_complaint(complaint)
    accept_category_suggestion(complaint, actor=agent)

    page = login(agent).get(reverse("agent:complaint_detail", args=[complaint.reference])).content.decode()

    assert "Suggested category accepted: Facturation" in page
    assert "Classification changed" not in page
    assert ComplaintEvent.objects.filter(complaint=complaint, action__startswith="routing.suggestion").count() == 1

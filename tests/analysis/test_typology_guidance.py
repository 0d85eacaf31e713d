"""Issue 14 item 7: profiles follow seed 003 (whom the customer tells), and the panel says how to
handle the customer."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from doleances.analysis.labels import DIFFICULT_CUSTOMER_STEPS, TYPOLOGY_GUIDANCE, Typology
from doleances.analysis.models import CustomerTypology
from doleances.routing.services import analyse_complaint
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint


def suggested(complaint) -> str:
    return CustomerTypology.objects.get(customer=complaint.customer).suggested


def test_a_customer_who_posts_on_a_review_site_is_a_horn(db, team):
    complaint = make_complaint(team=team, channel="review", description="Livraison en retard de deux semaines.")

    analyse_complaint(complaint)

    assert suggested(complaint) == "klaxon"


def test_a_customer_shouting_at_the_company_is_not_a_horn(db, team):
    complaint = make_complaint(team=team, description="VOUS ÊTES DES VOLEURS !!! ARNAQUE !!! REMBOURSEZ-MOI !!!")

    analyse_complaint(complaint)

    assert suggested(complaint) == ""


def test_a_customer_who_names_a_consumer_association_is_a_stickler(db, team):
    complaint = make_complaint(team=team, description="J'ai transmis le dossier à l'UFC-Que Choisir et à mon avocat.")

    analyse_complaint(complaint)

    assert suggested(complaint) == "procedurier"


def test_the_panel_says_how_to_handle_the_suggested_profile_with_the_six_steps(db, team, agent):
    complaint = make_complaint(
        team=team, description="Je n'ai pas l'habitude de me plaindre, mais le compteur est faux depuis des mois."
    )
    analyse_complaint(complaint)

    page = login(agent).get(reverse("agent:complaint_detail", args=[complaint.reference])).content.decode()

    guidance = page[page.index('data-testid="typology-guidance"') :]
    assert "This customer seldom complains: this message may be the only warning" in guidance
    for step in DIFFICULT_CUSTOMER_STEPS:
        assert f"<li>{step}</li>" in guidance


def test_every_profile_has_guidance_in_french_and_english():
    assert set(TYPOLOGY_GUIDANCE) == set(Typology.values)
    with translation.override("fr"):
        french = [str(TYPOLOGY_GUIDANCE[code]) for code in Typology.values] + [str(s) for s in DIFFICULT_CUSTOMER_STEPS]
        labels = [str(label) for label in Typology.labels]
    with translation.override("en"):
        english = [str(TYPOLOGY_GUIDANCE[code]) for code in Typology.values] + [str(s) for s in DIFFICULT_CUSTOMER_STEPS]
    assert all(fr != en for fr, en in zip(french, english, strict=True))
    assert labels[2] == "Le klaxon (se plaint à son entourage ou en public plutôt qu’à vous)"
    assert french[-6] == "Laisser la personne exprimer sa frustration, sans l’interrompre."

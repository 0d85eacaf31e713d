"""The case page says why the complaint is where it is: the rule and its values, the rules tried
before, how the handler was chosen; in words, in French and in English."""

from __future__ import annotations

from django.contrib.auth.models import User

from doleances.complaints.models import Customer
from doleances.routing.models import RoutingRule, Tag
from doleances.routing.services import analyse_complaint
from tests.fixtures.objects import make_complaint, make_team, make_user


def test_the_case_page_tells_the_rule_its_values_the_tried_rules_and_the_choice_of_handler(client, db):
    litigation = make_team("Litiges")
    agent = make_user("agent", username="alice", first_name="Alice", last_name="Durand", teams=(litigation,))
    RoutingRule.objects.create(name="Téléphone", order=1, channel="phone", set_priority="high")
    rule = RoutingRule.objects.create(
        name="Menace d'avocat", order=2, keywords="avocat", set_team=litigation, set_strategy="least_loaded"
    )
    rule.set_tags.add(Tag.objects.create(name="Juridique"))
    complaint = make_complaint(description="Sans réponse, je saisis mon AVOCAT.")
    analyse_complaint(complaint)
    client.force_login(agent)

    page = client.get(f"/agent/complaints/{complaint.reference}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for told in (
        "Why here?",
        "Rule “Menace d&#x27;avocat” matched",
        "keywords: <strong>avocat</strong>",
        "1 rule tried before",
        "Téléphone — channel: Web form",
        "(rule: Phone)",
        "Given to Alice Durand — Least loaded (fewest open cases, weighted by priority).",
        "Juridique",
    ):
        assert told in page, told
    french = client.get(f"/agent/complaints/{complaint.reference}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Pourquoi ici ?" in french


def test_the_people_left_out_of_an_automatic_assignment_are_named_with_the_reason(client, db):
    team = make_team("Livraison")
    handler = make_user("agent", username="alice", teams=(team,))
    make_user("agent", "contributor", username="marc", first_name="Marc", last_name="Commercial", teams=(team,))
    RoutingRule.objects.create(name="Colis", keywords="colis", set_team=team, set_strategy="round_robin")
    complaint = make_complaint(description="Mon colis est perdu.")
    Customer.objects.filter(pk=complaint.customer_id).update(account_manager=User.objects.get(username="marc"))
    analyse_complaint(complaint)
    client.force_login(handler)
    page = client.get(f"/agent/complaints/{complaint.reference}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Left out (account manager or on-site technician of the customer): Marc Commercial" in page

"""The customer's yearly value weighs in the risk score, shows on the case page, and is never negative."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from doleances.complaints.models import Customer
from doleances.routing.services import analyse_complaint
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint

TEXT = "Ma facture de mars compte deux fois l'abonnement de 29,90 €. Merci de corriger."


def test_yearly_value_raises_the_risk_score_and_the_panel_says_why(db, categories, agent, team):
    household = make_complaint(description=TEXT, team=team, email="foyer@example.org")
    business = make_complaint(description=TEXT, team=team, email="achats@example.org")
    Customer.objects.filter(pk=business.customer_id).update(annual_value=Decimal("50000.00"))

    plain, valued = analyse_complaint(household), analyse_complaint(business)

    # 5 * log10(1 + 50000 / 100) = 13.5, rounded to 13 (nlp.risk.score_risk)
    assert valued.risk_score == plain.risk_score + 13
    client = login(agent)
    valued_page = client.get(reverse("agent:complaint_detail", args=[business.reference])).content.decode()
    plain_page = client.get(reverse("agent:complaint_detail", args=[household.reference])).content.decode()
    assert (
        '<p class="help" data-testid="risk-customer">The customer also raises the score: yearly value €50,000</p>' in valued_page
    )
    assert '<dd data-testid="customer-value">€50,000</dd>' in valued_page
    assert 'data-testid="risk-customer"' not in plain_page


def test_a_negative_yearly_value_is_refused_by_the_model_and_the_admin_form(db, admin_client):
    customer = make_complaint().customer
    customer.annual_value = Decimal("-1")
    with pytest.raises(ValidationError) as refused:
        customer.full_clean()
    assert list(refused.value.message_dict) == ["annual_value"]

    url = reverse("admin:complaints_customer_change", args=[customer.pk])
    form = {"kind": customer.kind, "name": customer.name, "email": customer.email, "language": customer.language}
    refused_post = admin_client.post(url, form | {"annual_value": "-1"}, HTTP_ACCEPT_LANGUAGE="en")
    accepted_post = admin_client.post(url, form | {"annual_value": "48000"}, HTTP_ACCEPT_LANGUAGE="en")

    assert refused_post.status_code == 200
    assert refused_post.context["adminform"].form.errors == {"annual_value": ["Ensure this value is greater than or equal to 0."]}
    assert accepted_post.status_code == 302
    customer.refresh_from_db()
    assert customer.annual_value == Decimal("48000.00")

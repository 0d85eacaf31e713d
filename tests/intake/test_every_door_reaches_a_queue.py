"""Every door into Doléances leaves a new complaint in a queue that somebody handles: an agent who
is no administrator sees it (through `complaints.access`) and is offered in its "assign to" list.

Doors: the public form, the API (a key of one team, a key of no team), the intake service that the
mail and phone channels call, and the admin, where a category decided sends the complaint on. The
demo is checked in tests/test_demo.py."""

from __future__ import annotations

import pytest
from django.test import Client

from doleances.api.keys import create_api_key
from doleances.complaints.models import Category, Complaint
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
from tests.fixtures.objects import handlers_who_see, make_team, make_user


@pytest.fixture
def desk(db, settings, tmp_path):
    """A desk as the demo sets it up: an intake team with an agent and its team lead."""
    settings.MEDIA_ROOT = tmp_path / "media"
    intake = make_team("Accueil")
    intake.is_intake = True
    intake.save()
    make_user("agent", username="alice", teams=(intake,))
    make_user("supervisor", username="claire", teams=(intake,))
    make_user("administrator", username="admin")
    return intake


def test_the_public_form(desk):
    response = Client().post(
        "/",
        {
            "form_nonce": "nonce-1",
            "name": "Jeanne Martin",
            "email": "jeanne.martin@example.org",
            "kind": "claim",
            "subject": "Facture en double",
            "description": "Ma facture de mars compte deux fois l'abonnement.",
            "consent": "on",
        },
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert handlers_who_see(complaint) == {"alice", "claire"}
    for username in ("alice", "claire"):  # the agent and the team lead open it and find it in their list
        client = Client()
        client.force_login(desk.members.get(username=username))
        assert client.get(f"/agent/complaints/{complaint.reference}/").status_code == 200
        assert f"/agent/complaints/{complaint.reference}/" in client.get("/agent/complaints/").content.decode()


@pytest.mark.parametrize("key_team", [True, False], ids=["key-of-one-team", "key-of-no-team"])
def test_the_api(desk, key_team):
    partners = make_team("Partenaires")
    make_user("agent", username="paul", teams=(partners,))
    secret = create_api_key(name="crm", teams=[partners] if key_team else []).secret
    body = {"customer": {"name": "Jeanne Martin", "email": "j@example.org"}, "subject": "Colis", "description": "Jamais reçu"}

    response = Client().post("/api/v1/complaints", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 201, response.content
    assert handlers_who_see(Complaint.objects.get()) == ({"paul"} if key_team else {"alice", "claire"})


@pytest.mark.parametrize("channel", ["email", "phone", "letter"])
def test_the_intake_service_that_other_channels_call(desk, channel):
    complaint = receive_complaint(
        CustomerDetails(name="Jeanne Martin", phone="+33612345678"),
        ComplaintDetails(subject="Coupure", description="Plus de connexion depuis lundi", channel=channel),
    )

    assert handlers_who_see(complaint) == {"alice", "claire"}


def test_the_admin_where_a_category_is_decided(desk):
    billing = make_team("Facturation")
    make_user("agent", username="bruno", teams=(billing,))
    category = Category.objects.create(name="Facturation", default_team=billing)
    complaint = receive_complaint(
        CustomerDetails(name="Jeanne Martin", email="j@example.org"),
        ComplaintDetails(subject="Facture", description="Facture fausse", consent=True),
    )
    admin = make_user("administrator", username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)

    response = client.post(
        f"/admin/complaints/complaint/{complaint.pk}/change/",
        {"priority": "normal", "category": category.pk, "team": desk.pk, "order_reference": ""},
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.category, complaint.team) == (category, billing)
    assert handlers_who_see(complaint) == {"bruno"}

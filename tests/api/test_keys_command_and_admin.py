"""`doleances apikey create|list|revoke` and the admin: the key is printed once, never shown again."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from doleances.api.keys import hash_key
from doleances.api.models import ApiKey
from doleances.complaints.access import visible_complaints
from tests.api.conftest import JsonClient, make_api_key
from tests.fixtures.objects import make_complaint, make_team, make_user


def _run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):  # assertions below read the English messages
        call_command("apikey", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_prints_the_key_once_and_scopes_it_to_its_teams(db):
    billing, delivery = make_team("Facturation"), make_team("Livraison")
    seen = make_complaint(team=billing)
    make_complaint(team=delivery)

    secret = _run("create", "--name", "crm", "--team", "Facturation", "--expires-days", "30").strip()

    api_key = ApiKey.objects.select_related("user").get(name="crm")
    assert secret.startswith("dol_")
    assert len(secret) == 44
    assert api_key.key_hash == hash_key(secret)
    assert api_key.expires_at is not None
    assert api_key.user.username == "apikey-crm"
    assert list(api_key.user.groups.values_list("name", flat=True)) == ["agent"]
    assert list(visible_complaints(api_key.user)) == [seen]
    assert not api_key.user.has_usable_password()


def test_create_refuses_a_duplicate_name_and_an_unknown_team(db):
    _run("create", "--name", "crm")
    with pytest.raises(CommandError, match="already exists"):
        _run("create", "--name", "crm")
    with pytest.raises(CommandError, match="No team"):
        _run("create", "--name", "erp", "--team", "Nowhere")
    assert ApiKey.objects.count() == 1


def test_list_shows_prefix_and_state_never_the_key(db):
    secret = _run("create", "--name", "crm").strip()
    _run("create", "--name", "old")
    _run("revoke", "--name", "old")

    listing = _run("list")

    assert secret not in listing
    assert f"crm\t{secret[:8]}…\tactive" in listing
    assert "old\t" in listing
    assert "\trevoked\t" in listing


def test_revoke_stops_the_key(db):
    secret = _run("create", "--name", "crm").strip()
    assert JsonClient(secret).get("/api/v1/complaints").status_code == 200

    assert "revoked" in _run("revoke", "--name", "crm")

    assert JsonClient(secret).get("/api/v1/complaints").status_code == 401
    with pytest.raises(CommandError, match="No API key"):
        _run("revoke", "--name", "nobody")


def test_admin_lists_keys_without_the_secret_and_revokes_them(db, client):
    api_key, secret = make_api_key(name="crm")
    client.force_login(make_user(is_staff=True, is_superuser=True))

    listing = client.get("/admin/api/apikey/")
    detail = client.get(f"/admin/api/apikey/{api_key.pk}/change/")
    revoked = client.post("/admin/api/apikey/", {"action": "revoke", "_selected_action": [api_key.pk]})

    assert listing.status_code == detail.status_code == 200
    for page in (listing, detail):
        html = page.content.decode()
        assert api_key.prefix in html
        assert secret not in html
        assert api_key.key_hash not in html
    assert client.get("/admin/api/apikey/add/").status_code == 403
    assert revoked.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None

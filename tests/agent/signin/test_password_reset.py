"""Password reset by email (real SMTP server): the link comes in the reader's language, is built on
DOLEANCES_PUBLIC_URL, and the pages never tell whether an account has the address."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.agent.signin.conftest import browser, is_signed_in, sign_in
from tests.fixtures.objects import make_user

pytestmark = pytest.mark.django_db

RESET = reverse("agent:password_reset")


def ask_for_reset(client, email: str):
    return client.post(RESET, {"email": email}, follow=True)


def without_csrf_tokens(page: bytes) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "<token>", page.decode())


def link_in(message) -> str:
    body = message.get_content()
    return re.search(r"https?://\S+", body).group(0)


def test_reset_mail_leads_to_a_new_password(smtp_server, settings):
    settings.DOLEANCES_PUBLIC_URL = "https://reclamations.example.org"
    make_user("agent", username="alice")
    client = browser(language="fr")

    page = ask_for_reset(client, "alice@staff.example")
    [message] = smtp_server.messages
    link = link_in(message)
    path = link.removeprefix("https://reclamations.example.org")
    form = client.get(path, follow=True)
    too_short = client.post(form.redirect_chain[-1][0], {"new_password1": "court-1", "new_password2": "court-1"})
    saved = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Tournesol-Calculus-48", "new_password2": "Tournesol-Calculus-48"}
    )

    assert page.redirect_chain == [(reverse("agent:password_reset_done"), 302)]
    assert message["To"] == "alice@staff.example"
    assert message["Subject"] == "Doléances : choisissez un nouveau mot de passe"
    assert "Quelqu’un a demandé à réinitialiser le mot de passe de votre compte" in message.get_content()
    assert link.startswith("https://reclamations.example.org/agent/password-reset/")
    assert "Choisissez un nouveau mot de passe" in form.content.decode()
    assert "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères." in too_short.content.decode()
    assert saved["Location"] == reverse("agent:password_reset_complete")
    sign_in(client, "alice", "Tournesol-Calculus-48")
    assert is_signed_in(client)
    assert client.get(path, follow=True).context["validlink"] is False  # used once


def test_reset_mail_speaks_english_to_an_english_reader(smtp_server):
    make_user("agent", username="alice")

    ask_for_reset(browser(language="en"), "alice@staff.example")

    [message] = smtp_server.messages
    assert message["Subject"] == "Doléances: choose a new password"
    assert "Your username is alice." in message.get_content()


def test_unknown_address_gets_the_same_page_and_no_mail(smtp_server):
    make_user("agent", username="alice")

    known = ask_for_reset(browser(), "alice@staff.example")
    unknown = ask_for_reset(browser(), "nobody@staff.example")

    assert len(smtp_server.messages) == 1
    assert unknown.redirect_chain == known.redirect_chain
    assert without_csrf_tokens(unknown.content) == without_csrf_tokens(known.content)


def test_a_reset_does_not_sign_in(smtp_server):
    make_user("agent", username="alice")
    client = browser()
    ask_for_reset(client, "alice@staff.example")
    form = client.get(link_in(smtp_server.messages[0]).removeprefix("http://127.0.0.1:8000"), follow=True)

    client.post(form.redirect_chain[-1][0], {"new_password1": "Tournesol-Calculus-48", "new_password2": "Tournesol-Calculus-48"})

    assert not is_signed_in(client)

"""Searching the complaint list for words: through the page, within the user's scope, from the
"Words used" page, and whatever is typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from doleances.complaints.models import Complaint
from tests.agent.conftest import login
from tests.fixtures.objects import make_complaint, make_user

URL = reverse("agent:complaint_list")


def references(response) -> list[str]:
    assert response.status_code == 200
    return [c.reference for c in response.context["page"].rows]


def test_search_finds_a_word_of_the_description(db, agent_client, team):
    wanted = make_complaint(team=team, subject="Réclamation", description="Le transporteur a jeté le colis.")
    make_complaint(team=team, subject="Réclamation", description="Facture reçue deux fois.")
    assert references(agent_client.get(URL, {"q": "Transporteur"})) == [wanted.reference]


def test_search_ignores_accents_and_case_and_reads_phrases(db, agent_client, team):
    in_order = make_complaint(team=team, subject="Dépôt", description="Le dépôt de Vénissieux est fermé.")
    apart = make_complaint(team=team, subject="Vénissieux", description="Un DEPOT fermé.")
    assert references(agent_client.get(URL, {"q": "depot venissieux"})) == [apart.reference, in_order.reference]
    assert references(agent_client.get(URL, {"q": '"DÉPÔT DE VÉNISSIEUX"'})) == [in_order.reference]


def test_search_never_shows_a_complaint_outside_the_users_scope(db, agent, agent_client, team, other_team):
    mine = make_complaint(team=team, subject="Guichet fermé", description="Rien.")
    make_complaint(team=other_team, email="a@example.org", subject="Guichet fermé", description="Rien.")
    make_complaint(team=other_team, email="b@example.org", subject="Autre", description="Le guichet est fermé.")
    make_complaint(team=other_team, name="Guichet SARL", email="guichet@example.org", subject="Autre")
    # Another team's case, but the agent manages the customer's account: in scope.
    managed = make_complaint(team=other_team, email="c@example.org", subject="Guichet", description="Rien.")
    managed.customer.account_manager = agent
    managed.customer.save(update_fields=["account_manager"])

    assert references(agent_client.get(URL, {"q": "guichet"})) == [managed.reference, mine.reference]
    assert references(agent_client.get(URL, {"q": '"guichet fermé"'})) == [mine.reference]


def test_search_keeps_the_other_filters(db, agent, agent_client, team):
    make_complaint(team=team, subject="Colis perdu", description="Rien.")
    started = make_complaint(team=team, subject="Colis abîmé", description="Rien.")
    Complaint.objects.filter(pk=started.pk).update(assignee=agent)
    assert references(agent_client.get(URL, {"q": "colis", "assignee": "me"})) == [started.reference]


# What people (or a fuzzer) may type, and what the list must show: only the complaint about a
# "colis" when the word is there, nothing otherwise. Longer than the form allows: the search is
# ignored, as any invalid filter is, and the whole list is shown.
HOSTILE = {
    '"': [],
    '""': [],
    "*": [],
    "-": [],
    "--": [],
    ":": [],
    ")": [],
    "NEAR(": [],
    "NEAR(colis guichet, 2)": [],
    "colis OR guichet": [],
    "colis AND NOT guichet": [],
    "subject:colis": [],
    "colis & guichet | !x <-> y": [],
    "!@#$%^&*()_+{}|:<>?": [],
    "'; DROP TABLE complaints_complaint; --": [],
    "' OR '1'='1": [],
    "\\": [],
    "%": [],
    "_": [],
    "(colis": ["colis"],
    "^colis": ["colis"],
    "colis*": ["colis"],
    '"colis': ["colis"],
    "😀 colis 🚚": ["colis"],
    "x" * 500: ["guichet", "colis"],
    "colis " * 100: ["guichet", "colis"],
}


@pytest.mark.parametrize("term", HOSTILE)
def test_any_input_gives_a_page_and_never_an_error(db, agent_client, team, term):
    made = {
        "colis": make_complaint(team=team, subject="Colis perdu", description="Rien."),
        "guichet": make_complaint(team=team, subject="Guichet fermé", description="Rien."),
    }
    found = references(agent_client.get(URL, {"q": term}))
    assert found == [made[name].reference for name in HOSTILE[term]]


def test_sql_and_fts_syntax_is_searched_as_plain_words(db, agent_client, team):
    both = make_complaint(team=team, subject="Colis perdu", description="Le guichet ne répond pas.")
    make_complaint(team=team, subject="Colis perdu", description="Rien.")
    make_complaint(team=team, subject="Guichet fermé", description="Rien.")
    # "OR", "AND", "NEAR" are words like others: they must be in the text too.
    assert references(agent_client.get(URL, {"q": "colis OR guichet"})) == []
    assert references(agent_client.get(URL, {"q": "colis guichet"})) == [both.reference]
    assert references(agent_client.get(URL, {"q": "-colis guichet:"})) == [both.reference]


def test_a_phrase_of_the_words_page_leads_to_the_complaints_using_it(db, team):
    auditor = make_user("auditor")
    client = login(auditor)
    texts = [
        "Le dépôt de Vénissieux garde mon colis.",
        "Encore bloqué au dépôt de Vénissieux.",
        "Colis perdu par le dépôt de Vénissieux.",
    ]
    using = [make_complaint(team=team, subject="Livraison", description=text) for text in texts]
    make_complaint(team=team, subject="Livraison", description="Vénissieux, pas de dépôt.")

    terms = client.get(reverse("agent:terms"), {"period": "7"}).context["occurrences"].terms
    phrase = next(t for t in terms if t.term == "depot de venissieux")
    link = f'<a href="{URL}?q=%22d%C3%A9p%C3%B4t%20de%20V%C3%A9nissieux%22">dépôt de Vénissieux</a>'
    assert link in client.get(reverse("agent:terms"), {"period": "7"}).content.decode()

    found = references(client.get(URL, {"q": phrase.search}))
    assert found == [c.reference for c in reversed(using)]


def test_a_word_of_the_words_page_leads_to_complaints_whose_description_uses_it(db, team):
    auditor = make_user("auditor")
    client = login(auditor)
    texts = ["Le transporteur est passé trop tard.", "Aucun transporteur ce matin."]
    using = [make_complaint(team=team, subject="Réclamation", description=text) for text in texts]
    make_complaint(team=team, subject="Réclamation", description="Rien à signaler.")

    terms = client.get(reverse("agent:terms"), {"period": "7"}).context["occurrences"].terms
    word = next(t for t in terms if t.term == "transporteur")
    assert word.search == "transporteur"
    assert references(client.get(URL, {"q": word.search})) == [c.reference for c in reversed(using)]

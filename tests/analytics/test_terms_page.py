"""The "Words used" page: filters, both tables, links to the list, form errors, query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.agent.conftest import login
from tests.analytics.conftest import complaint_at, days_before
from tests.fixtures.objects import make_user

PAGE = reverse("agent:terms")


def test_page_lists_frequent_terms_with_links_to_the_search(corpus, auditor):
    response = login(auditor).get(PAGE, {"period": "30"})

    assert response.status_code == 200
    assert [(t.term, t.count, t.documents) for t in response.context["occurrences"].terms][:2] == [
        ("colis", 5, 2),
        ("arrive", 2, 2),
    ]
    page = response.content.decode()
    assert '<a href="/agent/complaints/?q=colis">colis</a>' in page
    assert "3 complaints from" in page
    assert 'data-testid="capped"' not in page


def test_page_without_parameters_shows_the_last_30_days(corpus, auditor):
    response = login(auditor).get(PAGE)

    assert response.status_code == 200
    assert response.context["occurrences"].complaints == 3
    assert (response.context["period_end"] - response.context["period_start"]).days == 29


def test_page_filters_by_category_and_channel(corpus, auditor, categories, teams, now):
    # A term is listed when at least two complaints use it: a second billing complaint from the web.
    complaint_at(
        days_before(now, 4),
        "Facture du colis jamais livré",
        "Facture payée, colis jamais arrivé.",
        team=teams[0],
        category=categories["billing"],
        channel="web",
    )
    client = login(auditor)

    by_category = client.get(PAGE, {"period": "30", "category": categories["billing"].pk})
    by_channel = client.get(PAGE, {"period": "30", "channel": "web"})

    assert [t.term for t in by_category.context["occurrences"].terms] == ["facture"]
    assert [t.term for t in by_channel.context["occurrences"].terms] == ["colis", "jamais", "livre", "arrive"]


def test_page_shows_emerging_terms_with_links(auditor, teams, now):
    for i in range(18):
        complaint_at(days_before(now, 10 + 2 * i), "Facture erronée", "Ma facture compte deux fois.", team=teams[0])
    for i in range(7):
        complaint_at(days_before(now, 0.5 + i), "Panne réseau", "Panne réseau depuis lundi.", team=teams[0])

    page = login(auditor).get(PAGE, {"period": "7"}).content.decode()

    assert 'data-testid="emerging-terms"' in page
    # A phrase links to a phrase search: its words in that order.
    assert '<a href="/agent/complaints/?q=%22panne%20r%C3%A9seau%22">panne réseau</a>' in page


def test_page_never_shows_a_word_from_outside_the_scope(corpus, agent_a, teams, now):
    for days in (1, 2):
        complaint_at(days_before(now, days), "Confidentiel Bêta", "Projet Bêta confidentiel.", team=teams[1])

    page = login(agent_a).get(PAGE, {"period": "30"}).content.decode()

    assert "colis" in page
    assert "confidentiel" not in page.lower()
    assert "beta" not in page.lower()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "custom", "start": "2026-03-10", "end": "2026-03-01"}, "The end date is before the start date."),
        ({"period": "custom", "start": "2024-01-01", "end": "2025-01-01"}, "The period is too long: at most 366 days."),
        ({"period": "custom", "start": "2026-03-10"}, "Give both a start date and an end date."),
        ({"period": "custom", "start": "10 mars", "end": "2026-03-01"}, "Enter a valid date."),
        ({"period": "365"}, "Select a valid choice. 365 is not one of the available choices."),
    ],
)
def test_bad_dates_give_a_form_error(corpus, auditor, params, message):
    response = login(auditor).get(PAGE, params)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert message in response.content.decode()
    assert "occurrences" not in response.context


def test_a_period_of_exactly_366_days_is_accepted(corpus, auditor):
    response = login(auditor).get(PAGE, {"period": "custom", "start": "2024-01-01", "end": "2024-12-31"})

    assert response.status_code == 200
    assert response.context["form"].errors == {}


def test_capped_page_says_so(corpus, auditor, monkeypatch):
    from doleances.analytics import selectors

    monkeypatch.setattr(selectors, "MAX_ROWS", 2)

    page = login(auditor).get(PAGE, {"period": "30"}).content.decode()

    assert 'data-testid="capped"' in page


def test_page_is_in_french_by_default(corpus, auditor):
    client = login(auditor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"

    page = client.get(PAGE).content.decode()

    assert "Mots employés" in page


@pytest.mark.parametrize("role", [None, "no_role"])
def test_page_is_for_staff_only(db, role):
    from django.test import Client

    client = Client() if role is None else login(make_user())
    response = client.get(PAGE)

    assert response.status_code == (302 if role is None else 403)


def test_query_count_does_not_grow_with_the_number_of_complaints(agent_a, teams, now):
    def queries(n: int) -> int:
        for i in range(n):
            complaint_at(days_before(now, 1 + i % 20), f"Colis {i}", "Colis abîmé, carton déchiré.", team=teams[0])
        client = login(agent_a)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE, {"period": "30"}).status_code == 200
        return len(captured)

    assert queries(5) == queries(15)  # 5 then 20 complaints


def test_page_leaves_out_common_words_numbers_measures_and_one_customers_phrases(auditor, teams, now):
    # Issue 14 item 8: "information je trouve", "deux", "jours", "rien", "back", "time" were top terms.
    texts = [
        ("Pas d'information", "Aucune information. Je trouve ce procédé honteux, je trouve ce procédé honteux."),
        ("Panne fibre", "Panne de fibre depuis deux jours, rien ne marche, 3 jours sans internet."),
        ("Fibre coupée", "Fibre coupée depuis 5 jours. Rien. Panne de fibre encore."),
        ("Internet down", "No internet for 10 days, I called back every time, panne de fibre."),
    ]
    for i, (subject, description) in enumerate(texts):
        complaint_at(days_before(now, 1 + i), subject, description, team=teams[0])

    response = login(auditor).get(PAGE, {"period": "30"})

    terms = [t.term for t in response.context["occurrences"].terms]
    assert terms == ["fibre", "panne", "panne de fibre", "internet"]
    assert "A word is listed when at least 2 complaints use it, a phrase when at least 3 do" in response.content.decode()

"""Word and phrase occurrences: counts, complaint counts, filters, the access scope, emerging terms."""

from __future__ import annotations

from datetime import timedelta

from doleances.analytics import selectors
from tests.analytics.conftest import complaint_at, days_before
from tests.fixtures.objects import make_user

# Every term, even one used once in one complaint.
SINGLES = {"min_count": 1, "min_documents": 1, "min_phrase_documents": 1, "limit": 100}


def everything(user, now) -> dict:
    return {"user": user, "start": now - timedelta(days=30), "end": now}


def as_rows(result) -> dict[str, tuple[int, int]]:
    return {t.term: (t.count, t.documents) for t in result.terms}


def test_counts_occurrences_and_complaints_for_each_term(corpus, auditor, now):
    result = selectors.term_occurrences(auditor, start=now - timedelta(days=30), end=now)

    # Words of a single complaint ("jamais", "abîmé", "facture") are that customer's, not a pattern.
    assert as_rows(result) == {"colis": (5, 2), "arrive": (2, 2)}
    assert (result.complaints, result.capped) == (3, False)


def test_single_occurrences_are_listed_when_asked_without_words_only_seen_inside_a_phrase(corpus, auditor, now):
    result = selectors.term_occurrences(**everything(auditor, now), **SINGLES)

    rows = as_rows(result)
    assert rows["carton dechire"] == (1, 1)
    assert "abime carton dechire" not in rows  # "abîmé, carton déchiré": a comma ends a phrase
    assert "carton" not in rows  # only ever inside "carton déchiré": same counts
    assert rows["abime"] == (2, 1)  # also used elsewhere: kept
    assert "de colis" not in rows  # a phrase never starts with a common word


def test_each_term_carries_the_form_customers_wrote(corpus, auditor, now):
    result = selectors.term_occurrences(**everything(auditor, now), **SINGLES)

    displays = {t.term: t.display for t in result.terms}
    assert displays["carton dechire"] == "carton déchiré"
    assert displays["colis est jamais"] == "colis n'est jamais"
    assert displays["facture compte"] == "facture compte"
    assert displays["arrive"] == "arrivé"


def test_period_excludes_complaints_outside_it(corpus, auditor, now):
    # Only the newest complaint (1 day ago): "colis" 3 times, the others once.
    result = selectors.term_occurrences(auditor, start=now - timedelta(days=1, hours=12), end=now, min_documents=1)

    assert as_rows(result) == {"colis": (3, 1), "jamais": (2, 1)}
    assert result.complaints == 1


def test_category_filter_keeps_only_that_category(corpus, auditor, now, categories):
    result = selectors.term_occurrences(
        auditor, start=now - timedelta(days=30), end=now, category=categories["billing"], min_documents=1
    )

    assert as_rows(result) == {"facture": (2, 1)}
    assert result.complaints == 1


def test_category_filter_includes_subcategories(corpus, auditor, now, categories):
    from doleances.complaints.models import Category, Complaint

    late = Category.objects.create(name="Retard", parent=categories["delivery"])
    Complaint.objects.filter(pk=corpus[0].pk).update(category=late)

    result = selectors.term_occurrences(auditor, start=now - timedelta(days=30), end=now, category=categories["delivery"].pk)

    assert result.complaints == 2


def test_channel_filter_keeps_only_that_channel(corpus, auditor, now):
    result = selectors.term_occurrences(auditor, start=now - timedelta(days=30), end=now, channel="email", min_documents=1)

    assert as_rows(result) == {"colis": (2, 1), "abime": (2, 1), "facture": (2, 1)}
    assert result.complaints == 2


def test_agent_of_team_a_never_counts_words_of_team_b(corpus, agent_a, teams, now):
    for days in (1, 2):
        complaint_at(days_before(now, days), "Confidentiel Bêta", "Projet Bêta confidentiel.", team=teams[1])

    mine = selectors.term_occurrences(agent_a, start=now - timedelta(days=30), end=now, min_count=1, limit=500)
    everyone = selectors.term_occurrences(make_user("auditor"), start=now - timedelta(days=30), end=now)

    assert mine.complaints == 3
    assert not any("beta" in t.term or "confidentiel" in t.term for t in mine.terms)
    assert as_rows(everyone)["confidentiel"] == (4, 2)


def test_person_without_role_counts_nothing(corpus, now):
    result = selectors.term_occurrences(make_user(), start=now - timedelta(days=30), end=now)

    assert (result.terms, result.complaints) == ([], 0)


def test_capped_corpus_reads_the_newest_complaints_and_says_so(corpus, auditor, now, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_ROWS", 2)

    result = selectors.term_occurrences(auditor, start=now - timedelta(days=30), end=now)

    assert (result.complaints, result.capped) == (2, True)
    assert "facture" not in as_rows(result)  # the oldest complaint was left out


def test_emerging_term_is_detected_in_the_window(auditor, teams, now):
    for i in range(18):
        subject, description = (
            ("Facture erronée", "Ma facture compte deux fois l'abonnement.")
            if i % 3
            else ("Colis abîmé", "Le colis est arrivé abîmé.")
        )
        complaint_at(days_before(now, 10 + 2 * i), subject, description, team=teams[0])
    for i in range(6):
        complaint_at(days_before(now, 0.5 + i), "Panne réseau", "Panne réseau depuis lundi, plus internet.", team=teams[0])

    result = selectors.emerging_terms_for(auditor, end=now)

    # "panne" and "réseau" only ever appear in "panne réseau", with the same counts: one row.
    assert [(t.term, t.display, t.recent_count, t.baseline_count) for t in result.terms] == [
        ("panne reseau", "panne réseau", 12, 0),
    ]
    assert (result.recent_complaints, result.baseline_complaints, result.capped) == (6, 18, False)
    assert (result.window_start, result.baseline_start) == (now - timedelta(days=7), now - timedelta(days=63))


def test_no_emerging_term_when_nothing_changed(auditor, teams, now):
    for i in range(12):
        complaint_at(days_before(now, 1 + 5 * i), "Facture erronée", "Ma facture compte deux fois.", team=teams[0])

    assert selectors.emerging_terms_for(auditor, end=now).terms == []

"""Full-text search of complaints: parsing what people type, the index kept in sync with the
table, accents and case, phrases, and the index actually used (both databases)."""

from __future__ import annotations

import pytest
from django.db import connection

from doleances.complaints import search
from doleances.complaints.models import Complaint, Customer
from doleances.complaints.search import TextQuery, fts5_match, parse_text_query, phrase_query, search_complaints
from doleances.core import clock
from tests.fixtures.objects import make_complaint


def found(text: str) -> set[str]:
    return set(search_complaints(Complaint.objects.all(), text).values_list("reference", flat=True))


def bare_complaint(subject: str, description: str, number: int = 1) -> Complaint:
    """A row straight in the table, without audit events (so that it may be deleted)."""
    at = clock.now()
    customer = Customer.objects.create(name="Sans Historique", email="sans@example.org", created_at=at)
    return Complaint.objects.create(
        reference=f"TST-2026-{number:06d}",
        channel="email",
        customer=customer,
        subject=subject,
        description=description,
        received_at=at,
        registered_at=at,
        updated_at=at,
    )


# --- Parsing: what a person types never reaches the database as query syntax --------------


def test_words_phrases_and_prefixes_are_told_apart():
    assert parse_text_query('colis "dépôt de Vénissieux" fact* abîmé') == TextQuery(
        words=("colis", "abîmé"), phrases=("dépôt de Vénissieux",), prefixes=("fact",)
    )


def test_typographic_quotes_make_a_phrase_and_an_unpaired_quote_is_ignored():
    assert parse_text_query("« panne réseau » “colis abîmé”") == TextQuery(phrases=("panne réseau", "colis abîmé"))
    assert parse_text_query('colis "abîmé') == TextQuery(words=("colis", "abîmé"))


def test_pieces_without_a_letter_or_digit_are_dropped_and_a_star_only_counts_at_the_end_of_a_word():
    assert parse_text_query('- * : ) "" " " 😀 ***') == TextQuery()
    assert parse_text_query("a*b *c d-e*") == TextQuery(words=("a*b", "*c", "d-e*"))


def test_every_term_is_a_quoted_fts5_string():
    query = parse_text_query('NEAR(a b) OR "x AND y" col:val -z')
    assert fts5_match(query) == '"x AND y" "NEAR(a" "b)" "OR" "col:val" "-z"'
    assert fts5_match(TextQuery(words=('say"hi',), prefixes=("fact",))) == '"say""hi" "fact"*'


def test_a_long_search_keeps_a_bounded_number_of_terms():
    query = parse_text_query(" ".join(f"mot{n}" for n in range(100)))
    assert query.words == tuple(f"mot{n}" for n in range(12))


def test_phrase_query_quotes_several_words_only():
    assert phrase_query("dépôt de vénissieux") == '"dépôt de vénissieux"'
    assert phrase_query("colis") == "colis"
    assert phrase_query(' say "hi" ') == '"say hi"'


# --- Matching ---------------------------------------------------------------------------------


def test_a_word_only_in_the_description_is_found(db):
    wanted = make_complaint(subject="Problème", description="Le transporteur a laissé le colis devant la porte.")
    make_complaint(subject="Problème", description="Facture reçue deux fois.")
    assert found("transporteur") == {wanted.reference}


def test_accents_and_case_are_ignored_both_ways(db):
    accented = make_complaint(subject="Dépôt fermé", description="Rien.")
    plain = make_complaint(subject="Question", description="Le DEPOT de Lyon ne répond pas.")
    assert found("depot") == {accented.reference, plain.reference}
    assert found("DÉPÔT") == {accented.reference, plain.reference}
    assert found("dépôt") == {accented.reference, plain.reference}


def test_a_phrase_matches_only_those_words_in_that_order(db):
    in_order = make_complaint(subject="Retard", description="Le dépôt de Vénissieux garde mon colis.")
    reversed_order = make_complaint(subject="Retard", description="Vénissieux : le dépôt de la ville.")
    apart = make_complaint(subject="Dépôt", description="Le colis est parti de Vénissieux.")
    assert found('"depot de venissieux"') == {in_order.reference}
    assert found("dépôt vénissieux") == {in_order.reference, reversed_order.reference, apart.reference}


def test_every_word_must_be_there(db):
    both = make_complaint(subject="Colis abîmé", description="Carton déchiré.")
    make_complaint(subject="Colis perdu", description="Jamais arrivé.")
    make_complaint(subject="Carton", description="Trop grand.")
    assert found("colis carton") == {both.reference}


def test_a_trailing_star_searches_a_word_start(db):
    wanted = make_complaint(subject="Facturation", description="Rien.")
    assert found("factur*") == {wanted.reference}
    assert found("factur") == set()


def test_part_of_a_reference_finds_it_without_matching_words(db):
    wanted = make_complaint(subject="Colis", description="Rien.")
    other = make_complaint(subject="Colis", description="Rien.")
    number = wanted.reference.split("-", 1)[1]  # "2026-000001"
    assert found(number) == {wanted.reference}
    assert found(wanted.reference[:4].lower()) == {wanted.reference, other.reference}


@pytest.mark.parametrize("common_from", [1, 2000])
def test_a_common_text_and_a_rare_one_give_the_same_rows_newest_first(db, monkeypatch, common_from):
    """SQLite reads a text found in many complaints newest first (the recency index), a rare
    one by its matches: same rows, same order."""
    monkeypatch.setattr(search, "COMMON_TERM_HITS", common_from)
    made = [make_complaint(subject=f"Colis {n}", description="Rien.", email=f"c{n}@example.org") for n in range(3)]
    make_complaint(subject="Autre", description="Rien.", name="Colis Express", email="colis@example.org")
    make_complaint(subject="Autre", description="Rien.", name="Autre", email="autre@example.org")
    qs = search_complaints(Complaint.objects.order_by("-received_at", "-id"), "colis")
    assert list(qs.values_list("subject", flat=True)) == ["Autre", "Colis 2", "Colis 1", "Colis 0"]
    assert [c.reference for c in qs[1:]] == [c.reference for c in reversed(made)]


# --- The index follows the table --------------------------------------------------------------


def test_an_edited_text_is_found_by_its_new_words_and_not_by_its_old_ones(db):
    complaint = make_complaint(subject="Colis perdu", description="Envoyé en mars.")
    complaint.subject, complaint.description = "Remboursement", "Toujours pas remboursé."
    complaint.save(update_fields=["subject", "description"])
    Complaint.objects.filter(pk=complaint.pk).update(description="Virement attendu depuis avril.")
    assert found("colis") == set()
    assert found("remboursé") == set()
    assert found("remboursement avril") == {complaint.reference}


def test_a_change_of_status_leaves_the_text_findable(db):
    complaint = make_complaint(subject="Colis perdu", description="Rien.")
    Complaint.objects.filter(pk=complaint.pk).update(status="in_progress", priority="high")
    assert found("colis") == {complaint.reference}


def test_a_deleted_row_is_no_longer_found(db):
    complaint = bare_complaint("Guichet fermé", "Personne au guichet.")
    assert found("guichet") == {complaint.reference}
    complaint.delete()
    assert found("guichet") == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite FTS5 table")
def test_sqlite_index_is_in_sync_and_its_triggers_survived_every_migration(db):
    complaint = make_complaint(subject="Colis", description="Rien.")
    complaint.save()  # every column written again, text unchanged
    complaint.description = "Toujours rien."
    complaint.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'complaints_complaint_fts_%'")
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute("INSERT INTO complaints_complaint_fts(complaints_complaint_fts, rank) VALUES ('integrity-check', 1)")
    assert triggers == {f"complaints_complaint_fts_{event}" for event in ("insert", "update", "delete")}


def test_postgresql_search_uses_its_indexes_for_every_branch(db):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL expression index")
    customers = Customer.objects.bulk_create(
        Customer(name=f"Client {n}", email=f"client{n}@example.org", created_at=clock.now()) for n in range(2000)
    )
    Complaint.objects.bulk_create(
        Complaint(
            reference=f"BLK-2026-{n:06d}",
            channel="email",
            customer=customers[n],
            subject=f"Sujet {n}",
            description=f"Texte numéro {n} sans rien de particulier.",
            received_at=clock.now(),
            registered_at=clock.now(),
            updated_at=clock.now(),
        )
        for n in range(2000)
    )
    searches = {
        'particulier "numéro 1234"': ["complaint_fulltext_idx"],
        "client1234": ["complaint_fulltext_idx", "customer_name_trgm_idx", "customer_email_trgm_idx"],
        "2026-001234": ["complaint_fulltext_idx", "complaint_reference_trgm_idx"],
    }
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE complaints_complaint")
        cursor.execute("ANALYZE complaints_customer")
        # A few thousand rows: the planner would rather read them all. Forbidding that shows
        # which indexes the queries can use (the expressions match theirs).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    for text, indexes in searches.items():
        qs = search_complaints(Complaint.objects.all(), text)
        plan = qs.explain()
        assert [index for index in indexes if f"Bitmap Index Scan on {index}" not in plan] == [], plan
        assert list(qs.values_list("reference", flat=True)) == ["BLK-2026-001234"]


# --- Customers: name or email containing the input, through an index -----------------------


def test_part_of_a_customers_name_or_email_finds_their_complaints(db):
    jeanne = make_complaint(name="Jeanne Martin-Dupré", email="jeanne.martin@example.org")
    make_complaint(name="Paul Durand", email="paul.durand@example.net")
    assert found("martin") == {jeanne.reference}
    assert found("MARTIN-DU") == {jeanne.reference}
    assert found("nne Mar") == {jeanne.reference}  # across the space, in the middle of a word
    assert found("martin@exa") == {jeanne.reference}
    assert found("example") == {jeanne.reference, found("durand").pop()}


def test_a_search_of_fewer_than_three_characters_does_not_look_at_customers(db):
    make_complaint(name="Li Na", email="li.na@example.org", subject="Colis", description="Rien.")
    assert found("li") == set()
    assert found("Li Na") != set()


def test_a_renamed_customer_is_found_by_the_new_name_only(db):
    complaint = make_complaint(name="Ancien Nom", email="ancien@example.org")
    Customer.objects.filter(pk=complaint.customer_id).update(name="Nouvelle Raison", email="nouvelle@example.org")
    assert found("Nouvelle") == {complaint.reference}
    assert found("nouvelle@exa") == {complaint.reference}
    assert found("Ancien") == set()


@pytest.mark.parametrize("term", ['Martin"', "NEAR(mar", "mar*tin", "martin OR durand", "ma'rtin", "%mar_", "\\mar"])
def test_fts5_syntax_in_a_customer_search_is_plain_text(db, term):
    make_complaint(name="Jeanne Martin", email="jeanne.martin@example.org")
    assert found(term) == set()  # no error, and none of it is read as an operator


def test_sqlite_customer_index_is_in_sync_and_its_triggers_survived_every_migration(db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite FTS5 table (PostgreSQL uses the trigram indexes of migration 0005)")
    complaint = make_complaint(name="Pour Vérifier", email="verifier@example.org")
    Customer.objects.filter(pk=complaint.customer_id).update(name="Vérifié")
    Customer.objects.create(name="Sans Réclamation", email="sans@example.org", created_at=clock.now()).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'complaints_customer_fts_%'")
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute("INSERT INTO complaints_customer_fts(complaints_customer_fts, rank) VALUES ('integrity-check', 1)")
    assert triggers == {f"complaints_customer_fts_{event}" for event in ("insert", "update", "delete")}

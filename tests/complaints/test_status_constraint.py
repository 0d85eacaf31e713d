"""The status is the lifecycle's alone: no form edits it, and the database refuses any value that
is not a state (SQLite and PostgreSQL), whatever writes it."""

import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.forms import modelform_factory

from doleances.complaints.lifecycle import State
from doleances.complaints.models import Complaint
from tests.fixtures.scratch import doleances, environment


@pytest.mark.parametrize("bad", ["bogus", "", "Closed", "resolved "])
def test_the_database_refuses_a_status_that_is_not_a_state(db, complaint, bad):
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(status=bad)

    complaint.refresh_from_db()
    assert complaint.status == State.ACKNOWLEDGED


def test_the_database_refuses_it_in_raw_sql_too(db, complaint):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE complaints_complaint SET status = %s WHERE id = %s", ["archived", complaint.pk])


@pytest.mark.parametrize("state", list(State))
def test_every_state_of_the_lifecycle_is_accepted(db, complaint, state):
    Complaint.objects.filter(pk=complaint.pk).update(status=state)
    complaint.refresh_from_db()
    assert complaint.status == state


def test_no_model_form_offers_the_status():
    assert "status" not in modelform_factory(Complaint, fields="__all__").base_fields


# Adding or removing the constraint rebuilds the table on SQLite: the migrations must keep its
# full-text triggers, its rows and the words found; the constraint comes and goes with them.
MIGRATE_BACK_AND_FORTH = """
import json
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from doleances.complaints.models import Complaint
from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint

def inspect():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'complaints_complaint_fts_%'")
        triggers = sorted(row[0] for row in cursor.fetchall())
        cursor.execute("INSERT INTO complaints_complaint_fts(complaints_complaint_fts, rank) VALUES ('integrity-check', 1)")
    try:
        with transaction.atomic():
            Complaint.objects.update(status="bogus")
            transaction.set_rollback(True)
        refused = False
    except IntegrityError:
        refused = True
    # The index itself, queried directly: today's search code also reads tables that later
    # migrations add (the customers' index of 0013), which the old schema does not have.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.subject FROM complaints_complaint c JOIN complaints_complaint_fts f ON f.rowid = c.id"
            " WHERE complaints_complaint_fts MATCH 'colis'"
        )
        found = [row[0] for row in cursor.fetchall()]
    return {"triggers": triggers, "complaints": Complaint.objects.count(), "found": found, "refused": refused}

call_command("migrate", verbosity=0)
receive_complaint(CustomerDetails(name="Jeanne Martin", email="jeanne@example.org"),
                  ComplaintDetails(subject="Colis perdu", description="Rien reçu.", consent=True))
steps = [inspect()]
call_command("migrate", "complaints", "0009", verbosity=0)
steps.append(inspect())
call_command("migrate", verbosity=0)
steps.append(inspect())
print(json.dumps(steps))
"""


def test_migrating_the_constraint_forwards_and_backwards_keeps_the_sqlite_full_text_index(tmp_path):
    output = doleances("shell", "-c", MIGRATE_BACK_AND_FORTH, env=environment(tmp_path)).stdout
    migrated, before, again = json.loads(output.splitlines()[-1])

    triggers = [f"complaints_complaint_fts_{event}" for event in ("delete", "insert", "update")]
    kept = {"triggers": triggers, "complaints": 1, "found": ["Colis perdu"]}
    assert migrated == {**kept, "refused": True}
    assert before == {**kept, "refused": False}
    assert again == {**kept, "refused": True}

"""What a database administrator could do behind the application's back, and what catches it:
the keyed chain (a chain recomputed without the key), the head recorded on the complaint (the
last events deleted), the messages' content hash (a message edited), the anchor file (a chain
rewritten even with the key)."""

import importlib
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from doleances.complaints.anchors import FILE_NAME
from doleances.complaints.events import message_digest, verify_chain
from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.complaints.services import add_internal_note, reply_to_customer
from doleances.core.hashchain import GENESIS, KEYED, chain_hash, keyed_chain_hash
from tests.fixtures.objects import make_complaint
from tests.fixtures.tampering import tamper


def rewrite_chain(complaint: Complaint, *, hasher, chain, edit: dict | None = None) -> None:
    """Recompute every link of the complaint (optionally editing event #2 first), and its head."""
    previous = GENESIS
    for event in complaint.events.order_by("sequence"):
        if event.sequence == 2 and edit:
            for name, value in edit.items():
                setattr(event, name, value)
        event.hash = hasher(previous, event.chained_content())
        tamper(
            "UPDATE complaints_complaintevent SET actor_label = %s, previous_hash = %s, hash = %s, chain = %s WHERE id = %s",
            [event.actor_label, previous, event.hash, chain, event.pk],
        )
        previous = event.hash
    tamper("UPDATE complaints_complaint SET audit_head = %s WHERE id = %s", [previous, complaint.pk])


def verify_fails(capsys, *args) -> str:
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify", *args)
    assert error.value.returncode == 1
    return capsys.readouterr().out


def test_every_new_event_is_keyed_and_the_complaint_records_its_head(db):
    complaint = make_complaint()
    events = list(complaint.events.order_by("sequence"))
    assert [event.chain for event in events] == [KEYED, KEYED]
    assert events[1].hash == keyed_chain_hash(settings.DOLEANCES_AUDIT_KEY, events[0].hash, events[1].chained_content())
    complaint.refresh_from_db()
    assert (complaint.audit_sequence, complaint.audit_head) == (2, events[1].hash)


def test_a_chain_recomputed_with_plain_sha256_is_caught(db, capsys):
    victim = make_complaint()
    rewrite_chain(victim, hasher=chain_hash, chain=KEYED, edit={"actor_label": "Quelqu'un d'autre"})
    out = verify_fails(capsys)
    event = victim.events.get(sequence=1)
    assert out.startswith(
        f"BROKEN {victim.reference} event #1 (id {event.pk}): "
        "chain recomputed without the audit key (plain SHA-256 where a keyed link is due)\n"
    )


def test_a_chain_recomputed_as_legacy_plain_links_is_caught(db, capsys):
    victim = make_complaint()
    rewrite_chain(victim, hasher=chain_hash, chain=None, edit={"actor_label": "Quelqu'un d'autre"})
    out = verify_fails(capsys)
    assert out.startswith(f"BROKEN {victim.reference} event #2 (id {victim.events.get(sequence=2).pk}): ")
    assert "last link is not keyed: chain recomputed without the audit key\n" in out


def test_verifying_with_another_key_fails(db, capsys):
    make_complaint()
    with override_settings(DOLEANCES_AUDIT_KEY=b"not the key"):
        assert "content altered" in verify_fails(capsys)


def test_the_deleted_last_event_is_caught_by_the_head_on_the_complaint(db, capsys):
    victim = make_complaint()
    tamper("DELETE FROM complaints_complaintevent WHERE complaint_id = %s AND sequence = 2", [victim.pk])
    out = verify_fails(capsys)
    assert out.startswith(f"BROKEN {victim.reference} event #2 (missing): events after #1 deleted\n")


def test_an_edited_message_body_is_caught(db, capsys, agent, complaint):
    message = reply_to_customer(complaint, body="Nous vous remboursons 49,90 €.", actor=agent)
    event = complaint.events.get(action="message.sent")
    assert event.data["message_sha256"] == message_digest(message)
    tamper("UPDATE complaints_message SET body = %s WHERE id = %s", ["Nous ne remboursons rien.", message.pk])
    out = verify_fails(capsys)
    assert out.startswith(
        f"BROKEN {complaint.reference} event #{event.sequence} (id {event.pk}): "
        f"message #{message.pk} altered (body, sender, recipient or attachments)\n"
    )
    assert verify_chain(complaint).reason == f"message #{message.pk} altered (body, sender, recipient or attachments)"


def test_a_deleted_note_is_caught(db, capsys, agent, complaint):
    note = add_internal_note(complaint, body="Client mécontent, rappeler.", actor=agent)
    tamper("DELETE FROM complaints_message WHERE id = %s", [note.pk])
    assert f"message #{note.pk} deleted\n" in verify_fails(capsys)


def anchor(tmp_path, capsys) -> str:
    call_command("audit", "anchor", "--directory", str(tmp_path))
    capsys.readouterr()
    return str(tmp_path / FILE_NAME)


def test_deleting_the_last_event_and_its_head_is_caught_only_by_the_anchors(db, capsys, tmp_path):
    victim = make_complaint()
    anchors = anchor(tmp_path, capsys)
    first = victim.events.get(sequence=1)
    tamper("DELETE FROM complaints_complaintevent WHERE complaint_id = %s AND sequence = 2", [victim.pk])
    tamper("UPDATE complaints_complaint SET audit_sequence = 1, audit_head = %s WHERE id = %s", [first.hash, victim.pk])
    call_command("audit", "verify")  # consistent inside the database...
    capsys.readouterr()
    out = verify_fails(capsys, "--anchors", anchors)  # ...but not with the copy kept elsewhere
    assert f"BROKEN {victim.reference} event #2 (missing): anchored event #2 missing\n" in out


def test_a_chain_rewritten_with_the_key_is_caught_by_the_anchors(db, capsys, tmp_path):
    victim = make_complaint()
    anchors = anchor(tmp_path, capsys)
    key = settings.DOLEANCES_AUDIT_KEY
    rewrite_chain(victim, hasher=lambda p, c: keyed_chain_hash(key, p, c), chain=KEYED, edit={"actor_label": "X"})
    call_command("audit", "verify")
    capsys.readouterr()
    out = verify_fails(capsys, "--anchors", anchors)
    assert f"BROKEN {victim.reference} event #2 (id {victim.events.get(sequence=2).pk}): differs from the anchored head\n" in out


def test_a_deleted_anchored_complaint_is_caught(db, capsys, tmp_path):
    victim = make_complaint()
    anchors = anchor(tmp_path, capsys)
    tamper("DELETE FROM complaints_complaintevent WHERE complaint_id = %s", [victim.pk])
    tamper("DELETE FROM core_outboxmessage WHERE complaint_reference = %s", [victim.reference])
    tamper("DELETE FROM sla_alarm WHERE complaint_id = %s", [victim.pk])  # the deadline sweep's alarms
    tamper("DELETE FROM complaints_complaint WHERE id = %s", [victim.pk])
    assert f"BROKEN {victim.reference} event #2 (missing): anchored complaint missing\n" in verify_fails(
        capsys, "--anchors", anchors
    )


def test_anchor_appends_only_the_heads_that_moved_and_a_digest(db, capsys, agent, team, tmp_path):
    first, second = make_complaint(team=team), make_complaint(team=team)
    anchor(tmp_path, capsys)
    add_internal_note(second, body="Relancé le transporteur.", actor=agent)
    call_command("audit", "anchor", "--directory", str(tmp_path))
    assert capsys.readouterr().out.startswith(f"Anchored 2 chain heads (1 new) in {tmp_path / FILE_NAME}\ndigest ")
    lines = [json.loads(line) for line in (tmp_path / FILE_NAME).read_text().splitlines()]
    second.refresh_from_db()
    assert [(line.get("reference"), line.get("sequence"), line.get("complaints")) for line in lines] == [
        (first.reference, 2, None),
        (second.reference, 2, None),
        (None, None, 2),
        (second.reference, 3, None),
        (None, None, 2),
    ]
    assert lines[3]["head"] == second.audit_head
    call_command("audit", "verify", "--anchors", str(tmp_path / FILE_NAME))
    assert capsys.readouterr().out.endswith("(2 complaints) is still in its chain.\n")


def test_an_edited_anchor_file_is_caught(db, capsys, tmp_path):
    make_complaint()
    anchors = tmp_path / FILE_NAME
    anchor(tmp_path, capsys)
    lines = anchors.read_text().splitlines()
    entry = json.loads(lines[0]) | {"head": "f" * 64}
    anchors.write_text("\n".join([json.dumps(entry), *lines[1:]]) + "\n")
    out = verify_fails(capsys, "--anchors", str(anchors))
    assert out.startswith(f"BROKEN anchor file {anchors}, line 2: run of ")


def test_anchor_reports_a_head_that_moved_back(db, capsys, tmp_path):
    victim = make_complaint()
    anchor(tmp_path, capsys)
    first = victim.events.get(sequence=1)
    tamper("UPDATE complaints_complaint SET audit_sequence = 1, audit_head = %s WHERE id = %s", [first.hash, victim.pk])
    with pytest.raises(CommandError):
        call_command("audit", "anchor", "--directory", str(tmp_path))
    assert f"BROKEN {victim.reference}: head moved back since it was anchored\n" in capsys.readouterr().out


def test_migration_seals_legacy_plain_chains_without_rewriting_them(db, capsys):
    legacy = make_complaint()
    previous = GENESIS
    for event in legacy.events.order_by("sequence"):  # as written before the audit key existed
        event.hash = chain_hash(previous, event.chained_content())
        tamper(
            "UPDATE complaints_complaintevent SET previous_hash = %s, hash = %s, chain = NULL WHERE id = %s",
            [previous, event.hash, event.pk],
        )
        previous = event.hash
    tamper("UPDATE complaints_complaint SET audit_sequence = NULL, audit_head = NULL WHERE id = %s", [legacy.pk])
    before = list(legacy.events.values_list("sequence", "hash"))
    migration = importlib.import_module("doleances.complaints.migrations.0009_audit_chain_key_and_head")

    migration.seal_legacy_chains(django_apps(), connection.schema_editor)

    assert list(legacy.events.values_list("sequence", "hash"))[:2] == before
    seal = legacy.events.get(sequence=3)
    assert (seal.action, seal.chain, seal.data, seal.previous_hash) == ("audit.chain_keyed", KEYED, {"plain_links": 2}, previous)
    call_command("audit", "verify")
    assert capsys.readouterr().out == (
        "OK: 3 events of 1 complaints, every chain intact.\n"
        "2 of them are plain SHA-256 links from before the audit key, sealed by a keyed event.\n"
    )
    rewrite_chain(legacy, hasher=chain_hash, chain=None, edit={"actor_label": "X"})
    assert "last link is not keyed" in verify_fails(capsys)


def django_apps():
    from django.apps import apps

    return apps


def test_the_database_keeps_no_copy_of_the_key(db):
    make_complaint()
    key = settings.DOLEANCES_AUDIT_KEY.decode()
    assert ComplaintEvent.objects.filter(data__icontains=key).count() == 0


def test_the_hourly_task_appends_to_the_configured_anchor_directory(db, settings, tmp_path):
    from doleances.complaints.tasks import anchor_audit_chains

    complaint = make_complaint()
    settings.DOLEANCES_AUDIT_ANCHOR_DIR = tmp_path / "elsewhere"
    result = anchor_audit_chains.call_local()
    complaint.refresh_from_db()
    assert (result["complaints"], result["changed"]) == (1, 1)
    first = json.loads((tmp_path / "elsewhere" / FILE_NAME).read_text().splitlines()[0])
    assert (first["reference"], first["sequence"], first["head"]) == (complaint.reference, 2, complaint.audit_head)


def test_a_chain_downgraded_to_plain_links_after_a_keyed_one_is_caught(db, capsys):
    victim = make_complaint()
    second = victim.events.get(sequence=2)
    second.actor_label = "Quelqu'un d'autre"
    plain = chain_hash(second.previous_hash, second.chained_content())
    tamper(
        "UPDATE complaints_complaintevent SET actor_label = %s, hash = %s, chain = NULL WHERE id = %s",
        [second.actor_label, plain, second.pk],
    )
    tamper("UPDATE complaints_complaint SET audit_head = %s WHERE id = %s", [plain, victim.pk])
    out = verify_fails(capsys)
    assert out.startswith(
        f"BROKEN {victim.reference} event #2 (id {second.pk}): plain link after a keyed one: "
        "chain recomputed without the audit key\n"
    )

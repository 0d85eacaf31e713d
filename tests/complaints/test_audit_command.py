"""`doleances audit verify` catches an event edited behind the application's back."""

import pytest
from django.core.management import CommandError, call_command

from tests.fixtures.objects import make_complaint
from tests.fixtures.tampering import tamper


def test_verify_reports_ok_on_intact_chains(db, capsys):
    make_complaint()
    make_complaint()
    call_command("audit", "verify")
    assert capsys.readouterr().out == "OK: 4 events of 2 complaints, every chain intact.\n"


def test_verify_prints_the_first_broken_link_and_fails(db, capsys):
    intact = make_complaint()
    victim = make_complaint()
    event = victim.events.get(sequence=2)
    tamper("UPDATE complaints_complaintevent SET actor_label = %s WHERE id = %s", ["Quelqu'un d'autre", event.pk])
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify")
    assert error.value.returncode == 1
    out = capsys.readouterr().out
    assert out.startswith(f"BROKEN {victim.reference} event #2 (id {event.pk}): content altered\n")
    assert f"found hash    {event.hash}" in out
    assert intact.reference not in out


def test_verify_notices_a_deleted_event(db, capsys):
    victim = make_complaint()
    tamper("DELETE FROM complaints_complaintevent WHERE complaint_id = %s AND sequence = 1", [victim.pk])
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert "missing or reordered event" in capsys.readouterr().out

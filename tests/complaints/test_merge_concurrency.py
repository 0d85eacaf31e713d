"""Two opposite merges at the same moment (A into B, B into A): one wins, the other is told why,
and neither deadlocks. PostgreSQL: real row locks between two connections."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import connection

from doleances.complaints.enums import Status
from doleances.complaints.events import verify_chain
from doleances.complaints.models import Complaint
from doleances.complaints.services import merge_complaint
from doleances.core.errors import DoleancesError
from tests.fixtures.objects import make_complaint, make_team, make_user

# Long enough for the other merge to take its first lock when locks are taken one by one; a
# merge that locks both rows at once makes the other wait inside its query instead, and goes on
# when the barrier gives up.
RENDEZVOUS_SECONDS = 3


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_opposite_merges_at_once_one_wins_the_other_gets_a_clear_error(role_groups):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database of SQLite (shared cache) refuses concurrent writers outright")
    team = make_team()
    agent = make_user("agent", teams=(team,))
    a = make_complaint(team=team, email="a@example.org")
    b = make_complaint(team=team, email="b@example.org")
    after_first_lock = threading.Barrier(2, timeout=RENDEZVOUS_SECONDS)
    outcomes: dict[str, object] = {}

    def pause_after_the_first_row_lock(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "FOR UPDATE" in sql and not getattr(local, "paused", False):
            local.paused = True
            # Both merges hold their first lock before either goes on; when the barrier breaks,
            # the other merge is waiting for our lock: go on.
            with contextlib.suppress(threading.BrokenBarrierError):
                after_first_lock.wait()
        return result

    local = threading.local()

    def merge(name: str, source: Complaint, target: Complaint) -> None:
        try:
            with connection.execute_wrapper(pause_after_the_first_row_lock):
                merge_complaint(source, into=target, actor=agent)
            outcomes[name] = "merged"
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            outcomes[name] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=merge, args=("a into b", a, b)),
        threading.Thread(target=merge, args=("b into a", b, a)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    merged = [name for name, outcome in outcomes.items() if outcome == "merged"]
    refused = [outcome for outcome in outcomes.values() if outcome != "merged"]
    assert len(merged) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], DoleancesError), outcomes
    assert refused[0].code == "merge_target_closed"  # the winner's source, the loser's target, is merged
    statuses = sorted(Complaint.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True))
    assert statuses == sorted([Status.MERGED, Status.ACKNOWLEDGED])
    assert [verify_chain(complaint) for complaint in Complaint.objects.filter(pk__in=[a.pk, b.pk])] == [None, None]

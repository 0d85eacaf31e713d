"""The deadline sweep: warns, escalates, records regulatory breaches and sends progress reports,
each exactly once, reading only what is due (issue 19)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from doleances.complaints.lifecycle import Action
from doleances.complaints.models import Complaint
from doleances.complaints.services import assign_complaint, transition_complaint
from doleances.core.models import OutboxMessage
from doleances.messaging.models import Notification
from doleances.sla.models import Alarm
from doleances.sla.services import extend_answer_deadline
from doleances.sla.sweep import due_alarm_ids, sweep
from tests.fixtures.objects import make_complaint
from tests.fixtures.query_plans import full_scans, query_plans

PARIS = ZoneInfo("Europe/Paris")
RECEIVED = datetime(2026, 7, 1, 9, tzinfo=PARIS)


@pytest.fixture
def case(db, team, agent, supervisor):
    c = make_complaint(regulatory_profile="fr-payment-services", received_at=RECEIVED, at=RECEIVED, team=team)
    assign_complaint(c, assignee=agent, actor=agent, at=RECEIVED)
    transition_complaint(c, Action.QUALIFY, actor=agent, at=RECEIVED)
    transition_complaint(c, Action.START, actor=agent, at=RECEIVED)
    c.refresh_from_db()
    return c


def actions(c: Complaint) -> list[str]:
    return list(c.events.order_by("sequence").values_list("action", flat=True))


def test_the_sweep_warns_the_assignee_once_then_escalates_at_the_breach_once(case, agent, supervisor):
    warn_at = case.response_due_at - timedelta(hours=1)
    sweep(at=warn_at)
    sweep(at=warn_at)
    warnings = Notification.objects.filter(kind="sla.warning", complaint_reference=case.reference)
    keys = list(warnings.values_list("dedupe_key", flat=True))
    assert f"sla:{case.pk}:response:warn" in keys
    assert len(keys) == len(set(keys))
    assert set(warnings.values_list("recipient__username", flat=True)) == {agent.username}
    after = case.response_due_at + timedelta(minutes=1)
    first = sweep(at=after)
    second = sweep(at=after)
    assert first.taken.get("response.breach") == 1
    assert "response.breach" not in second.taken
    assert actions(case).count("complaint.escalated") == 1
    assert actions(case).count("complaint.deadline_breached") == 1
    assert Notification.objects.filter(kind="sla.breach", recipient=supervisor).count() == 1


def test_a_regulatory_breach_is_recorded_forever(case, agent):
    sweep(at=case.answer_due_at + timedelta(seconds=1))
    case.refresh_from_db()
    assert case.regulatory_breached_at == case.answer_due_at + timedelta(seconds=1)
    breach = case.events.get(action="complaint.regulatory_breach")
    assert breach.data == {"clock": "answer", "due": case.answer_due_at.isoformat(), "profile": "fr-payment-services"}
    transition_complaint(case, Action.ANSWER, actor=agent, at=case.answer_due_at + timedelta(days=1))
    case.refresh_from_db()
    assert case.regulatory_breached_at == case.answer_due_at + timedelta(seconds=1)
    assert list(Complaint.objects.filter(regulatory_breached_at__isnull=False)) == [case]


def test_the_progress_report_is_sent_once_before_the_answer_deadline(case):
    report_at = case.answer_due_at - timedelta(hours=2)
    sweep(at=report_at)
    sweep(at=report_at)
    reports = OutboxMessage.objects.filter(payload__template="progress_report")
    assert reports.count() == 1
    assert "20 juillet 2026" in reports.get().payload["body"]
    assert actions(case).count("complaint.progress_report_sent") == 1


def test_no_progress_report_once_the_agent_extended_with_a_new_date(case, agent):
    new_due = datetime(2026, 7, 31, 23, 59, 59, tzinfo=PARIS).astimezone(UTC)
    extend_answer_deadline(case, new_due=new_due, reason="Expertise en cours.", actor=agent, at=RECEIVED + timedelta(days=5))
    sweep(at=case.answer_due_at - timedelta(hours=2))
    assert not OutboxMessage.objects.filter(payload__template="progress_report").exists()
    # The original answer deadline passing is no breach any more: the extended one runs.
    sweep(at=case.answer_due_at + timedelta(hours=1))
    assert "complaint.regulatory_breach" not in actions(case)
    sweep(at=new_due + timedelta(seconds=1))
    assert actions(case).count("complaint.regulatory_breach") == 1


def test_an_answered_case_is_neither_reported_nor_breached(case, agent):
    transition_complaint(case, Action.ANSWER, actor=agent, at=RECEIVED + timedelta(days=2))
    result = sweep(at=case.answer_due_at + timedelta(days=1))
    assert result.taken == {}
    assert "complaint.regulatory_breach" not in actions(case)
    assert not Alarm.objects.filter(fired_at__isnull=True, fire_at__lte=case.answer_due_at + timedelta(days=1)).exists()


def test_while_paused_internal_targets_wait_and_then_fire_at_their_new_time(case, agent):
    due = case.response_due_at
    transition_complaint(case, Action.WAIT_FOR_CUSTOMER, actor=agent, at=RECEIVED + timedelta(hours=1))
    assert "response.breach" not in sweep(at=due + timedelta(minutes=1)).taken
    transition_complaint(case, Action.RESUME, actor=agent, at=RECEIVED + timedelta(days=4, hours=1))
    case.refresh_from_db()
    assert case.response_due_at == due + timedelta(days=4)
    assert "response.breach" not in sweep(at=due + timedelta(days=3)).taken
    assert sweep(at=case.response_due_at + timedelta(minutes=1)).taken.get("response.breach") == 1


def test_the_sweep_reads_only_due_alarms_through_the_partial_index(case):
    plans = query_plans(lambda: due_alarm_ids(case.answer_due_at, 100), table="sla_alarm")
    assert plans
    assert not full_scans(plans, "sla_alarm")
    if connection.vendor == "sqlite":
        assert "alarm_pending_idx" in plans[0][1]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_escalate_and_notify_once(role_groups, team, agent, supervisor):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them)")
    c = make_complaint(regulatory_profile="fr-payment-services", received_at=RECEIVED, at=RECEIVED, team=team)
    assign_complaint(c, assignee=agent, actor=agent, at=RECEIVED)
    c.refresh_from_db()
    at = c.answer_due_at + timedelta(minutes=1)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            sweep(at=at)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert actions(c).count("complaint.regulatory_breach") == 1
    breaches = actions(c).count("complaint.regulatory_breach") + actions(c).count("complaint.deadline_breached")
    assert actions(c).count("complaint.escalated") == breaches
    notices = Notification.objects.filter(kind="sla.breach", recipient=supervisor, complaint_reference=c.reference)
    assert notices.count() == breaches  # one per breached clock, never twice
    assert OutboxMessage.objects.filter(payload__template="progress_report").count() == 1

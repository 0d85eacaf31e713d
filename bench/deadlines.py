"""Deadline engine figures (issue 19): due-date computation per complaint, the sweep over many
open complaints with a few due, and the agent list filtered on "breached".

    DOLEANCES_DATA_DIR=/tmp/bench-deadlines .venv/bin/python bench/deadlines.py --open 100000 --due 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/doleances_bench_deadlines \\
        DOLEANCES_DATA_DIR=/tmp/bench-deadlines-pg .venv/bin/python bench/deadlines.py --open 100000 --due 1000

Fills the database itself (bulk inserts: customers, open complaints with their due dates, the
sweep's alarms: four per complaint, `--due` of them due now), then prints: µs per due-date
computation (pure, every profile), the sweep's time over those alarms (it must take each due
step once and read no other), and the list filtered on "breached" (median and p95 in ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import UTC, datetime, timedelta


def timed(fn, repeat: int = 15) -> dict:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 1), "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doleances.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from doleances.complaints.models import Complaint, Customer, Team
    from doleances.core.regulatory import PROFILES
    from doleances.sla.deadlines import Configuration, compute_due_dates
    from doleances.sla.models import Alarm, SweepCursor
    from doleances.sla.sweep import sweep

    call_command("migrate", verbosity=0)
    now = datetime.now(UTC).replace(microsecond=0)

    # --- due-date computation, pure --------------------------------------------------------
    config = Configuration(policies=[], closures={}, channel_targets={}, by_category={}, by_segment={})
    probe = Complaint(received_at=now, kind="complaint", priority="normal", channel="web", customer=Customer(segment=""))
    bases = []
    for profile in PROFILES:
        probe.regulatory_profile = profile
        bases.append(config.basis_for(probe))
    n = 20_000
    start = time.perf_counter()
    for i in range(n):
        compute_due_dates(now - timedelta(hours=i % 5000), bases[i % len(bases)], paused_seconds=i % 7 * 3600)
    per = (time.perf_counter() - start) / n * 1e6
    print(f"due-date computation: {per:.1f} µs per complaint (all six profiles, {n} complaints)")

    # --- data --------------------------------------------------------------------------------
    team, _ = Team.objects.get_or_create(name="Bench SLA")
    if not Complaint.objects.filter(reference__startswith="SLA-").exists():
        t0 = time.perf_counter()
        people = Customer.objects.bulk_create(
            [Customer(name=f"Client {i}", email=f"sla{i}@example.net", created_at=now) for i in range(args.open)], batch_size=5000
        )
        rows = []
        for i, person in enumerate(people):
            due_now = i < args.due
            answer = now - timedelta(minutes=5) if due_now else now + timedelta(days=5 + i % 40)
            rows.append(
                Complaint(
                    reference=f"SLA-2026-{i:06d}",
                    channel="web",
                    status="in_progress",
                    customer=person,
                    team=team,
                    subject="Retard",
                    description="Ma commande n'est jamais arrivée.",
                    received_at=now - timedelta(days=10),
                    registered_at=now - timedelta(days=10),
                    acknowledged_at=now - timedelta(days=10),
                    updated_at=now,
                    regulatory_profile="fr-payment-services",
                    answer_due_at=answer,
                    response_due_at=answer + timedelta(days=1),
                    next_due_at=answer,
                )
            )
        complaints = Complaint.objects.bulk_create(rows, batch_size=5000)
        alarms = []
        for c in complaints:
            for clock, step, at in (
                ("answer", "warn", c.answer_due_at - timedelta(days=3)),
                ("answer", "progress_report", c.answer_due_at - timedelta(days=1)),
                ("answer", "breach", c.answer_due_at),
                ("response", "breach", c.response_due_at),
            ):
                # Only the answer breach of the first `--due` complaints is due now.
                fire = (
                    at
                    if (c.answer_due_at < now and step == "breach" and clock == "answer")
                    else max(at, now + timedelta(hours=1))
                )
                alarms.append(
                    Alarm(
                        complaint=c,
                        clock=clock,
                        step=step,
                        fire_at=fire,
                        fired_at=now if fire < now and step != "breach" else None,
                    )
                )
        Alarm.objects.bulk_create(alarms, batch_size=10_000)
        last = max(c.pk for c in complaints)
        SweepCursor.objects.update_or_create(pk=1, defaults={"last_complaint_id": last})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE complaints_complaint, sla_alarm")
        print(f"filled {args.open} open complaints and {len(alarms)} alarms in {time.perf_counter() - t0:.1f} s")

    due = Alarm.objects.filter(fired_at__isnull=True, fire_at__lte=now).count()
    start = time.perf_counter()
    result = sweep(at=now, limit=max(due, 1))
    elapsed = time.perf_counter() - start
    open_count = Complaint.objects.filter(reference__startswith="SLA-").count()
    print(
        f"sweep ({connection.vendor}): {elapsed:.2f} s over {open_count} open complaints with {due} alarms due; "
        f"taken {result.taken}, rescheduled {result.rescheduled}, obsolete {result.obsolete}"
    )

    agent, created = User.objects.get_or_create(username="bench-sla-agent")
    if created:  # a handler of the team (no second factor for the agent role)
        agent.groups.add(Group.objects.get(name="agent"))
        team.members.add(agent)
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(agent)
    total = Complaint.objects.count()

    def breached() -> None:
        assert client.get("/agent/complaints/", {"deadline": "breached", "sort": "due"}).status_code == 200

    print(f"list filtered on breached ({total} complaints): {timed(breached)}")


if __name__ == "__main__":
    main()

"""Routing speed (issue 18): one complaint through 200 rules and an assignment strategy, and the
bulk assignment of 500 cases, on a fresh database in a temporary data folder.

    .venv/bin/python bench/routing_bench.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/doleances_bench .venv/bin/python bench/routing_bench.py

Routing is timed without the NLP reading (the analysis is stored once beforehand): the 199 rules
that do not match each fail on a different condition, keywords included; the last one matches and
gives the case to the least loaded of a 12-person team. Each routed case is rolled back. Prints
median and p95 in ms, and the bulk time in seconds.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from decimal import Decimal


def main() -> None:
    os.environ.setdefault("DOLEANCES_DATA_DIR", tempfile.mkdtemp(prefix="routing-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doleances.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group, User

    from doleances.analysis.models import ComplaintAnalysis
    from doleances.complaints.models import Team
    from doleances.core import clock
    from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint
    from doleances.routing.models import RoutingRule
    from doleances.routing.services import analyse_complaint

    ComplaintAnalysis.objects.all().delete()
    RoutingRule.objects.all().delete()
    team = Team.objects.create(name=f"Bench {time.time_ns()}")
    agents = Group.objects.get(name="agent")
    people = []
    for n in range(12):
        person = User.objects.create_user(username=f"bench{time.time_ns()}{n}")
        person.groups.add(agents)
        team.members.add(person)
        people.append(person)
    supervisor = User.objects.create_user(username=f"benchsup{time.time_ns()}", is_superuser=True)
    failing = [
        {"channel": "phone"},
        {"kind": "request"},
        {"segment": "Collectivités"},
        {"min_amount": Decimal("100000")},
        {"keywords": "mise en demeure, tribunal, avocat, huissier"},
        {"min_risk_score": 99},
        {"language": "de"},
        {"vip_only": True},
    ]
    for n in range(199):
        RoutingRule.objects.create(name=f"R{n}", order=n, set_priority="high", **failing[n % len(failing)])
    RoutingRule.objects.create(name="Catch-all", order=1000, set_team=team, set_strategy="least_loaded")
    at = clock.now()
    cases = []
    with transaction.atomic():
        for n in range(560):
            cases.append(
                receive_complaint(
                    CustomerDetails(name=f"Client {n}", email=f"client{n}@example.org"),
                    ComplaintDetails(subject="Facture", description=f"Ma facture {n} est fausse.", consent=True),
                    at=at,
                )
            )
    analyse_complaint(cases[0])  # reads the text once: routing below reuses the stored analysis
    analysis = ComplaintAnalysis.objects.get(complaint=cases[0])
    for preloaded in (False, True):
        measure(preloaded, cases, analysis, at)
    bulk_assign(cases, team, people, supervisor)


def measure(preloaded: bool, cases, analysis, at) -> None:

    from django.db import transaction

    from doleances.complaints.models import Complaint
    from doleances.routing.services import active_rules, apply_routing_rules

    rules = active_rules()
    samples = []
    for n in range(60):
        with transaction.atomic():
            complaint = Complaint.objects.get(pk=cases[n % 60 + 1].pk)
            analysis.complaint = complaint
            start = time.perf_counter()
            rule = apply_routing_rules(complaint, analysis, at=at, rules=rules if preloaded else None)
            samples.append((time.perf_counter() - start) * 1000)
            assert rule is not None
            assert rule.name == "Catch-all"
            transaction.set_rollback(True)
    samples = sorted(samples[5:])
    how = "rules loaded once per batch, as the analysis task does" if preloaded else "rules loaded for this complaint"
    print(
        f"routing one complaint ({how}), 200 rules + least loaded (12 people): median {statistics.median(samples):.2f} ms, "
        f"p95 {samples[int(len(samples) * 0.95) - 1]:.2f} ms"
    )


def bulk_assign(cases, team, people, supervisor) -> None:
    from doleances.complaints.models import Complaint
    from doleances.routing.bulk import apply_to_many

    bulk = [c.reference for c in cases[60:560]]
    Complaint.objects.filter(reference__in=bulk).update(team=team)
    start = time.perf_counter()
    summary = apply_to_many(supervisor, bulk, action="assign", assignee=people[0])
    elapsed = time.perf_counter() - start
    print(
        f"bulk assignment of {len(summary.done)} cases ({len(summary.refused)} refused): {elapsed:.2f} s "
        f"({elapsed / max(len(summary.done), 1) * 1000:.1f} ms per case)"
    )


if __name__ == "__main__":
    main()

"""Time the customer search of the "New complaint" screen (issue 17) as the directory grows.

    .venv/bin/python bench/customer_search.py [--sizes 10000,100000]

Builds a fresh SQLite database per size in a temporary data folder (or uses DATABASE_URL, emptied
of customers first: never point it at real data), fills it with customers, then times
`customer_selectors.search_customers` for an email address, a phone number, a customer number and
a name prefix. Prints the median and p95 in ms per kind of query: they must not grow with the
number of customers (each is an index lookup; tests/complaints/test_customers.py checks the plans).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

FIRST = ["Jeanne", "Paul", "Marie", "Louis", "Camille", "Hugo", "Léa", "Jules", "Chloé", "Noé", "Inès", "Émile"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Lefèvre", "Moreau", "Girard"]


def fill(count: int) -> None:
    from doleances.complaints.models import Customer, name_key
    from doleances.core import clock

    rng = random.Random(17)
    at = clock.now()
    Customer.objects.all().delete()
    batch = []
    for n in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{n}"
        batch.append(
            Customer(
                name=name,
                name_key=name_key(name),
                email=f"client{n}@example.org",
                phone=f"+3361{n:07d}",
                customer_number=f"C-{n:07d}",
                created_at=at,
            )
        )
        if len(batch) == 5000:
            Customer.objects.bulk_create(batch)
            batch = []
    Customer.objects.bulk_create(batch)


def timed(call, queries: list[str]) -> dict:
    samples = []
    for n, query in enumerate(queries):
        start = time.perf_counter()
        call(query)
        if n >= 3:  # warm-up
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 3), "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3)}


def run(count: int) -> dict:
    from django.contrib.auth.models import Group, User

    from doleances.complaints import customer_selectors

    fill(count)
    agent, _ = User.objects.get_or_create(username="bench-agent")
    agent.groups.add(Group.objects.get(name="agent"))
    rng = random.Random(3)
    picks = [rng.randrange(count) for _ in range(53)]

    def search(query: str) -> None:
        customer_selectors.search_customers(agent, query)

    return {
        "email": timed(search, [f"client{n}@example.org" for n in picks]),
        "phone": timed(search, [f"06 1{n // 1000000} {n % 1000000:06d}"[:14] for n in picks]),
        "customer number": timed(search, [f"C-{n:07d}" for n in picks]),
        "name prefix": timed(search, [rng.choice(FIRST) + " " + rng.choice(LAST)[:3] for _ in picks]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if not os.environ.get("DATABASE_URL"):
        os.environ["DOLEANCES_DATA_DIR"] = tempfile.mkdtemp(prefix="doleances-bench-customers-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doleances.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    for size in sizes:
        for kind, figures in run(size).items():
            print(f"{size:>8} customers  {kind:<16} median {figures['median_ms']:>7} ms   p95 {figures['p95_ms']:>7} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

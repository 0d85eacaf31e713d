"""Time the lookups that intake runs inside its write transaction, on a filled database.

    DOLEANCES_DATA_DIR=/work/benchdata/100k .venv/bin/python bench/intake_lookups.py

For a known customer's address and for a new one: `find_or_create_customer` (the customer found
by address) and `acknowledgement_limit_reached` (the acknowledgements mailed to that address in
the period). Each call runs in a transaction that is rolled back: nothing is written. Prints the
median and p95 in ms; these must not grow with the number of customers and events.
"""

from __future__ import annotations

import os
import random
import statistics
import time


def timed(call, repeat: int = 30) -> dict:
    from django.db import transaction

    samples = []
    for n in range(repeat + 3):
        with transaction.atomic():
            start = time.perf_counter()
            call(n)
            elapsed = (time.perf_counter() - start) * 1000
            transaction.set_rollback(True)
        if n >= 3:  # the first calls warm the caches
            samples.append(elapsed)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 2), "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2)}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doleances.settings")
    import django

    django.setup()
    from doleances.complaints.models import Customer
    from doleances.core import clock
    from doleances.intake.services import CustomerDetails, acknowledgement_limit_reached, find_or_create_customer

    rng = random.Random(3)
    top = Customer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    known = []
    while len(known) < 40 and top:
        customer = Customer.objects.filter(pk=rng.randint(1, top)).exclude(email="").first()
        if customer:
            known.append(customer)
    at = clock.now()

    def find(email: str):
        return find_or_create_customer(CustomerDetails(name="x", email=email), at=at)

    results = {
        "customers": Customer.objects.count(),
        "find_known_customer": timed(lambda n: find(known[n % 40].email)),
        "find_new_customer": timed(lambda n: find(f"new{n}@example.net")),
        "acknowledgements_of_known_address": timed(lambda n: acknowledgement_limit_reached(known[n % 40], at=at)),
    }
    for name, value in results.items():
        print(f"{name:36} {value}")


if __name__ == "__main__":
    main()

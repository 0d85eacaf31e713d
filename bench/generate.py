"""Fill a database with N realistic complaints fast (bulk inserts), for list/search/API benchmarks.

    DOLEANCES_DATA_DIR=/tmp/bench-100k .venv/bin/python bench/generate.py 100000

Complaints get valid references, customers, teams, statuses spread over the lifecycle, received
dates over two years, and their first two audit events with a valid hash chain (so
`doleances audit verify` passes on the result). Prints rows per second.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doleances.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from doleances.complaints.enums import Channel, Kind, Status, Visibility
    from doleances.complaints.models import Complaint, ComplaintEvent, Customer, Team
    from doleances.core.hashchain import GENESIS, KEYED, keyed_chain_hash
    from doleances.core.models import ReferenceCounter
    from doleances.core.references import format_reference

    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    rng = random.Random(42)
    teams = [Team.objects.get_or_create(name=f"Équipe {n}")[0] for n in range(1, 9)]
    statuses = [s for s in Status.values if s != Status.RECEIVED]
    subjects = [
        "Facture erronée",
        "Colis non livré",
        "Coupure internet",
        "Frais injustifiés",
        "Conseiller injoignable",
        "Wrong bill",
        "Parcel never arrived",
        "Refund not received",
    ]
    now = datetime.now(UTC)
    start = time.perf_counter()
    batch = 5000
    made = 0
    prefix = "REC"
    counters: dict[int, int] = {}
    for row in ReferenceCounter.objects.filter(prefix=prefix):
        counters[row.year] = row.last_number
    while made < total:
        size = min(batch, total - made)
        with transaction.atomic():
            customers = Customer.objects.bulk_create(
                [Customer(name=f"Client {made + i}", email=f"client{made + i}@example.org", created_at=now) for i in range(size)]
            )
            complaints = []
            for i, customer in enumerate(customers):
                received = now - timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
                counters[received.year] = counters.get(received.year, 0) + 1
                complaints.append(
                    Complaint(
                        reference=format_reference(prefix, received.year, counters[received.year]),
                        kind=rng.choice(Kind.values),
                        channel=rng.choice(Channel.values),
                        status=rng.choice(statuses),
                        customer=customer,
                        subject=rng.choice(subjects),
                        description=f"Réclamation générée numéro {made + i} : le client signale un problème de facturation.",
                        team=rng.choice(teams),
                        received_at=received,
                        registered_at=received,
                        updated_at=received,
                        acknowledged_at=received,
                        response_due_at=received + timedelta(days=14),
                        acknowledgement_due_at=received + timedelta(days=2),
                        portal_token=f"bench-{made + i}-{rng.getrandbits(64):x}",
                    )
                )
            events = []
            for complaint in complaints:  # chained before saving: the complaint records its head
                previous = GENESIS
                for sequence, action in enumerate(("complaint.received", "complaint.acknowledged"), start=1):
                    event = ComplaintEvent(
                        complaint=complaint,
                        sequence=sequence,
                        action=action,
                        visibility=Visibility.PUBLIC,
                        data={},
                        created_at=complaint.received_at,
                        previous_hash=previous,
                        chain=KEYED,
                    )
                    event.hash = keyed_chain_hash(settings.DOLEANCES_AUDIT_KEY, previous, event.chained_content())
                    previous = event.hash
                    events.append(event)
                complaint.audit_sequence, complaint.audit_head = 2, previous
            Complaint.objects.bulk_create(complaints)
            ComplaintEvent.objects.bulk_create(events)
            for year, number in counters.items():
                ReferenceCounter.objects.update_or_create(prefix=prefix, year=year, defaults={"last_number": number})
        made += size
        print(f"{made} complaints ({made / (time.perf_counter() - start):.0f}/s)", flush=True)
    print(f"done: {Complaint.objects.count()} complaints in the database")


if __name__ == "__main__":
    main()

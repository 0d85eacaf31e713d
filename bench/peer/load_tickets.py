"""Fill django-helpdesk with N tickets made of the same texts as bench/generate.py's complaints.

Run by bench/side_by_side.py with the peer's own interpreter (PYTHONPATH=bench/peer:bench):

    PEER_DATABASE=helpdesk.sqlite3 python load_tickets.py 100000

Queues stand for Doléances' teams, tickets for complaints: the same mix of French and English
texts with the customer's greeting and signature, two years of creation dates, statuses by age
(recent ones open, old ones closed), handlers assigned to what is being handled. Each ticket
has the follow-up the public form writes ("Ticket Opened", the text again) and one per change of
status, as helpdesk records them. Creates the staff user `bench-staff`.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk_bench.settings")

import django  # (after the settings module is named)

django.setup()

import corpus  # noqa: E402  (bench/corpus.py)
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from helpdesk.models import FollowUp, Queue, Ticket, mk_secret  # noqa: E402

PASSWORD = "bench-password-2026"
OPEN, REOPENED, RESOLVED, CLOSED = 1, 2, 3, 4


def main() -> None:
    total = int(sys.argv[1])
    call_command("migrate", verbosity=0)
    rng = random.Random(42)
    User = get_user_model()
    staff = User.objects.filter(username="bench-staff").first() or User.objects.create_user(
        "bench-staff", "bench-staff@example.org", PASSWORD, is_staff=True
    )
    teams = sorted({team for _language, team, _phrases in corpus.CATEGORIES.values()})
    queues = {}
    for team in teams:
        slug = "".join(c for c in team.lower() if c.isalnum())[:40]
        queues[team] = Queue.objects.get_or_create(slug=slug, defaults={"title": team, "allow_public_submission": True})[0]
    handlers = {
        team: [
            User.objects.get_or_create(username=f"handler-{queue.pk}-{n}", defaults={"is_staff": True})[0] for n in range(1, 4)
        ]
        for team, queue in queues.items()
    }
    texts = corpus.load_texts(seed=rng.randrange(1 << 30))
    by_language = corpus.texts_by_language(texts)
    now = datetime.now(UTC)
    start = time.perf_counter()
    made = 0
    while made < total:
        size = min(5000, total - made)
        tickets, followups = [], []
        for i in range(made, made + size):
            text = texts[corpus.pick_text(texts, rng, by_language)]
            who = corpus.person(i, text.language, rng)
            letter = corpus.letter(text, who, rng)
            created = now - timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
            age = (now - created).days
            if age < 30:
                status = rng.choices([OPEN, REOPENED, RESOLVED], [80, 5, 15])[0]
            elif age < 90:
                status = rng.choices([OPEN, RESOLVED, CLOSED], [15, 25, 60])[0]
            else:
                status = rng.choices([RESOLVED, CLOSED], [7, 93])[0]
            team = corpus.CATEGORIES[text.category][1]
            handled = status != OPEN or rng.random() < 0.5
            modified = min(now, created + timedelta(days=rng.uniform(0, 20)))
            ticket = Ticket(
                title=text.subject[:200],
                queue=queues[team],
                created=created,
                modified=modified,
                submitter_email=who.email or f"client{i}@example.org",
                assigned_to=rng.choice(handlers[team]) if handled else None,
                status=status,
                description=letter.description,
                priority=rng.choices([1, 2, 3, 4, 5], [3, 10, 70, 10, 7])[0],
                secret_key=mk_secret(),
            )
            tickets.append(ticket)
        with transaction.atomic():
            Ticket.objects.bulk_create(tickets)
            for ticket in tickets:
                followups.append(
                    FollowUp(
                        ticket=ticket, date=ticket.created, title="Ticket Opened Via Web", comment=ticket.description, public=True
                    )
                )
                if ticket.status in (RESOLVED, CLOSED):
                    title = "Resolved" if ticket.status == RESOLVED else "Closed"
                    followups.append(
                        FollowUp(
                            ticket=ticket,
                            date=ticket.modified,
                            title=title,
                            comment="",
                            public=True,
                            user=ticket.assigned_to,
                            new_status=ticket.status,
                        )
                    )
            FollowUp.objects.bulk_create(followups)
        made += size
        print(f"{made} tickets ({made / (time.perf_counter() - start):.0f}/s)", flush=True)
    print(f"staff user: {staff.username}")


if __name__ == "__main__":
    main()

"""Latency of the screens that read many rows, on a database filled by bench/generate.py.

    .venv/bin/python bench/generate.py 100k            # into /work/benchdata/100k
    DOLEANCES_DATA_DIR=/work/benchdata/100k .venv/bin/python bench/lists.py [--skip-audit]

Measures, in-process through Django's test client (no network), the agent list (first page,
a deep page by cursor, filters, search by reference, customer, word and phrase), the complaint
page, the API list (first and a deep cursor page) and `audit verify` over every chain. Prints
median and p95 in ms. Adds a superuser `bench-admin` and an API key to the database.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time


def timed(fn, repeat: int = 15) -> dict:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 1), "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1)}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doleances.settings")
    # bench-admin is a superuser signed in by force_login: no second factor to give in-process.
    os.environ.setdefault("DOLEANCES_2FA_REQUIRED_ROLES", "none")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client

    from doleances.api.keys import create_api_key
    from doleances.complaints.events import verify_all_chains
    from doleances.complaints.models import Complaint, Team

    call_command("migrate", verbosity=0)
    total = Complaint.objects.count()
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True, "is_staff": True})
    # bench/generate.py makes `bench-agent` a member of the intake team; on other data, the first team.
    agent, created = User.objects.get_or_create(username="bench-agent")
    if created:
        agent.groups.add(Group.objects.get(name="agent"))
        Team.objects.order_by("pk").first().members.add(agent)
    team = agent.teams.order_by("pk").first()
    staff, scoped = Client(HTTP_ACCEPT_LANGUAGE="fr"), Client(HTTP_ACCEPT_LANGUAGE="fr")
    staff.force_login(admin)
    scoped.force_login(agent)

    def check(response) -> None:
        assert response.status_code == 200, response.status_code

    page = staff.get("/agent/complaints/").content.decode()
    older = re.findall(r'href="(\?[^"]*after=[^"]*)"', page)
    deep_cursor = older[0].replace("&amp;", "&") if older else ""
    reference = Complaint.objects.order_by("-received_at").values_list("reference", flat=True)[total // 2]
    key = create_api_key(name=f"bench-{time.time_ns()}", teams=[team]).secret
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    first = api.get("/api/v1/complaints").json()
    next_url = first.get("next") or ""
    for _ in range(20):  # walk 20 pages deep
        if not next_url:
            break
        next_url = api.get(next_url).json().get("next") or ""

    results = {
        "complaints": total,
        "agent_list_first_page_admin": timed(lambda: check(staff.get("/agent/complaints/"))),
        "agent_list_first_page_team_agent": timed(lambda: check(scoped.get("/agent/complaints/"))),
        "agent_list_next_page": timed(lambda: check(staff.get("/agent/complaints/" + deep_cursor))),
        "agent_list_status_filter": timed(lambda: check(staff.get("/agent/complaints/", {"status": "waiting_customer"}))),
        "agent_list_overdue": timed(lambda: check(staff.get("/agent/complaints/", {"overdue": "on"}))),
        "agent_list_search_reference": timed(lambda: check(staff.get("/agent/complaints/", {"q": reference}))),
        "agent_list_search_text": timed(lambda: check(staff.get("/agent/complaints/", {"q": "Martin"})), repeat=5),
        # Free text over subject and description (bench/corpus.py texts): a common word, a phrase,
        # a rare word, a word used nowhere (the worst case for a scan), a common word for a team agent.
        "agent_list_search_word": timed(lambda: check(staff.get("/agent/complaints/", {"q": "fibre"})), repeat=5),
        "agent_list_search_phrase": timed(lambda: check(staff.get("/agent/complaints/", {"q": '"service client"'})), repeat=5),
        "agent_list_search_rare_word": timed(lambda: check(staff.get("/agent/complaints/", {"q": "angoulême"})), repeat=5),
        "agent_list_search_absent_word": timed(lambda: check(staff.get("/agent/complaints/", {"q": "introuvable"})), repeat=5),
        "agent_list_search_word_team_agent": timed(lambda: check(scoped.get("/agent/complaints/", {"q": "fibre"})), repeat=5),
        "complaint_page": timed(lambda: check(staff.get(f"/agent/complaints/{reference}/"))),
        "api_list_first_page": timed(lambda: check(api.get("/api/v1/complaints"))),
        "api_list_page_21": timed(lambda: check(api.get(next_url))) if next_url else None,
    }
    if "--skip-audit" not in sys.argv:
        start = time.perf_counter()
        broken = sum(1 for _ in verify_all_chains())
        results["audit_verify_seconds"] = round(time.perf_counter() - start, 1)
        results["audit_verify_broken"] = broken
    for name, value in results.items():
        print(f"{name:38} {value}")
    print(json.dumps({"lists": results}))


if __name__ == "__main__":
    main()

"""Fill a database with N realistic complaints fast (bulk inserts), for list/search/case/intake benchmarks.

    .venv/bin/python bench/generate.py 100k                       # SQLite in /work/benchdata/100k
    .venv/bin/python bench/generate.py 1m --postgres doleances_bench_1m   # PostgreSQL (data dir 1m-pg)
    .venv/bin/python bench/generate.py 10000 --data-dir /tmp/bench-10k

What the database then holds (texts from `bench/corpus.py`: real complaint narratives, French and
English, of real length):
* a desk: teams, categories with their cold-start keywords, handlers (password `BENCH_PASSWORD`),
  `bench-agent` in the intake team;
* customers with real-looking names, lower-cased addresses and E.164 phone numbers; about one
  complaint in five comes from a customer who already complained;
* complaints over two years, statuses following their age (recent ones open, old ones closed),
  categories, teams and assignees as qualification would set them, a valid reference each;
* their audit trail: one event per step of the lifecycle (received, acknowledged, ... closed)
  with a valid keyed hash chain, so `doleances audit verify` passes;
* every complaint analysed, as `routing.services.analyse_complaints` would write it: each
  distinct text is analysed once by the real pipeline (`nlp.pipeline.analyse_many` with the
  desk's keyword rules) and the result reused with its evidence offsets shifted past the
  customer's greeting; the fingerprint and the risk score (customer value, VIP, complaints in
  the last 90 days) are computed per complaint; a customer typology row per customer;
* the similarity index (`doleances nlp index`), unless --no-similarity-index.

SQLite is left without ANALYZE statistics, as a real installation is (the app never runs it);
PostgreSQL gets ANALYZE, as its autovacuum would. Prints rows per second.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

BENCH_ROOT = Path(os.environ.get("DOLEANCES_BENCH_ROOT", "/work/benchdata"))
BENCH_PASSWORD = "bench-password-2026"
SIZES = {"k": 1_000, "m": 1_000_000}
REPEAT_CUSTOMER_SHARE = 0.22
CHANNELS = {"web": 40, "email": 25, "phone": 10, "api": 8, "letter": 5, "chat": 5, "social": 5, "review": 2}
HANDLERS_PER_TEAM = 3
PRIOR_WINDOW = timedelta(days=90)
TYPOLOGY_TEXTS = 10
CACHE_FORMAT = 2  # of the analysed texts kept in BENCH_ROOT/.cache: bump when _template changes


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    if text[-1:] in SIZES:
        return int(float(text[:-1]) * SIZES[text[-1]])
    return int(text)


def size_label(total: int) -> str:
    if total >= 1_000_000 and total % 1_000_000 == 0:
        return f"{total // 1_000_000}m"
    if total >= 1_000 and total % 1_000 == 0:
        return f"{total // 1_000}k"
    return str(total)


def analysis_models():
    """The analysis models and what builds the similarity index, in one place: they are moving
    from `doleances.routing` to `doleances.analysis`; re-point these imports when they do."""
    from doleances.analysis.models import CategoryKeywords, ComplaintAnalysis, CustomerTypology
    from doleances.analysis.similarity_index import build_similarity_index

    return ComplaintAnalysis, CustomerTypology, CategoryKeywords, build_similarity_index


def create_postgres_database(name: str) -> str:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", nargs="?", default="100k", help="complaints to add: 10000, 100k, 1m (default 100k)")
    parser.add_argument("--data-dir", help=f"default: $DOLEANCES_DATA_DIR, else {BENCH_ROOT}/<size>[-pg]")
    parser.add_argument("--postgres", metavar="NAME", help="fill this PostgreSQL database (created if missing)")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-similarity-index", action="store_true")
    args = parser.parse_args()
    total = parse_size(args.size)
    if args.postgres:
        os.environ["DATABASE_URL"] = create_postgres_database(args.postgres)
    pg = bool(os.environ.get("DATABASE_URL"))
    data_dir = (
        args.data_dir or os.environ.get("DOLEANCES_DATA_DIR") or str(BENCH_ROOT / (size_label(total) + ("-pg" if pg else "")))
    )
    os.environ["DOLEANCES_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doleances.settings")
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    print(f"data folder {data_dir}" + (f", database {os.environ['DATABASE_URL']}" if pg else ""), flush=True)
    import django

    django.setup()
    Generator(total, batch=args.batch, seed=args.seed).run(similarity_index=not args.no_similarity_index)


class Generator:
    def __init__(self, total: int, *, batch: int, seed: int) -> None:
        from django.conf import settings
        from django.core.management import call_command

        from doleances.complaints.models import Complaint, ComplaintEvent, Customer

        call_command("migrate", verbosity=0)
        ComplaintAnalysis, CustomerTypology, _keywords, _index = analysis_models()
        self.total, self.batch = total, batch
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC)
        self.rows = 0
        self.audit_key = settings.DOLEANCES_AUDIT_KEY
        models = {
            "customer": Customer,
            "complaint": Complaint,
            "event": ComplaintEvent,
            "analysis": ComplaintAnalysis,
            "typology": CustomerTypology,
        }
        self.tables = {name: Table(model) for name, model in models.items()}
        self.ids = Ids(models)
        # Per customer: their complaints (received, text, channel) for the 90-day count of the risk
        # score and the typology; and pk → (language, VIP, yearly value, name, has an address).
        self.history: dict[int, list[tuple[datetime, int, str]]] = {}
        self.customers: dict[int, tuple[str, bool, float | None, str, bool]] = {}
        self.by_language: dict[str, list[int]] = {"fr": [], "en": []}
        self.body_forms: dict[int, str] = {}
        check_chained_content()

    # -- the desk ---------------------------------------------------------------------------
    def make_desk(self) -> None:
        from django.contrib.auth.models import Group

        from doleances.complaints.models import Category, Team

        _analysis, _typology, CategoryKeywords, _index = analysis_models()
        self.teams = {}
        for _language, team_name, _phrases in corpus.CATEGORIES.values():
            self.teams[team_name] = Team.objects.get_or_create(name=team_name)[0]
        intake = self.teams["Service réclamations"]
        if not Team.objects.filter(is_intake=True).exists():
            Team.objects.filter(pk=intake.pk).update(is_intake=True)
        self.intake = Team.objects.get(is_intake=True)
        self.categories = {}
        for name, (_language, team_name, phrases) in corpus.CATEGORIES.items():
            category = Category.objects.get_or_create(name=name, parent=None, defaults={"default_team": self.teams[team_name]})[0]
            CategoryKeywords.objects.get_or_create(category=category, defaults={"phrases": phrases})
            self.categories[name] = category
        agent_group = Group.objects.get(name="agent")
        names = iter(f"{f} {n}" for f, n in zip(corpus.FIRST_NAMES["fr"] * 2, corpus.LAST_NAMES["fr"][::-1] * 2, strict=False))
        self.handlers: dict[int, list[tuple[int, str]]] = {}
        for team in self.teams.values():
            for number in range(1, HANDLERS_PER_TEAM + 1):
                first, last = next(names).split(" ", 1)
                user = self._user(f"agent-{team.pk}-{number}", first, last, agent_group)
                team.members.add(user)
                self.handlers.setdefault(team.pk, []).append((user.pk, f"{first} {last}"))
        bench_agent = self._user("bench-agent", "Bench", "Agent", agent_group)
        self.intake.members.add(bench_agent)

    @staticmethod
    def _user(username: str, first: str, last: str, group):
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import User

        user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        if created:
            user.email = f"{username}@staff.example.org"
            user.password = _password_hash(make_password)  # hashed once: each hash takes a second on purpose
            user.save()
        user.groups.add(group)
        return user

    # -- the texts, analysed once each --------------------------------------------------------
    def analyse_texts(self) -> None:
        from doleances.nlp import pipeline
        from doleances.nlp.classifier import KeywordRules

        start = time.perf_counter()
        self.texts = corpus.load_texts(seed=self.rng.randrange(1 << 30))
        self.text_ids = corpus.texts_by_language(self.texts)
        rules = {name: phrases.splitlines() for name, (_l, _t, phrases) in corpus.CATEGORIES.items()}
        # Analysing the distinct texts takes minutes: the results are kept, keyed by the texts,
        # the rules and the source of the nlp package (a change in either analyses again).
        nlp_source = sorted(Path(pipeline.__file__).parent.glob("*.py"))
        key = hashlib.sha256(pickle.dumps((CACHE_FORMAT, [t.analysed for t in self.texts], rules)))
        for path in nlp_source:
            key.update(path.read_bytes())
        cache = BENCH_ROOT / ".cache" / f"analysed-{key.hexdigest()[:16]}.pickle"
        if cache.exists():
            self.templates = pickle.loads(cache.read_bytes())
            print(f"analyses of {len(self.texts)} distinct texts read from {cache}", flush=True)
        else:
            self.templates = []
            for at in range(0, len(self.texts), 500):
                part = self.texts[at : at + 500]
                results = pipeline.analyse_many([t.analysed for t in part], keyword_rules=KeywordRules(rules))
                self.templates += [self._template(result) for result in results]
                print(f"\ranalysed {len(self.templates)}/{len(self.texts)} distinct texts", end="", flush=True)
            print(f" ({len(self.texts) / (time.perf_counter() - start):.0f}/s)", flush=True)
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.with_suffix(".tmp").write_bytes(pickle.dumps(self.templates))
            cache.with_suffix(".tmp").replace(cache)
        # Copy-paste campaigns: a few texts many customers send word for word, unsigned.
        self.campaigns = [corpus.pick_text(self.texts, self.rng, self.text_ids) for _ in range(max(20, self.total // 2000))]

    @staticmethod
    def _template(result) -> tuple[dict, object, object]:
        """What `routing.services._store` writes for this text (offsets into `Text.analysed`, the
        suggested category by name), and what the risk score is computed from."""
        from dataclasses import asdict

        suggestion = result.category
        facts = asdict(result.facts)
        template = {
            "language": result.language.code,
            "language_confidence": round(float(result.language.confidence), 4),
            "suggested_category": suggestion.label if suggestion else None,
            "category_confidence": round(float(suggestion.confidence), 4) if suggestion else 0.0,
            "category_source": suggestion.source if suggestion else "",
            "alternatives": [[name, round(float(p), 4)] for name, p in suggestion.alternatives] if suggestion else [],
            "tone": result.tone.label,
            "tone_score": round(float(result.tone.score), 4),
            "tone_evidence": [{"phrase": e.phrase, "start": e.start, "end": e.end, "kind": e.kind} for e in result.tone.evidence],
            "risk_flags": {
                flag: [{"phrase": e.phrase, "start": e.start, "end": e.end} for e in evidence]
                for flag, evidence in result.risk_flags.flags.items()
                if evidence
            },
            "facts": {key: facts[key] for key in ("dates", "amounts", "references", "products", "commitments", "vague_markers")},
            "is_vague": bool(result.facts.is_vague),
            "missing_facts": list(result.facts.missing),
            "model_version": "",
            "category_decision": "",
        }
        return template, result.risk_flags, result.tone

    # -- the complaints ----------------------------------------------------------------------
    def run(self, *, similarity_index: bool) -> None:
        from django.db import connection

        from doleances.complaints.models import Complaint

        self.make_desk()
        self.analyse_texts()
        start = time.perf_counter()
        made = 0
        while made < self.total:
            size = min(self.batch, self.total - made)
            self.write_batch(made, size)
            made += size
            elapsed = time.perf_counter() - start
            print(f"{made} complaints ({made / elapsed:.0f} complaints/s, {self.rows / elapsed:.0f} rows/s)", flush=True)
        self.write_typologies()
        elapsed = time.perf_counter() - start
        print(f"rows written: {self.rows} in {elapsed:.0f} s ({self.rows / elapsed:.0f} rows/s)", flush=True)
        if similarity_index:
            started = time.perf_counter()
            _a, _t, _k, build_similarity_index = analysis_models()
            folder, count = build_similarity_index()
            print(f"similarity index: {count} texts in {time.perf_counter() - started:.0f} s ({folder})", flush=True)
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            with connection.cursor() as cursor:  # the ids were given explicitly: move the sequences on
                for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in self.tables.values()]):
                    cursor.execute(sql)
                cursor.execute("ANALYZE")
        print(f"done: {Complaint.objects.count()} complaints in the database")

    def write_batch(self, made: int, size: int) -> None:
        from django.db import transaction

        from doleances.core.models import ReferenceCounter

        plans = [self._plan(made + i) for i in range(size)]
        with transaction.atomic():
            customers = []
            for plan in plans:
                if plan["customer_pk"] is None:
                    row = plan.pop("customer")
                    plan["customer_pk"] = row["id"] = self.ids.next("customer")
                    who = plan["person"]
                    self.customers[row["id"]] = (
                        who.language,
                        row["is_vip"],
                        _float(row["annual_value"]),
                        who.name,
                        bool(who.email),
                    )
                    self.by_language[who.language].append(row["id"])
                    customers.append(row)
            counters = {row.year: row.last_number for row in ReferenceCounter.objects.filter(prefix=self.prefix)}
            complaints, events, analyses = [], [], []
            for plan in plans:
                year = plan["registered"].year
                counters[year] = counters.get(year, 0) + 1
                complaint = self._complaint(plan, counters[year])
                events += self._events(complaint, plan)
                analyses.append(self._analysis(complaint, plan))
                complaints.append(complaint)
            self.tables["customer"].insert(customers)
            self.tables["complaint"].insert(complaints)
            self.tables["event"].insert(events)
            self.tables["analysis"].insert(analyses)
            for year, number in counters.items():
                ReferenceCounter.objects.update_or_create(prefix=self.prefix, year=year, defaults={"last_number": number})
        self.rows += len(customers) + len(complaints) + len(events) + len(analyses)

    @property
    def prefix(self) -> str:
        from django.conf import settings

        return settings.DOLEANCES_REFERENCE_PREFIX

    def _plan(self, index: int) -> dict:
        """Who complains about what, when, and how far the case went."""
        rng = self.rng
        campaign = rng.random() < corpus.CAMPAIGN_SHARE
        text_id = rng.choice(self.campaigns) if campaign else corpus.pick_text(self.texts, rng, self.text_ids)
        text = self.texts[text_id]
        received = self.now - timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
        plan: dict = {"index": index, "text_id": text_id, "received": received, "campaign": campaign}
        known = self.by_language[text.language]
        if known and rng.random() < REPEAT_CUSTOMER_SHARE:
            plan["customer_pk"] = rng.choice(known)
            _language, _vip, _value, name, has_email = self.customers[plan["customer_pk"]]
            plan["person"] = corpus.Person(name, "x" if has_email else "", "", text.language)  # what the letter needs
        else:
            who = corpus.person(index, text.language, rng)
            vip = rng.random() < 0.005
            value = None
            if vip or rng.random() < 0.03:
                value = Decimal(rng.randrange(5_000, 120_000))
            elif rng.random() < 0.25:
                value = Decimal(rng.randrange(100, 2_500))
            plan["customer_pk"] = None
            plan["person"] = who
            plan["customer"] = {
                "kind": "external",
                "name": who.name,
                "email": who.email,
                "phone": who.phone,
                "language": who.language,
                "is_vip": vip,
                "annual_value": value,
                "segment": "Entreprises" if value and value > 5000 else "",
                "created_at": received,
            }
        email_given = bool(plan["person"].email)
        channels = CHANNELS if email_given else {"phone": 6, "letter": 3, "in_person": 1}
        plan["channel"] = rng.choices(list(channels), list(channels.values()))[0]
        plan["registered"] = received + (timedelta(hours=rng.randint(2, 72)) if plan["channel"] == "letter" else timedelta())
        plan["letter"] = corpus.letter(text, plan["person"], rng, campaign=campaign)
        plan["remedy"] = corpus.remedy(text.language, rng)
        plan["claim"] = rng.random() < 0.4
        plan["amount"] = Decimal(rng.randrange(500, 300_000)) / 100 if plan["claim"] and rng.random() < 0.5 else None
        plan["steps"] = self._steps(plan["registered"])
        plan["emailed"] = email_given
        return plan

    def _steps(self, registered: datetime) -> list[tuple[str, datetime]]:
        """The statuses the case went through, each with its date (none in the future)."""
        rng = self.rng
        age = (self.now - registered).days
        if age < 3:
            final = rng.choices(["acknowledged", "qualified", "in_progress"], [60, 25, 15])[0]
        elif age < 30:
            final = rng.choices(
                ["qualified", "in_progress", "waiting_customer", "answered", "resolved", "withdrawn"], [10, 30, 15, 25, 15, 5]
            )[0]
        elif age < 90:
            final = rng.choices(
                ["in_progress", "waiting_customer", "answered", "resolved", "closed", "withdrawn"], [5, 5, 15, 20, 50, 5]
            )[0]
        else:
            final = rng.choices(["resolved", "closed", "withdrawn"], [5, 88, 7])[0]
        path = {
            "acknowledged": ["acknowledged"],
            "qualified": ["acknowledged", "qualified"],
            "in_progress": ["acknowledged", "qualified", "in_progress"],
            "waiting_customer": ["acknowledged", "qualified", "in_progress", "waiting_customer"],
            "answered": ["acknowledged", "qualified", "in_progress", "answered"],
            "resolved": ["acknowledged", "qualified", "in_progress", "answered", "resolved"],
            "closed": ["acknowledged", "qualified", "in_progress", "answered", "resolved", "closed"],
            "withdrawn": ["acknowledged", "withdrawn"],
        }[final]
        if final in ("answered", "resolved", "closed") and rng.random() < 0.2:  # waited for the customer on the way
            at = path.index("answered")
            path[at:at] = ["waiting_customer", "in_progress"]
        gaps = {"acknowledged": 0.0, "qualified": 1.0, "in_progress": 1.5, "waiting_customer": 2.0, "answered": 5.0}
        gaps |= {"resolved": 4.0, "closed": 8.0, "withdrawn": 2.0}
        offsets, total = [], 0.0
        for status in path:
            total += gaps[status] * rng.uniform(0.3, 1.7)
            offsets.append(total)
        room = max((self.now - registered).total_seconds() / 86400 - 0.01, 0.0)
        scale = min(1.0, room / total) if total else 1.0
        return [(status, registered + timedelta(days=offset * scale)) for status, offset in zip(path, offsets, strict=True)]

    def _complaint(self, plan: dict, number: int) -> dict:
        from doleances.core.references import format_reference

        rng = self.rng
        text = self.texts[plan["text_id"]]
        status, last_at = plan["steps"][-1]
        reached = {s for s, _at in plan["steps"]}
        category = self.categories[text.category] if "qualified" in reached else None
        team = category.default_team if category else self.intake
        assignee = rng.choice(self.handlers[team.pk]) if "qualified" in reached and status != "qualified" else None
        plan["assignee"], plan["team"] = assignee, team
        vip = self.customers[plan["customer_pk"]][1]
        stamps = dict(plan["steps"])
        registered = plan["registered"]
        return {
            "id": self.ids.next("complaint"),
            "reference": format_reference(self.prefix, registered.year, number),
            "kind": "claim" if plan["claim"] else "complaint",
            "channel": plan["channel"],
            "status": status,
            "priority": "high" if vip else rng.choices(["normal", "high", "low", "urgent"], [80, 10, 7, 3])[0],
            "customer_id": plan["customer_pk"],
            "subject": text.subject[:200],
            "description": plan["letter"].description,
            "remedy_sought": plan["remedy"],
            "claimed_amount": plan["amount"],
            "order_reference": "",
            "language": text.language,
            "category_id": category.pk if category else None,
            "team_id": team.pk,
            "team_source": "category" if category else "intake",
            "assignee_id": assignee[0] if assignee else None,
            "merged_into_id": None,
            "received_at": plan["received"],
            "registered_at": registered,
            "acknowledged_at": stamps["acknowledged"],
            "answered_at": stamps.get("answered"),
            "resolved_at": stamps.get("resolved"),
            "closed_at": stamps.get("closed"),
            "updated_at": last_at,
            "acknowledgement_due_at": plan["received"] + timedelta(days=3),
            "response_due_at": plan["received"] + timedelta(days=61 if text.language == "fr" else 56),
            "portal_token": f"bench-{plan['index']}-{rng.getrandbits(64):x}",
            "consent_at": registered if plan["channel"] == "web" else None,
            "intake_key": None,
        }

    def _events(self, complaint: dict, plan: dict) -> list[dict]:
        """The audit trail the services would have written, chained; the complaint records its head."""
        from doleances.core.hashchain import GENESIS, KEYED, keyed_chain_hash

        received = {
            "channel": complaint["channel"],
            "kind": complaint["kind"],
            "attachments": [],
            "received_at": complaint["received_at"].isoformat(),
            "team": self.intake.name,
            "team_source": "intake",
        }
        entries = [("complaint.received", None, plan["person"].name, "public", received, complaint["registered_at"])]
        previous_status = "received"
        handler = plan["assignee"] or self.handlers.get(plan["team"].pk, [(None, "")])[0]
        for status, at in plan["steps"]:
            data = {"from": previous_status, "to": status}
            if status == "acknowledged":
                entries.append(("complaint.acknowledged", None, "", "public", data | {"emailed": plan["emailed"]}, at))
            else:
                visibility = "internal" if status == "qualified" else "public"
                entries.append((f"complaint.{status}", handler[0], handler[1], visibility, data, at))
            previous_status = status
        events, previous = [], GENESIS
        for sequence, (action, actor_id, label, visibility, data, at) in enumerate(entries, start=1):
            row = {
                "id": self.ids.next("event"),
                "complaint_id": complaint["id"],
                "sequence": sequence,
                "action": action,
                "actor_id": actor_id,
                "actor_label": label,
                "visibility": visibility,
                "data": data,
                "created_at": at,
                "previous_hash": previous,
                "chain": KEYED,
            }
            row["hash"] = previous = keyed_chain_hash(self.audit_key, previous, chained_content(row, complaint["reference"]))
            events.append(row)
        complaint["audit_sequence"], complaint["audit_head"] = len(events), previous
        return events

    def _analysis(self, complaint: dict, plan: dict) -> dict:
        from doleances.nlp.risk import score_risk

        template, risk_flags, tone = self.templates[plan["text_id"]]
        shift = plan["letter"].shift
        _language, vip, value, _name, _email = self.customers[complaint["customer_id"]]
        received = complaint["received_at"]
        history = self.history.setdefault(complaint["customer_id"], [])
        prior = sum(1 for at, _t, _c in history if received - PRIOR_WINDOW <= at <= received)
        history.append((received, plan["text_id"], complaint["channel"]))
        risk = score_risk(risk_flags, tone, customer_value=value, is_vip=vip, prior_complaints_90d=prior)
        suggested = self.categories.get(template["suggested_category"])
        decided = complaint["category_id"] is not None and suggested is not None
        qualified_at = dict(plan["steps"]).get("qualified")
        row = {key: value for key, value in template.items() if key != "suggested_category"}
        row |= {
            "id": self.ids.next("analysis"),
            "complaint_id": complaint["id"],
            "suggested_category_id": suggested.pk if suggested else None,
            "tone_evidence": [e | {"start": shift(e["start"]), "end": shift(e["end"])} for e in template["tone_evidence"]],
            "risk_flags": {
                flag: [e | {"start": shift(e["start"]), "end": shift(e["end"])} for e in evidence]
                for flag, evidence in template["risk_flags"].items()
            },
            "fingerprint": self._fingerprint(complaint, plan),
            "risk_score": risk.score,
            "risk_level": risk.level,
            "analysed_at": complaint["registered_at"] + timedelta(seconds=2),
            "category_decision": ("accepted" if complaint["category_id"] == suggested.pk else "corrected") if decided else "",
            "decided_by_id": plan["assignee"][0] if decided and plan["assignee"] else None,
            "decided_at": qualified_at if decided else None,
        }
        return row

    def _fingerprint(self, complaint: dict, plan: dict) -> str:
        """`text_fingerprint(complaint_text(complaint))`, from the body's normal form computed once
        per text: normalising is per word and the parts are apart (blank lines), so the normal
        form of the whole is the normal forms of the parts joined. Checked on every 100th complaint."""
        from doleances.nlp.similarity import _normalise_for_fingerprint, text_fingerprint

        letter = plan["letter"]
        body = self.body_forms.get(plan["text_id"])
        if body is None:
            body = self.body_forms[plan["text_id"]] = _normalise_for_fingerprint(letter.text.body)
        pieces = (complaint["subject"], letter.greeting, body, letter.closing, complaint["remedy_sought"])
        forms = [piece if piece is body else _normalise_for_fingerprint(piece) for piece in pieces]
        fingerprint = hashlib.blake2b(" ".join(f for f in forms if f).encode(), digest_size=8).hexdigest()
        if complaint["id"] % 100 == 0:
            parts = (complaint["subject"], complaint["description"], complaint["remedy_sought"])
            text = "\n\n".join(p.strip() for p in parts if p and p.strip())  # analysis.text.complaint_text
            if text_fingerprint(text) != fingerprint:
                raise SystemExit("text_fingerprint() changed: update Generator._fingerprint in bench/generate.py")
        return fingerprint

    def write_typologies(self) -> None:
        """One row per customer, as `update_customer_typology` writes it from their last complaints.
        Customers with one or two complaints get the hint of their latest text (computed once per
        text); those with three or more, the hint of all their last texts together."""
        from django.db import transaction

        from doleances.nlp.typology import suggest_typology

        cache: dict[tuple, tuple] = {}
        rows = []
        for customer_pk, history in self.history.items():
            recent = sorted(history, reverse=True)[:TYPOLOGY_TEXTS]
            public = sum(c in ("social", "review") for _at, _t, c in recent)
            texts = tuple(t for _at, t, _c in recent) if len(recent) >= 3 else (recent[0][1],)
            key = (texts, public)
            hint = cache.get(key)
            if hint is None:
                found = suggest_typology([self.texts[t].analysed for t in texts], public_posts=public)
                evidence = [{"phrase": e.phrase, "kind": e.kind} for e in found.evidence] if found else []
                hint = (found.code, round(float(found.confidence), 4), evidence) if found else ("", 0.0, [])
                if len(texts) == 1:
                    cache[key] = hint
            rows.append(
                {
                    "id": self.ids.next("typology"),
                    "customer_id": customer_pk,
                    "suggested": hint[0],
                    "confidence": hint[1],
                    "evidence": hint[2],
                    "confirmed": "",
                    "updated_at": recent[0][0],
                }
            )
            if len(rows) >= self.batch:
                with transaction.atomic():
                    self.tables["typology"].insert(rows)
                self.rows += len(rows)
                rows = []
        with transaction.atomic():
            self.tables["typology"].insert(rows)
        self.rows += len(rows)


class Table:
    """Rows written with one `executemany` (values adapted as Django would): model instances and
    `bulk_create` cost ten times more per row, which counts at ten million rows."""

    def __init__(self, model) -> None:
        from django.db import connection, models

        self.model = model
        self.fields = list(model._meta.concrete_fields)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(self.fields))})"
        self.adapters = []
        for field in self.fields:
            if isinstance(field, models.DateTimeField):
                self.adapters.append(connection.ops.adapt_datetimefield_value)
            elif isinstance(field, models.JSONField | models.DecimalField):
                self.adapters.append(lambda value, field=field: field.get_db_prep_save(value, connection))
            else:
                self.adapters.append(None)
        self.keys = [f.attname for f in self.fields]
        # What a row may leave out: a constant default, else NULL or "" where the field allows it.
        self.defaults = {}
        for field in self.fields:
            if field.has_default() and not callable(field.default):
                self.defaults[field.attname] = field.default
            elif field.null:
                self.defaults[field.attname] = None
            elif field.blank and isinstance(field, models.CharField | models.TextField):
                self.defaults[field.attname] = ""

    def insert(self, rows: list[dict]) -> None:
        from django.db import connection

        if not rows:
            return
        pairs = list(zip(self.keys, self.adapters, strict=True))
        values = []
        for row in rows:
            full = self.defaults | row
            values.append(tuple(full[key] if adapt is None or full[key] is None else adapt(full[key]) for key, adapt in pairs))
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, values)


class Ids:
    """Primary keys handed out here (one writer): the rows of a batch refer to each other before
    any is written."""

    def __init__(self, models: dict) -> None:
        from django.db.models import Max

        self.last = {name: model.objects.aggregate(top=Max("pk"))["top"] or 0 for name, model in models.items()}

    def next(self, name: str) -> int:
        self.last[name] += 1
        return self.last[name]


def chained_content(row: dict, reference: str) -> dict:
    """`ComplaintEvent.chained_content()` of an event row (what the hash covers)."""
    return {
        "complaint": reference,
        "sequence": row["sequence"],
        "action": row["action"],
        "actor": row["actor_id"],
        "actor_label": row["actor_label"],
        "visibility": row["visibility"],
        "data": row["data"],
        "created_at": row["created_at"].astimezone(UTC).isoformat(),
    }


def check_chained_content() -> None:
    """Refuse to write chains that `doleances audit verify` would find broken."""
    from doleances.complaints.models import Complaint, ComplaintEvent

    at = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    row = {
        "sequence": 1,
        "action": "a.b",
        "actor_id": 7,
        "actor_label": "x",
        "visibility": "public",
        "data": {"k": 1},
        "created_at": at,
    }
    event = ComplaintEvent(complaint=Complaint(reference="REC-2026-000001"), **row)
    if event.chained_content() != chained_content(row, "REC-2026-000001"):
        raise SystemExit("ComplaintEvent.chained_content() changed: update chained_content() in bench/generate.py")


_hash: list[str] = []


def _password_hash(make_password) -> str:
    if not _hash:
        _hash.append(make_password(BENCH_PASSWORD))
    return _hash[0]


def _float(value) -> float | None:
    return float(value) if value is not None else None


if __name__ == "__main__":
    main()

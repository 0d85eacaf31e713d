"""Proposing systemic problems: an isolated dysfunction (one-off compensation) versus a general
drift ("dérive générale": a corrective action plan is needed).

Two signals, both from `doleances.nlp.surges`:

* a surge of one category: the last `window_days` against the `baseline_days` before (Poisson
  upper-tail test, see `detect_surges`);
* a cluster of near-identical complaints without a category in the last window (copy-paste
  campaign, one incident).

Reads are bounded by the window: one query for (day, category, id) over the indexed
`received_at`, one for the texts of the recent window. Re-running updates the same problem
(`detection_key`, or an overlapping window of the same category, or a shared complaint for a
cluster); a dismissed or closed problem is never reopened.
"""

from __future__ import annotations

import datetime as dt
import math

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone, translation

from doleances.analysis import engines
from doleances.complaints.enums import Status
from doleances.complaints.models import Category, Complaint
from doleances.core import clock
from doleances.core.actors import SYSTEM
from doleances.nlp.surface import surface_forms
from doleances.nlp.terms import count_terms
from doleances.quality.models import Problem, ProblemOrigin, ProblemStatus
from doleances.quality.records import add_links, record_problem_event
from doleances.quality.wording import evidence_sentence, problem_title, rule_sentence

WINDOW_DAYS = 3
BASELINE_DAYS = 28
ALPHA = 0.01
MIN_COUNT = 5
MIN_RATIO = 2.0
CLUSTER_THRESHOLD = 0.45
CLUSTER_MIN_SIZE = 3
TEXT_CHARS = 2_000  # enough words to compare; bounds memory on long letters
# Screens word a detected problem's title and sentences from its evidence, in the reader's
# language (`quality.wording`). What is stored is a fallback: the title in the language detection
# ran in (the admin searches it), `evidence_text` and `rule_text` always in English.
STORED_TEXT_LANGUAGE = "en"


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _as_written(terms: list[str], texts: list[str]) -> list[str]:
    """Folded terms ("depot de venissieux") as the customers wrote them ("dépôt de vénissieux")."""
    forms = surface_forms(terms, texts)
    return [forms[term] for term in terms]


def _frequent_terms(texts: list[str], top: int = 5) -> list[str]:
    """The words most of the members share (at least a quarter of them), most specific first."""
    counted = count_terms([("all", text) for text in texts], top=top * 3, min_count=2).get("all", [])
    floor = max(2, math.ceil(len(texts) / 4))
    terms: list[str] = []
    seen: set[str] = set()
    for term in sorted(counted, key=lambda t: (-t.documents, -len(t.term.split()), t.term)):
        if term.documents < floor:
            break
        words = set(term.term.split())
        if words & seen:  # "double prelevement" makes "prelevement double" redundant
            continue
        seen |= words
        terms.append(term.term)
        if len(terms) == top:
            break
    return terms


def detect_problems(
    *,
    today: dt.date | None = None,
    window_days: int = WINDOW_DAYS,
    baseline_days: int = BASELINE_DAYS,
) -> list[Problem]:
    """Create or update `proposed` problems; returns them (surges first, then clusters)."""
    at = clock.now()
    today = today or timezone.localdate(at)
    window_start = today - dt.timedelta(days=window_days - 1)
    first_day = window_start - dt.timedelta(days=baseline_days)
    counted = (
        Complaint.objects.filter(
            received_at__gte=_local_midnight(first_day), received_at__lt=_local_midnight(today + dt.timedelta(days=1))
        )
        .exclude(status=Status.MERGED)  # a merged duplicate is the same complaint twice
        .order_by()
    )
    rows = list(
        counted.filter(category__isnull=False).values_list(
            TruncDate("received_at", tzinfo=timezone.get_current_timezone()), "category_id", "id"
        )
    )
    surges = engines.surges.detect_surges(
        rows,
        today=today,
        window_days=window_days,
        baseline_days=baseline_days,
        alpha=ALPHA,
        min_count=MIN_COUNT,
        min_ratio=MIN_RATIO,
    )
    recent = counted.filter(received_at__gte=_local_midnight(window_start)).values_list(
        "id", "category_id", "subject", Substr("description", 1, TEXT_CHARS)
    )
    texts: dict[int, str] = {}
    uncategorised: list[int] = []
    for pk, category_id, subject, description in recent:
        texts[pk] = f"{subject}\n{description}"
        if category_id is None:
            uncategorised.append(pk)
    context = {"at": at, "today": today, "window_start": window_start, "window_days": window_days}
    proposed: list[Problem] = []
    if surges:
        tested = len({category_id for _day, category_id, _pk in rows})
        categories = Category.objects.select_related("parent").in_bulk([int(s.category) for s in surges])
        for surge in surges:
            category = categories.get(int(surge.category))
            if category is not None:
                problem = _propose_surge(surge, category, tested, texts, **context)
                proposed += [problem] if problem is not None else []
    clusters = engines.surges.cluster_recent(
        [texts[pk] for pk in uncategorised], uncategorised, threshold=CLUSTER_THRESHOLD, min_cluster_size=CLUSTER_MIN_SIZE
    )
    for cluster in clusters:
        terms = _as_written(cluster.top_terms, [texts[pk] for pk in cluster.ids])
        problem = _propose_cluster(sorted(cluster.ids), terms, **context)
        proposed += [problem] if problem is not None else []
    return proposed


def _propose_surge(
    surge: engines.surges.SurgeProposal, category: Category, tested: int, texts: dict[int, str], **context
) -> Problem | None:
    window_start = context["window_start"]
    members = [int(pk) for pk in surge.member_ids]
    member_texts = [texts[pk] for pk in members if pk in texts]
    terms = _as_written(surge.top_terms or _frequent_terms(member_texts, top=3), member_texts)
    name = str(category)
    evidence = {
        "rule": "surge",
        "window_start": surge.window_start.isoformat(),
        "window_end": surge.window_end.isoformat(),
        "window_days": context["window_days"],
        "window_count": surge.window_count,
        "baseline_count": surge.baseline_count,
        "baseline_days": surge.baseline_days,
        "expected": surge.expected,
        "p_value": surge.p_value,
        "ratio": surge.ratio,
        "top_terms": terms,
        "evidence_text": f"{name}: {surge.evidence_text}",
        "alpha": ALPHA,
        "categories_tested": tested,
        "min_count": MIN_COUNT,
        "min_ratio": MIN_RATIO,
    }
    title = problem_title(evidence, category=name) or name
    with translation.override(STORED_TEXT_LANGUAGE):
        evidence["rule_text"] = rule_sentence(evidence)
    key = f"surge:{category.pk}:{surge.window_end.isoformat()}"
    # The same surge seen again (this hour, tomorrow): its window overlaps the previous one.
    same = Q(detection_key=key) | Q(
        origin=ProblemOrigin.DETECTED,
        category=category,
        detection_key__startswith="surge:",
        window_end__gte=window_start - dt.timedelta(days=1),
    )
    return _upsert(key, same, title=title, category=category, evidence=evidence, members=members, **context)


def _propose_cluster(members: list[int], terms: list[str], **context) -> Problem | None:
    evidence = {
        "rule": "cluster",
        "window_start": context["window_start"].isoformat(),
        "window_end": context["today"].isoformat(),
        "window_days": context["window_days"],
        "window_count": len(members),
        "top_terms": terms,
        "threshold": CLUSTER_THRESHOLD,
        "min_size": CLUSTER_MIN_SIZE,
    }
    title = problem_title(evidence, category=None) or ""
    with translation.override(STORED_TEXT_LANGUAGE):
        evidence["evidence_text"] = evidence_sentence(evidence, category=None)
        evidence["rule_text"] = rule_sentence(evidence)
    # The earliest complaint names the cluster; one already linked to a detected cluster joins it.
    key = f"cluster:{members[0]}"
    same = Q(detection_key=key) | Q(detection_key__startswith="cluster:", complaints__in=members)
    return _upsert(key, same, title=title, category=None, evidence=evidence, members=members, **context)


def _upsert(key: str, same: Q, *, title: str, category, evidence: dict, members: list[int], **context) -> Problem | None:
    at, today = context["at"], context["today"]
    try:
        with transaction.atomic():
            existing = Problem.objects.select_for_update(of=("self",)).filter(same).order_by("-window_end", "-id").first()
            if existing is None:
                problem = Problem.objects.create(
                    title=title[:200],
                    status=ProblemStatus.PROPOSED,
                    origin=ProblemOrigin.DETECTED,
                    category=category,
                    evidence=evidence,
                    detection_key=key,
                    window_end=today,
                    created_at=at,
                    updated_at=at,
                )
                add_links(problem, members, actor=SYSTEM, at=at)
                record_problem_event(
                    problem, "problem.proposed", actor=SYSTEM, at=at, data={"key": key, "complaints": len(members)}
                )
                return problem
            if existing.status in (ProblemStatus.DISMISSED, ProblemStatus.CLOSED):
                return None  # decided: never reopened by detection
            added = add_links(existing, members, actor=SYSTEM, at=at)
            if existing.status == ProblemStatus.CONFIRMED:
                if added:
                    existing.updated_at = at
                    existing.save(update_fields=["updated_at"])
                    record_problem_event(existing, "problem.complaints_linked", actor=SYSTEM, at=at, data={"complaints": added})
                return None
            if not added and existing.evidence == evidence and existing.title == title[:200]:
                return existing
            existing.title, existing.evidence, existing.window_end, existing.updated_at = title[:200], evidence, today, at
            existing.save(update_fields=["title", "evidence", "window_end", "updated_at"])
            record_problem_event(
                existing, "problem.detection_updated", actor=SYSTEM, at=at, data={"added": added, "count": len(members)}
            )
            return existing
    except IntegrityError:  # another run created the same key meanwhile
        return None

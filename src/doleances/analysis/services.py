"""The only writers of the analysis: read complaints with `doleances.nlp` and store what was found,
keep each customer's typology hint, record what a person decided about the suggested category or
the customer's profile, and train the category model from those decisions.

Routing rules are applied by `routing.services.analyse_complaints`, which calls `read_complaints`
and `record_analysis` here (routing sits above analysis in the layers)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from doleances.analysis import engines
from doleances.analysis.classifier_store import active_model, categories_by_name, classifier_dir, keyword_rules
from doleances.analysis.labels import CategoryDecision
from doleances.analysis.models import ComplaintAnalysis, CustomerTypology
from doleances.analysis.text import complaint_text
from doleances.complaints import access
from doleances.complaints.enums import Channel
from doleances.complaints.events import record_event
from doleances.complaints.models import Category, Complaint
from doleances.complaints.services import reclassify_complaint
from doleances.core import clock
from doleances.core.errors import DoleancesError
from doleances.nlp import pipeline
from doleances.nlp.fingerprint import text_fingerprint
from doleances.nlp.risk import score_risk
from doleances.nlp.typology import TYPOLOGIES, suggest_typology

PRIOR_WINDOW = timedelta(days=90)
TYPOLOGY_TEXTS = 10  # the customer's most recent complaints read for the typology hint
BATCH_SIZE = 200


@dataclass(frozen=True)
class Reading:
    """What the NLP pipeline read in one complaint, not stored yet."""

    complaint: Complaint
    text: str
    result: pipeline.Analysis
    categories: dict[str, Category]  # the batch's suggested labels → categories
    model_version: str


def read_complaints(complaint_ids: Sequence[int]) -> list[Reading]:
    """Run the pipeline on these complaints, in one batch (the category model runs vectorised);
    writes nothing. In the order of their ids."""
    complaints = list(Complaint.objects.filter(pk__in=complaint_ids).select_related("customer").order_by("pk"))
    if not complaints:
        return []
    current = active_model()
    texts = [complaint_text(c) for c in complaints]
    results = pipeline.analyse_many(texts, model=current.model, keyword_rules=keyword_rules())
    labels = [r.category.label for r in results if r.category is not None]
    categories = categories_by_name(labels + [name for r in results if r.category for name, _p in r.category.alternatives])
    return [
        Reading(complaint, text, result, categories, current.version)
        for complaint, text, result in zip(complaints, texts, results, strict=True)
    ]


# Inside the caller's transaction (routing applies its rules in the same one) without a savepoint.
@transaction.atomic(savepoint=False)
def record_analysis(reading: Reading, *, at: datetime) -> ComplaintAnalysis:
    """Store what was read in the complaint (replacing an earlier analysis, keeping the decision on
    the category) and refresh the customer's typology hint. Safe to run twice."""
    analysis = _store(reading, at=at)
    update_customer_typology(reading.complaint.customer, at=at)
    return analysis


def _store(reading: Reading, *, at: datetime) -> ComplaintAnalysis:
    complaint, text, result, model_version = reading.complaint, reading.text, reading.result, reading.model_version
    suggestion = result.category
    category = reading.categories.get(suggestion.label) if suggestion is not None else None
    prior = (
        Complaint.objects.filter(customer_id=complaint.customer_id, received_at__gte=complaint.received_at - PRIOR_WINDOW)
        .filter(received_at__lte=complaint.received_at)
        .exclude(pk=complaint.pk)
        .count()
    )
    customer = complaint.customer
    risk = score_risk(
        result.risk_flags,
        result.tone,
        customer_value=float(customer.annual_value) if customer.annual_value is not None else None,
        is_vip=customer.is_vip,
        prior_complaints_90d=prior,
    )
    facts = asdict(result.facts)
    values = {
        "language": result.language.code,
        "language_confidence": round(float(result.language.confidence), 4),
        "suggested_category": category,
        "category_confidence": round(float(suggestion.confidence), 4) if category and suggestion else 0.0,
        "category_source": suggestion.source if category and suggestion else "",
        "alternatives": [[name, round(float(p), 4)] for name, p in suggestion.alternatives] if category and suggestion else [],
        "tone": result.tone.label,
        "tone_score": round(float(result.tone.score), 4),
        "tone_evidence": [{"phrase": e.phrase, "start": e.start, "end": e.end, "kind": e.kind} for e in result.tone.evidence],
        "risk_flags": {
            flag: [{"phrase": e.phrase, "start": e.start, "end": e.end} for e in evidence]
            for flag, evidence in result.risk_flags.flags.items()
            if evidence
        },
        "risk_score": risk.score,
        "risk_level": risk.level,
        "facts": {key: facts[key] for key in ("dates", "amounts", "references", "products", "commitments", "vague_markers")},
        "is_vague": bool(result.facts.is_vague),
        "missing_facts": list(result.facts.missing),
        "fingerprint": text_fingerprint(text),
        "model_version": model_version if suggestion is not None and suggestion.source == "model" else "",
        "analysed_at": at,
    }
    # The decision on the category (and who made it) is kept: it is what trains the next model.
    analysis, _created = ComplaintAnalysis.objects.update_or_create(complaint=complaint, defaults=values)
    return analysis


def update_customer_typology(customer, *, at: datetime) -> CustomerTypology:
    """Re-read the customer's recent complaints; a person's confirmation is never overwritten."""
    recent = list(Complaint.objects.filter(customer=customer).order_by("-received_at", "-pk")[:TYPOLOGY_TEXTS])
    # A complaint posted on a social network or a review site was voiced to others, not to us.
    public_posts = sum(c.channel in (Channel.SOCIAL, Channel.REVIEW) for c in recent)
    hint = suggest_typology([complaint_text(c) for c in recent], public_posts=public_posts)
    values = {
        "suggested": hint.code if hint else "",
        "confidence": round(float(hint.confidence), 4) if hint else 0.0,
        "evidence": [{"phrase": e.phrase, "kind": e.kind} for e in hint.evidence] if hint else [],
        "updated_at": at,
    }
    typology, _created = CustomerTypology.objects.update_or_create(customer=customer, defaults=values)
    return typology


def _require_handler(complaint: Complaint, actor) -> None:
    access.require(actor, access.DECIDE_ON_ANALYSIS, complaint)


def _analysis_of(complaint: Complaint) -> ComplaintAnalysis:
    analysis = ComplaintAnalysis.objects.select_for_update().filter(complaint=complaint).first()
    if analysis is None:
        raise DoleancesError("not_analysed", _("This complaint has not been analysed yet."))
    return analysis


@transaction.atomic
def accept_category_suggestion(complaint: Complaint, *, actor, at: datetime | None = None) -> ComplaintAnalysis:
    """The handler agrees with the suggested category: it becomes the complaint's category."""
    _require_handler(complaint, actor)
    analysis = _analysis_of(complaint)
    if analysis.suggested_category is None:
        raise DoleancesError("no_suggestion", _("There is no suggested category to accept."))
    return _decide(complaint, analysis, analysis.suggested_category, actor=actor, at=at or clock.now())


@transaction.atomic
def correct_category(complaint: Complaint, *, category: Category, actor, at: datetime | None = None) -> ComplaintAnalysis:
    """The handler chooses the right category (the suggestion was wrong or missing)."""
    _require_handler(complaint, actor)
    if category is None or not category.is_active:
        raise DoleancesError("invalid_category", _("Choose an active category."), field="category")
    analysis = _analysis_of(complaint)
    return _decide(complaint, analysis, category, actor=actor, at=at or clock.now())


def _decide(complaint: Complaint, analysis: ComplaintAnalysis, category: Category, *, actor, at) -> ComplaintAnalysis:
    accepted = category.pk == analysis.suggested_category_id
    suggested = analysis.suggested_category
    # One timeline event says what was decided and what changed (not a reclassification plus a decision).
    # Its action keeps the "routing." name it had before this app: audit trails already hold it.
    reclassify_complaint(
        complaint,
        actor=actor,
        changes={"category": category},
        at=at,
        action="routing.suggestion_accepted" if accepted else "routing.suggestion_corrected",
        reason={
            "suggested": suggested.name if suggested else None,
            "confidence": analysis.category_confidence if suggested else None,
            "category": category.name,  # replaced by {"from", "to"} when the category changes
        },
    )
    analysis.category_decision = CategoryDecision.ACCEPTED if accepted else CategoryDecision.CORRECTED
    analysis.decided_by = actor
    analysis.decided_at = at
    analysis.save(update_fields=["category_decision", "decided_by", "decided_at"])
    return analysis


@transaction.atomic
def confirm_customer_typology(
    customer, *, code: str, actor, complaint: Complaint, at: datetime | None = None
) -> CustomerTypology:
    """A handler confirms (or corrects) how the customer complains, from one of their complaints;
    an empty code clears the confirmation. Recorded on that complaint's timeline."""
    _require_handler(complaint, actor)
    if code not in TYPOLOGIES and code != "":
        raise DoleancesError("invalid_typology", _("Choose a customer profile from the list."), field="typology")
    if complaint.customer_id != customer.pk:
        raise DoleancesError("wrong_customer", _("This complaint is not from this customer."))
    at = at or clock.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    typology, _created = CustomerTypology.objects.select_for_update().get_or_create(
        customer=customer, defaults={"updated_at": at}
    )
    previous = typology.confirmed
    if previous == code:
        return typology  # nothing changed: nothing to record
    typology.confirmed = code
    typology.updated_at = at
    typology.save(update_fields=["confirmed", "updated_at"])
    record_event(
        complaint,
        "routing.typology_confirmed",
        actor=actor,
        at=at,
        data={"from": previous, "to": code, "suggested": typology.suggested},
    )
    return typology


def training_data() -> tuple[list[str], list[str]]:
    """Complaints whose category a person chose: a decided suggestion, or a category set where
    nothing was suggested. Labels are category names."""
    decided = Q(analysis__category_decision__in=[CategoryDecision.ACCEPTED, CategoryDecision.CORRECTED])
    unsuggested = Q(analysis__isnull=True) | Q(analysis__suggested_category__isnull=True)
    complaints = (
        Complaint.objects.filter(category__isnull=False)
        .filter(decided | unsuggested)
        .select_related("category")
        .order_by("pk")
        .only("subject", "description", "remedy_sought", "category__name")
    )
    texts, labels = [], []
    for complaint in complaints.iterator(chunk_size=2000):
        texts.append(complaint_text(complaint))
        labels.append(complaint.category.name)  # type: ignore[union-attr]  # filtered on category__isnull=False
    return texts, labels


def train_category_model(
    *, texts: Iterable[str] | None = None, labels: Iterable[str] | None = None, directory: Path | None = None
) -> tuple[Path, dict]:
    """Train on the given data (or the decisions in the database), save a new active version."""
    if texts is None or labels is None:
        texts, labels = training_data()
    texts, labels = list(texts), list(labels)
    if len(texts) != len(labels):
        raise DoleancesError("bad_training_data", _("There must be exactly one label per text."))
    if len(set(labels)) < 2 or len(texts) < 4:
        raise DoleancesError(
            "not_enough_training_data",
            _("Not enough data to train: at least 4 texts in at least 2 categories (found %(n)d texts, %(k)d categories).")
            % {"n": len(texts), "k": len(set(labels))},
        )
    model = engines.classifier.train_classifier(texts, labels)
    version_dir = engines.classifier.save_model(model, directory or classifier_dir())
    return version_dir, dict(model.metrics)

"""Reads for screens and the API: the analysis panel of a case, similar complaints, the API summary.

Every complaint shown comes from `access.visible_complaints(user)`."""

from __future__ import annotations

from doleances.analysis.labels import (
    DIFFICULT_CUSTOMER_STEPS,
    FACT_LABELS,
    TYPOLOGY_GUIDANCE,
    RiskFlag,
    RiskLevel,
    Tone,
    Typology,
)
from doleances.analysis.models import ComplaintAnalysis, CustomerTypology
from doleances.analysis.similarity_index import nearest
from doleances.analysis.text import complaint_text, quotes
from doleances.complaints import access
from doleances.complaints.lifecycle import OPEN_STATES
from doleances.complaints.models import Category, Complaint
from doleances.nlp.facts import distinct_values

FACT_KINDS = (("dates", "date"), ("amounts", "amount"), ("references", "reference"), ("products", "product"))


def _analysis(complaint: Complaint) -> ComplaintAnalysis | None:
    return (
        ComplaintAnalysis.objects.select_related("suggested_category__parent", "decided_by").filter(complaint=complaint).first()
    )


def analysis_summary(complaint: Complaint) -> dict | None:
    """The API's read-only `analysis` object (None until the complaint is analysed)."""
    analysis = _analysis(complaint)
    if analysis is None:
        return None
    category = analysis.suggested_category
    return {
        "language": analysis.language,
        "suggested_category": {"id": category.pk, "name": str(category), "confidence": analysis.category_confidence}
        if category
        else None,
        "tone": {"label": analysis.tone, "score": analysis.tone_score},
        "risk": {"level": analysis.risk_level, "score": analysis.risk_score, "flags": sorted(analysis.risk_flags)},
        "analysed_at": analysis.analysed_at,
    }


def analysis_for_case(complaint: Complaint, user, *, can_handle: bool | None = None, similar_limit: int = 5) -> dict | None:
    """Everything the case page's Analysis panel shows, in a constant number of queries."""
    analysis = _analysis(complaint)
    if analysis is None:
        return None
    if can_handle is None:
        can_handle = user.has_perm("complaints.handle_complaint", complaint)
    text = complaint_text(complaint)
    category = analysis.suggested_category
    typology = CustomerTypology.objects.filter(customer_id=complaint.customer_id).first()
    return {
        "language": analysis.language,
        "language_confidence": analysis.language_confidence,
        "category": {
            "id": category.pk,
            "name": str(category),
            "confidence": analysis.category_confidence,
            "percent": round(analysis.category_confidence * 100),
            "source": analysis.get_category_source_display(),
            "alternatives": [{"name": name, "percent": round(p * 100)} for name, p in analysis.alternatives],
            "is_current": category.pk == complaint.category_id,
        }
        if category
        else None,
        "decision": analysis.category_decision,
        "decision_display": analysis.get_category_decision_display(),
        "decided_by": (analysis.decided_by.get_full_name() or analysis.decided_by.get_username()) if analysis.decided_by else "",
        "decided_at": analysis.decided_at,
        "can_decide": can_handle,
        "categories": _categories() if can_handle else [],
        "typologies": list(Typology.choices) if can_handle else [],
        "tone": {
            "label": analysis.tone,
            "display": Tone(analysis.tone).label if analysis.tone in Tone.values else analysis.tone,
            "percent": round(analysis.tone_score * 100),
            "quotes": quotes(text, [(e["start"], e["end"]) for e in analysis.tone_evidence]),
        },
        "risk": {
            "score": analysis.risk_score,
            "level": analysis.risk_level,
            "display": RiskLevel(analysis.risk_level).label if analysis.risk_level in RiskLevel.values else analysis.risk_level,
            "flags": [
                {
                    "code": flag,
                    "display": RiskFlag(flag).label if flag in RiskFlag.values else flag,
                    "quotes": quotes(text, [(e["start"], e["end"]) for e in evidence]),
                }
                for flag, evidence in analysis.risk_flags.items()
            ],
            # What the customer adds to the score (not stored with the analysis: read from the customer).
            "vip": complaint.customer.is_vip,
            "customer_value": complaint.customer.annual_value or None,
        },
        "facts": {
            "found": [
                {
                    "label": FACT_LABELS[label],
                    "items": [fact["text"] for fact in distinct_values(analysis.facts[key], value=_fact_value)],
                }
                for key, label in FACT_KINDS
                if analysis.facts.get(key)
            ],
            "missing": [
                FACT_LABELS.get(code, code) for code in analysis.missing_facts if code not in given_on_the_form(complaint)
            ],
            "is_vague": analysis.is_vague,
        },
        "typology": _typology(typology),
        "customer_cases": customer_cases(complaint, user, limit=similar_limit, fingerprint=analysis.fingerprint),
        "similar": similar_complaints(complaint, user, limit=similar_limit, fingerprint=analysis.fingerprint),
        "model_version": analysis.model_version,
        "analysed_at": analysis.analysed_at,
    }


def given_on_the_form(complaint: Complaint) -> set[str]:
    """Facts the customer gave in the form's own fields rather than in the text: never ask for them."""
    given = set()
    if complaint.claimed_amount is not None:
        given.add("amount")
    if complaint.order_reference:
        given.add("reference")
    return given


def _fact_value(fact: dict) -> str:
    return fact.get("value") or fact["text"].casefold()


def _categories() -> list[tuple[int, str]]:
    categories = list(Category.objects.filter(is_active=True).select_related("parent__parent"))
    return sorted(((c.pk, str(c)) for c in categories), key=lambda item: item[1].casefold())


def _typology(typology: CustomerTypology | None) -> dict | None:
    if typology is None or not (typology.confirmed or typology.suggested):
        return None
    code = typology.confirmed or typology.suggested
    return {
        "code": code,
        "display": Typology(code).label if code in Typology.values else code,
        "confirmed": bool(typology.confirmed),
        "percent": round(typology.confidence * 100),
        "evidence": [item["phrase"] for item in typology.evidence[:5] if item.get("phrase")],
        "guidance": TYPOLOGY_GUIDANCE.get(code, ""),
        "steps": DIFFICULT_CUSTOMER_STEPS,
    }


def customer_cases(complaint: Complaint, user, limit: int = 5, *, fingerprint: str | None = None) -> list[dict]:
    """The same customer's other complaints that `user` may see: open ones first, then the newest;
    one query. Shown apart from similar complaints: a customer's cases are related by who, not what."""
    rows = (
        access.visible_complaints(user)
        .filter(customer_id=complaint.customer_id)
        .exclude(pk=complaint.pk)
        .values("pk", "reference", "subject", "status", "received_at", "analysis__fingerprint")
        .order_by("-received_at", "-pk")[: limit * 3]
    )
    items = [
        {
            "reference": row["reference"],
            "subject": row["subject"],
            "status": row["status"],
            "received_at": row["received_at"],
            "is_open": row["status"] in OPEN_STATES,
            "reason": "duplicate" if fingerprint and row["analysis__fingerprint"] == fingerprint else "same_customer",
        }
        for row in rows
    ]
    items.sort(key=lambda item: not item["is_open"])  # stable: newest first within open, then closed
    return items[:limit]


def similar_complaints(complaint: Complaint, user, limit: int = 5, *, fingerprint: str | None = None) -> list[dict]:
    """Other customers' complaints saying the same thing: exact duplicates (same fingerprint) first,
    then, when an index exists, the nearest texts; only complaints `user` may see.

    Two indexed lookups united here rather than one `pk IN (...) OR fingerprint = ?` across the
    join, which the databases answer by walking every complaint (issue 16): the duplicates through
    the fingerprint index, the nearest texts by primary key."""
    if fingerprint is None:
        fingerprint = ComplaintAnalysis.objects.filter(complaint=complaint).values_list("fingerprint", flat=True).first()
    neighbours = _nearest(complaint, limit * 2)
    others = access.visible_complaints(user).exclude(pk=complaint.pk).exclude(customer_id=complaint.customer_id)
    fields = ("pk", "reference", "subject", "status", "received_at", "analysis__fingerprint")
    found = (
        list(others.filter(analysis__fingerprint=fingerprint).values(*fields).order_by("-received_at", "-pk")[: limit * 3])
        if fingerprint
        else []
    )
    if neighbours:
        seen = {row["pk"] for row in found}
        found += [row for row in others.filter(pk__in=list(neighbours)).values(*fields) if row["pk"] not in seen]
    found.sort(key=lambda row: (row["received_at"], row["pk"]), reverse=True)
    ranked = sorted((_ranked(row, fingerprint, neighbours) for row in found), key=lambda pair: pair[0])  # stable
    return [item for _rank, item in ranked[:limit]]


def _ranked(row: dict, fingerprint: str | None, neighbours: dict[int, float]) -> tuple[float, dict]:
    """Duplicates (rank 0) before the nearest texts (rank 1 + distance), and the item shown."""
    duplicate = bool(fingerprint) and row["analysis__fingerprint"] == fingerprint
    rank = 0.0 if duplicate else 1 + (1 - neighbours.get(row["pk"], 0.0))
    reason = "duplicate" if duplicate else "similar"
    return rank, {"reference": row["reference"], "subject": row["subject"], "status": row["status"], "reason": reason}


def _nearest(complaint: Complaint, limit: int) -> dict[int, float]:
    return nearest(complaint_text(complaint), k=limit, exclude=(complaint.pk,))

"""Demo of the answer to the customer (issue 20): the organisation's mandatory wording, a French
rejection with the mediator block that the customer refuses on the portal (the case reopens), an
upheld complaint whose on-site technician is told what to do, closed cases with their survey and
one dissatisfied answer waiting for the quality manager."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import User

from doleances.answers import services, surveys
from doleances.answers.models import Survey
from doleances.complaints.enums import Status
from doleances.complaints.models import Complaint
from doleances.messaging.models import Notification, OrganisationSettings, ResponseTemplate
from doleances.messaging.shipped_templates import ship_templates


def configure_organisation() -> None:
    ship_templates(ResponseTemplate)  # there after migrate; again here for a flushed database
    org = OrganisationSettings.load()
    org.name = "Doléances Démo SA"
    org.letterhead_address = "12 rue des Doléances\n75011 Paris"
    org.letterhead_footer = "Service réclamations — 01 23 45 67 89 — reclamations@doleances.localhost"
    org.mediator_name = "Médiateur de la consommation Démo"
    org.mediator_address = "BP 1000, 75001 Paris"
    org.mediator_website = "www.mediateur-demo.example"
    org.save()


def create_answer_demo(*, now: datetime, technician: User) -> dict[str, int]:
    configure_organisation()
    candidates = list(
        Complaint.objects.filter(status=Status.IN_PROGRESS, language="fr", assignee__isnull=False)
        .select_related("customer", "assignee")
        .order_by("pk")[:2]
    )
    if candidates:
        rejected = candidates[0]
        Complaint.objects.filter(pk=rejected.pk).update(regulatory_profile="fr-acpr")
        decision = services.answer_complaint(
            rejected,
            outcome="rejected",
            reasons="Le prélèvement correspond à l'échéance prévue au contrat signé le 3 janvier.",
            remedy="apology_only",
            actor=rejected.assignee,
            at=now - timedelta(hours=3),
        )
        services.respond_to_remedy(
            decision,
            accepted=False,
            reason="Je n'ai jamais signé cet avenant, je demande une copie.",
            at=now - timedelta(hours=1),
        )
    if len(candidates) > 1:
        upheld = candidates[1]
        upheld.customer.onsite_technician = technician
        upheld.customer.save(update_fields=["onsite_technician"])
        services.answer_complaint(
            upheld,
            outcome="upheld",
            reasons="L'appareil installé présentait un défaut de fabrication.",
            remedy="replacement",
            actor=upheld.assignee,
            at=now - timedelta(hours=2),
        )
    sent = surveys.send_due_surveys(at=now)
    first = Survey.objects.filter(pk__in=sent).order_by("pk").first()
    if first is not None:
        surveys.answer_survey(
            first,
            surveys.SurveyAnswer(
                solved=False,
                outcome_rating=2,
                process_rating=3,
                treatment_rating=4,
                comment="Réponse correcte mais il a fallu relancer trois fois.",
            ),
            at=now,
        )
    told = Notification.objects.filter(kind="decision.field_notice").count()
    return {"answered": len(candidates), "surveys": len(sent), "field_notices": told}

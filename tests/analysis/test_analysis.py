"""Analysis of a complaint after intake: stored, suggested category, model training, idempotency."""

from __future__ import annotations

from doleances.analysis.models import ComplaintAnalysis, CustomerTypology
from doleances.analysis.services import train_category_model, training_data
from doleances.complaints.models import ComplaintEvent
from doleances.nlp.similarity import text_fingerprint
from doleances.routing.services import analyse_complaint
from tests.fixtures.objects import make_complaint

ANGRY_CHURN = (
    "C'est scandaleux ! Ma facture de mars compte deux fois l'abonnement de 29,90 €. Si rien n'est fait je vais résilier."
)


def test_analysis_is_stored_after_intake(db, categories, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_complaint(subject="Facture erronée", description=ANGRY_CHURN)
    analysis = ComplaintAnalysis.objects.get(complaint=complaint)
    assert analysis.language == "fr"
    assert analysis.suggested_category == categories["billing"]
    assert analysis.category_source == "rules"
    assert analysis.tone == "angry"
    assert analysis.tone_evidence[0]["phrase"] == "scandaleux"
    assert list(analysis.risk_flags) == ["churn"]
    assert analysis.risk_flags["churn"][0]["phrase"] == "je vais résilier"
    assert analysis.fingerprint == text_fingerprint(f"Facture erronée\n\n{ANGRY_CHURN}")
    assert analysis.model_version == ""
    assert CustomerTypology.objects.filter(customer=complaint.customer).exists()


def test_keyword_cold_start_suggests_the_right_category_in_english(db, categories):
    complaint = make_complaint(
        subject="Parcel never arrived", description="My parcel was due last week and the delivery never happened.", language="en"
    )
    analysis = analyse_complaint(complaint)
    assert (analysis.language, analysis.suggested_category, analysis.category_source) == ("en", categories["delivery"], "rules")


def test_no_keyword_and_no_model_means_no_suggestion(db, categories):
    complaint = make_complaint(subject="Accueil", description="Le conseiller a été très désagréable au guichet.")
    analysis = analyse_complaint(complaint)
    assert (analysis.suggested_category, analysis.category_confidence, analysis.category_source) == (None, 0.0, "")


BILLING_TEXTS = [
    "Ma facture est trop élevée ce mois-ci",
    "Double prélèvement sur mon compte bancaire",
    "Le montant facturé ne correspond pas au devis",
    "On m'a facturé une option que je n'ai jamais demandée",
]
DELIVERY_TEXTS = [
    "Mon colis n'est jamais arrivé",
    "Le livreur a laissé le paquet devant la porte",
    "La livraison a trois semaines de retard",
    "Le carton était abîmé à la réception",
]


def test_training_from_the_database_then_the_suggestion_uses_the_model(db, categories, data_dir):
    for text in BILLING_TEXTS:
        make_complaint(subject="Réclamation", description=text, category=categories["billing"])
    for text in DELIVERY_TEXTS:
        make_complaint(subject="Réclamation", description=text, category=categories["delivery"])
    texts, labels = training_data()
    expected = [("Facturation", f"Réclamation\n\n{t}") for t in BILLING_TEXTS]
    expected += [("Livraison", f"Réclamation\n\n{t}") for t in DELIVERY_TEXTS]
    assert list(zip(labels, texts, strict=True)) == expected

    version, metrics = train_category_model()

    assert version == data_dir / "models" / "classifier" / "v0001"
    assert (data_dir / "models" / "classifier" / "ACTIVE").read_text().strip() == "v0001"
    assert isinstance(metrics, dict)
    complaint = make_complaint(subject="Réclamation", description="Le livreur a perdu mon colis, aucune livraison")
    analysis = analyse_complaint(complaint)
    assert (analysis.suggested_category, analysis.category_source, analysis.model_version) == (
        categories["delivery"],
        "model",
        "v0001",
    )


def test_a_suggestion_nobody_decided_is_not_training_data(db, categories):
    complaint = make_complaint(subject="Facture", description="Ma facture est fausse", category=categories["billing"])
    analyse_complaint(complaint)  # suggested, not decided by a person
    assert training_data() == ([], [])


def test_analysing_twice_updates_the_one_analysis_and_writes_no_event(db, categories):
    complaint = make_complaint(subject="Facture erronée", description=ANGRY_CHURN)
    events_before = list(ComplaintEvent.objects.filter(complaint=complaint).values_list("action", flat=True))
    first = analyse_complaint(complaint)
    second = analyse_complaint(complaint)
    assert ComplaintAnalysis.objects.filter(complaint=complaint).count() == 1
    assert first.pk == second.pk
    assert (second.suggested_category, second.tone, second.risk_score) == (first.suggested_category, first.tone, first.risk_score)
    assert list(ComplaintEvent.objects.filter(complaint=complaint).values_list("action", flat=True)) == events_before


def test_risk_is_rescored_with_customer_data(db, categories):
    first = make_complaint(description="Je vais résilier mon abonnement.")
    plain = analyse_complaint(first).risk_score
    second = make_complaint(description="Je vais résilier mon abonnement.")
    second.customer.is_vip = True
    second.customer.save(update_fields=["is_vip"])
    assert analyse_complaint(second).risk_score > plain


FORMAL = (
    "Conformément à l'article L.217-4 du code de la consommation, je vous mets en demeure de me rembourser, "
    "par lettre recommandée avec accusé de réception."
)


def test_typology_is_suggested_from_the_customers_texts_and_a_confirmation_is_kept(db, categories):
    complaint = make_complaint(description=FORMAL)
    analyse_complaint(complaint)
    typology = CustomerTypology.objects.get(customer=complaint.customer)
    assert (typology.suggested, typology.confirmed) == ("procedurier", "")
    assert typology.evidence[0] == {"phrase": "Conformément à", "kind": "procedurier"}

    CustomerTypology.objects.filter(pk=typology.pk).update(confirmed="klaxon")
    analyse_complaint(complaint)
    assert CustomerTypology.objects.values_list("suggested", "confirmed").get(pk=typology.pk) == ("procedurier", "klaxon")

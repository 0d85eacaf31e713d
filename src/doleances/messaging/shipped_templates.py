"""The response templates Doléances ships, in French and in English (issue 20): written into the
database by migration 0003 and by the demo (a flushed test database has none); editable in the
admin afterwards. Only the ones not there yet are added (by name and language)."""

# ruff: noqa: E501 — letter texts read best unbroken
from __future__ import annotations

SIGNATURE_FR = "Nous restons à votre disposition.\n\nCordialement,\n{{ agent }}\n{{ organisation }}\n\nSuivre votre demande : {{ portal_url }}"
SIGNATURE_EN = (
    "We remain at your disposal.\n\nKind regards,\n{{ agent }}\n{{ organisation }}\n\nFollow your request: {{ portal_url }}"
)
BLOCKS = "{{ mediator }}\n\n{{ ombudsman }}\n\n{{ next_steps }}"

TEMPLATES = [
    # (name, letter, decision, language, subject, body)
    (
        "Accusé de réception",
        "acknowledgement",
        "",
        "fr",
        "Nous avons bien reçu votre réclamation {{ reference }}",
        "Bonjour {{ customer }},\n\nNous vous remercions de nous avoir fait part de votre réclamation « {{ subject }} », reçue le {{ received_date }}. "
        "Elle porte la référence {{ reference }}.\n\nNous vous répondrons au plus tard le {{ due_date }}.\n\n" + SIGNATURE_FR,
    ),
    (
        "Acknowledgement",
        "acknowledgement",
        "",
        "en",
        "We have received your complaint {{ reference }}",
        "Dear {{ customer }},\n\nThank you for telling us about “{{ subject }}”, received on {{ received_date }}. Its reference is {{ reference }}.\n\n"
        "We will answer you by {{ due_date }} at the latest.\n\n" + SIGNATURE_EN,
    ),
    (
        "Demande de précisions",
        "clarification_request",
        "",
        "fr",
        "Votre réclamation {{ reference }} : nous avons besoin de précisions",
        "Bonjour {{ customer }},\n\nMerci pour votre réclamation « {{ subject }} ». Pour la traiter, nous avons besoin des précisions suivantes :\n\n"
        "[vos questions]\n\nVous pouvez nous répondre simplement par retour de ce message ou sur votre page de suivi.\n\n"
        + SIGNATURE_FR,
    ),
    (
        "Clarification request",
        "clarification_request",
        "",
        "en",
        "Your complaint {{ reference }}: we need some details",
        "Dear {{ customer }},\n\nThank you for your complaint “{{ subject }}”. To handle it, we need the following details:\n\n"
        "[your questions]\n\nYou can simply reply to this message or use your tracking page.\n\n" + SIGNATURE_EN,
    ),
    (
        "Point d'étape",
        "progress_report",
        "",
        "fr",
        "Où en est votre réclamation {{ reference }}",
        "Bonjour {{ customer }},\n\nNous souhaitons vous tenir informé(e) de l'avancement de votre réclamation « {{ subject }} ».\n\n"
        "[où en est le dossier]\n\nNous vous répondrons au plus tard le {{ due_date }}. Merci de votre patience.\n\n"
        + SIGNATURE_FR,
    ),
    (
        "Progress report",
        "progress_report",
        "",
        "en",
        "Progress on your complaint {{ reference }}",
        "Dear {{ customer }},\n\nWe would like to keep you informed about your complaint “{{ subject }}”.\n\n"
        "[where the case stands]\n\nWe will answer you by {{ due_date }} at the latest. Thank you for your patience.\n\n"
        + SIGNATURE_EN,
    ),
    (
        "Réponse d'attente",
        "holding_reply",
        "",
        "fr",
        "Votre réclamation {{ reference }} : un délai supplémentaire",
        "Bonjour {{ customer }},\n\nNous vous prions de nous excuser : nous ne pourrons pas vous apporter une réponse définitive dans le délai annoncé, "
        "pour la raison suivante : {{ reasons }}\n\nVous recevrez notre réponse au plus tard le {{ new_date }}. Merci de votre compréhension.\n\n"
        + SIGNATURE_FR,
    ),
    (
        "Holding reply",
        "holding_reply",
        "",
        "en",
        "Your complaint {{ reference }}: we need a little more time",
        "Dear {{ customer }},\n\nWe are sorry: we cannot give you our final answer within the time we announced, for this reason: {{ reasons }}\n\n"
        "You will receive our answer by {{ new_date }} at the latest. Thank you for your understanding.\n\n" + SIGNATURE_EN,
    ),
    (
        "Lettre de retard",
        "delay_letter",
        "",
        "fr",
        "Votre réclamation {{ reference }} : notre réponse définitive prend du retard",
        "Bonjour {{ customer }},\n\nNous vous prions de nous excuser : notre réponse définitive n'est pas encore prête, pour la raison suivante : {{ reasons }}\n\n"
        "Nous vous répondrons au plus tard le {{ new_date }}.\n\n" + BLOCKS + "\n\n" + SIGNATURE_FR,
    ),
    (
        "Delay letter",
        "delay_letter",
        "",
        "en",
        "Your complaint {{ reference }}: our final response is delayed",
        "Dear {{ customer }},\n\nWe are sorry: our final response is not ready yet, for this reason: {{ reasons }}\n\n"
        "We expect to answer you by {{ new_date }}.\n\n" + BLOCKS + "\n\n" + SIGNATURE_EN,
    ),
    (
        "Réponse définitive — fondée",
        "final_response",
        "upheld",
        "fr",
        "Notre réponse à votre réclamation {{ reference }}",
        "Bonjour {{ customer }},\n\nNous vous remercions de nous avoir signalé ce problème, et nous vous prions de nous excuser pour la gêne occasionnée.\n\n"
        "Après examen, votre réclamation est fondée. {{ reasons }}\n\nNous vous proposons : {{ remedy }}.\n\n{{ measures }}\n\n"
        "Vous pouvez accepter ou refuser cette proposition sur votre page de suivi.\n\n" + BLOCKS + "\n\n" + SIGNATURE_FR,
    ),
    (
        "Final answer — upheld",
        "final_response",
        "upheld",
        "en",
        "Our answer to your complaint {{ reference }}",
        "Dear {{ customer }},\n\nThank you for telling us about this problem, and please accept our apologies for the trouble it caused.\n\n"
        "Having looked into it, we uphold your complaint. {{ reasons }}\n\nWe offer you: {{ remedy }}.\n\n{{ measures }}\n\n"
        "You can accept or refuse this offer on your tracking page.\n\n" + BLOCKS + "\n\n" + SIGNATURE_EN,
    ),
    (
        "Réponse définitive — partiellement fondée",
        "final_response",
        "partially_upheld",
        "fr",
        "Notre réponse à votre réclamation {{ reference }}",
        "Bonjour {{ customer }},\n\nNous vous remercions de nous avoir fait part de votre réclamation, et nous regrettons la gêne occasionnée.\n\n"
        "Après examen, votre réclamation est en partie fondée. {{ reasons }}\n\nNous vous proposons : {{ remedy }}.\n\n{{ measures }}\n\n"
        "Vous pouvez accepter ou refuser cette proposition sur votre page de suivi.\n\n" + BLOCKS + "\n\n" + SIGNATURE_FR,
    ),
    (
        "Final answer — partially upheld",
        "final_response",
        "partially_upheld",
        "en",
        "Our answer to your complaint {{ reference }}",
        "Dear {{ customer }},\n\nThank you for your complaint, and we are sorry for the trouble it caused.\n\n"
        "Having looked into it, we uphold part of your complaint. {{ reasons }}\n\nWe offer you: {{ remedy }}.\n\n{{ measures }}\n\n"
        "You can accept or refuse this offer on your tracking page.\n\n" + BLOCKS + "\n\n" + SIGNATURE_EN,
    ),
    (
        "Réponse définitive — non fondée",
        "final_response",
        "rejected",
        "fr",
        "Notre réponse à votre réclamation {{ reference }}",
        "Bonjour {{ customer }},\n\nNous vous remercions d'avoir pris le temps de nous écrire, et nous regrettons que vous ayez rencontré cette difficulté.\n\n"
        "Après un examen attentif, nous ne pouvons pas donner une suite favorable à votre demande. {{ reasons }}\n\n{{ measures }}\n\n"
        + BLOCKS
        + "\n\n"
        + SIGNATURE_FR,
    ),
    (
        "Final answer — rejected",
        "final_response",
        "rejected",
        "en",
        "Our answer to your complaint {{ reference }}",
        "Dear {{ customer }},\n\nThank you for taking the time to write to us, and we are sorry that you met this difficulty.\n\n"
        "Having looked into it carefully, we are unable to uphold your complaint. {{ reasons }}\n\n{{ measures }}\n\n"
        + BLOCKS
        + "\n\n"
        + SIGNATURE_EN,
    ),
    (
        "Résolution rapide (Royaume-Uni)",
        "summary_resolution",
        "",
        "fr",
        "Votre réclamation {{ reference }} est résolue",
        "Bonjour {{ customer }},\n\nMerci de nous avoir contactés. Nous considérons que votre réclamation est résolue : {{ reasons }}\n\n"
        "Si vous n'êtes finalement pas satisfait(e), dites-le-nous : nous la traiterons à nouveau.\n\n{{ ombudsman }}\n\n"
        + SIGNATURE_FR,
    ),
    (
        "Summary resolution (UK)",
        "summary_resolution",
        "",
        "en",
        "Your complaint {{ reference }} is resolved",
        "Dear {{ customer }},\n\nThank you for contacting us. We consider your complaint resolved: {{ reasons }}\n\n"
        "If you later feel it is not resolved, please tell us and we will look at it again.\n\n{{ ombudsman }}\n\n"
        + SIGNATURE_EN,
    ),
    (
        "Mesures prises",
        "measures_taken",
        "",
        "fr",
        "Ce que nous avons changé après votre réclamation {{ reference }}",
        "Bonjour {{ customer }},\n\nMerci encore de nous avoir signalé ce problème. Grâce à vous, nous avons pris les mesures suivantes :\n\n{{ measures }}\n\n"
        + SIGNATURE_FR,
    ),
    (
        "Measures taken",
        "measures_taken",
        "",
        "en",
        "What we changed after your complaint {{ reference }}",
        "Dear {{ customer }},\n\nThank you again for raising this problem. Because of it, we have taken these measures:\n\n{{ measures }}\n\n"
        + SIGNATURE_EN,
    ),
    (
        "Enquête de satisfaction",
        "survey_invitation",
        "",
        "fr",
        "Votre avis sur le traitement de votre réclamation {{ reference }}",
        "Bonjour {{ customer }},\n\nVotre réclamation « {{ subject }} » est close. Pourriez-vous nous dire, en deux minutes, comment nous l'avons traitée "
        "(la réponse, le délai et le suivi, l'accueil) ?\n\n{{ survey_url }}\n\nMerci, votre avis nous aide à nous améliorer.\n\n{{ organisation }}",
    ),
    (
        "Satisfaction survey",
        "survey_invitation",
        "",
        "en",
        "How did we handle your complaint {{ reference }}?",
        "Dear {{ customer }},\n\nYour complaint “{{ subject }}” is closed. Could you tell us, in two minutes, how we handled it "
        "(the outcome, the time and the follow-up, how you were treated)?\n\n{{ survey_url }}\n\nThank you: your opinion helps us improve.\n\n{{ organisation }}",
    ),
]


def ship_templates(model) -> int:
    """Add the shipped templates that are missing. `model`: ResponseTemplate (the historical model
    in the migration); returns how many were added."""
    added = 0
    for name, letter, decision, language, subject, body in TEMPLATES:
        _template, created = model.objects.get_or_create(
            name=name, language=language, defaults={"letter": letter, "decision": decision, "subject": subject, "body": body}
        )
        added += created
    return added

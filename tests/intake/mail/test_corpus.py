"""The corpus: real-world-shaped messages (tests/intake/mail/corpus/), each with what must become of
it. Every file is listed here and every listed file exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from doleances.complaints.models import Attachment
from doleances.intake.mail.parsing import parse_mail
from doleances.intake.mail.services import receive_mail
from doleances.intake.models import InboundStatus

CORPUS = Path(__file__).parent / "corpus"
OURS = frozenset({"reclamations@doleances.localhost"})
C, IGN, Q = InboundStatus.CREATED, InboundStatus.IGNORED, InboundStatus.QUARANTINED

# file: (outcome, reason, a phrase of the text shown, names of the files kept)
EXPECTED = {
    "01-plain-utf8.eml": (C, "new_thread", "Ma commande CMD-4512 payée le 2 mars", []),
    "02-gmail-alternative.eml": (C, "new_thread", "2 × 29,90 €", []),
    "03-html-script-tracking.eml": (C, "new_thread", "je demande le remboursement", []),
    "04-iso-8859-1.eml": (C, "new_thread", "Le délai annoncé était de 3 jours ; ça fait", []),
    "05-cp1252-declared-latin1.eml": (C, "new_thread", "On m’a facturé 49 € au lieu de 39 € – c’est « inadmissible »", []),
    "06-undeclared-utf8.eml": (C, "new_thread", "La pièce jointe promise n’est jamais arrivée", []),
    "07-undeclared-latin1.eml": (C, "new_thread", "en panne depuis février, réparé", []),
    "08-unknown-charset.eml": (C, "new_thread", "Mon contrat a été résilié sans préavis.", []),
    "09-rfc2047-headers.eml": (C, "new_thread", "Le compteur tourne même quand tout est éteint.", []),
    "10-broken-rfc2047.eml": (C, "new_thread", "Coupure d'électricité de 12 heures", []),
    "11-base64-body.eml": (C, "new_thread", "le technicien n'est jamais venu", []),
    "12-quoted-printable.eml": (C, "new_thread", "l'option express a été payée.", []),
    "13-outlook-reply-fr.eml": (C, "new_thread", "Je vous joins le bon de livraison signé.", []),
    "14-outlook-reply-en.eml": (C, "new_thread", "The engineer still has not come.", []),
    "15-gmail-reply-fr.eml": (C, "new_thread", "Toujours rien reçu malgré votre promesse.", []),
    "16-gmail-reply-en.eml": (C, "new_thread", "the refund has still not arrived", []),
    "17-forward-rfc822.eml": (C, "new_thread", "Votre commande CMD-7788 sera livrée le 24 février.", []),
    "18-forward-nested-twice.eml": (C, "new_thread", "Où est mon colis 6A123 ?", []),
    "19-gmail-inline-forward.eml": (C, "new_thread", "Votre demande de résiliation est bien enregistrée.", []),
    "20-attachments-pdf-png.eml": (C, "new_thread", "Voici les photos", ["bon-livraison.pdf", "colis.png"]),
    "21-rfc2231-filename.eml": (C, "new_thread", "Facture ci-jointe.", ["facture décembre.pdf"]),
    "22-exe-attachment.eml": (C, "new_thread", "Ouvrez la facture jointe.", []),
    "23-related-inline-image.eml": (C, "new_thread", "Voici l'erreur affichée", ["image001.png"]),
    "24-calendar-invitation.eml": (C, "new_thread", "Je vous propose un appel", ["invite.txt"]),
    "25-calendar-accepted.eml": (IGN, "auto_response_suppress", "", []),
    "26-smime-signed.eml": (C, "new_thread", "Je conteste formellement le prélèvement", []),
    "27-smime-encrypted.eml": (C, "new_thread", "", []),
    "28-missing-message-id.eml": (C, "new_thread", "n'a pas de Message-ID", []),
    "29-missing-subject-and-date.eml": (C, "new_thread", "Le remboursement promis", []),
    "30-missing-from.eml": (Q, "missing_sender", "", []),
    "31-multipart-without-boundary.eml": (C, "new_thread", "commande CMD-999 non livrée", []),
    "32-unterminated-bad-base64.eml": (C, "new_thread", "Le contrat est joint", ["contrat.txt"]),  # what decodes of it
    "33-raw-8bit-headers.eml": (C, "new_thread", "Les en-têtes sont en UTF-8 brut.", []),
    "34-exchange-oof-fr.eml": (IGN, "auto_submitted", "", []),
    "35-exchange-oof-en.eml": (IGN, "auto_response_suppress", "", []),
    "36-gmail-vacation.eml": (IGN, "auto_submitted", "", []),
    "37-zimbra-vacation-fr.eml": (IGN, "auto_submitted", "", []),
    "38-postfix-vacation.eml": (IGN, "autoresponder", "", []),
    "39-postfix-dsn.eml": (IGN, "auto_submitted", "", []),
    "40-exchange-ndr.eml": (IGN, "auto_submitted", "", []),
    "41-gmail-bounce.eml": (IGN, "delivery_report", "", []),
    "42-newsletter-list.eml": (IGN, "precedence", "", []),
    "43-noreply-notification.eml": (IGN, "noreply_sender", "", []),
    "44-read-receipt.eml": (IGN, "delivery_report", "", []),
    "45-own-mail-returned.eml": (IGN, "auto_submitted", "", []),
    "46-english-crlf.eml": (C, "new_thread", "nobody came", []),
    "47-reference-in-subject.eml": (C, "new_thread", "Je relance pour ma demande.", []),
}
# What each subject reads as once decoded (RFC 2047, raw 8-bit, broken words kept as written).
SUBJECTS = {
    "01-plain-utf8.eml": "Colis jamais livré",
    "02-gmail-alternative.eml": "Facture erronée",
    "04-iso-8859-1.eml": "Délai de livraison",
    "05-cp1252-declared-latin1.eml": "Prix facturé",
    "09-rfc2047-headers.eml": "Réclamation : compteur défectueux",
    "33-raw-8bit-headers.eml": "Réclamation urgente",
}
# Bounces: the Message-ID of our mail that each reports as undelivered.
BOUNCED = {
    "39-postfix-dsn.eml": "<outbox-1-20260302100200@doleances.localhost>",
    "40-exchange-ndr.eml": "<outbox-2-20260302100500@doleances.localhost>",
    "41-gmail-bounce.eml": "<outbox-3-20260302100600@doleances.localhost>",
}


def test_every_corpus_file_has_an_expected_outcome():
    assert sorted(p.name for p in CORPUS.glob("*.eml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 40


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_message_becomes_what_it_should(name):
    status, reason, phrase, files = EXPECTED[name]
    raw = (CORPUS / name).read_bytes()

    outcome = receive_mail(raw, origin="import", addresses=OURS)

    assert (outcome.status, outcome.mail.reason) == (status, reason)
    with outcome.mail.raw.open("rb") as stored:
        assert stored.read() == raw
    if status == C:
        complaint = outcome.mail.complaint
        assert phrase in complaint.description
        assert sorted(Attachment.objects.filter(complaint=complaint).values_list("original_name", flat=True)) == sorted(files)
        assert complaint.subject  # a subject is found or made up for every complaint
    if name in SUBJECTS:
        assert outcome.mail.subject == SUBJECTS[name]


@pytest.mark.parametrize("name", sorted(BOUNCED))
def test_each_bounce_names_the_message_it_returns(name):
    parsed = parse_mail((CORPUS / name).read_bytes())
    assert parsed.bounce is not None
    assert BOUNCED[name] in parsed.bounce.message_ids
    assert parsed.bounce.status.startswith("5.1.")


def test_html_is_sanitised_to_text_and_nothing_remote_remains():
    parsed = parse_mail((CORPUS / "03-html-script-tracking.eml").read_bytes())
    for never in ("document.cookie", "alert(", "tracker.example.net", "cdn.example.net", "evil.example/frame", "<"):
        assert never not in parsed.text
    assert "Voir ma commande (https://phish.example/login)" in parsed.text  # where the link really goes


@pytest.mark.parametrize(
    ("name", "shown", "hidden"),
    [
        ("13-outlook-reply-fr.eml", "Je vous joins le bon de livraison signé.", "pouvez-vous nous envoyer"),
        ("14-outlook-reply-en.eml", "I have now waited three weeks.", "Could you tell us"),
        ("15-gmail-reply-fr.eml", "Toujours rien reçu", "sous 48 heures"),
        ("16-gmail-reply-en.eml", "the refund has still not arrived", "within 48 hours"),
        ("19-gmail-inline-forward.eml", "la résiliation n'a jamais été prise en compte", "bien enregistrée"),
    ],
)
def test_quoted_history_is_trimmed_for_display_and_kept_in_the_text(name, shown, hidden):
    parsed = parse_mail((CORPUS / name).read_bytes())
    assert shown in parsed.visible_text
    assert hidden not in parsed.visible_text
    assert hidden in parsed.text

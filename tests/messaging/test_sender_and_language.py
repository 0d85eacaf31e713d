"""Mail reads in the customer's language: the sender's display name and the dates too."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint

PARIS = ZoneInfo("Europe/Paris")
# A Wednesday; ten business days later is Wednesday 16 December 2026.
RECEIVED = datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)


def file_complaint(language: str):
    return receive_complaint(
        CustomerDetails(name="Jeanne Martin", email=f"jeanne.martin.{language}@example.org", language=language),
        ComplaintDetails(subject="Facture erronée", description="Deux fois l'abonnement.", consent=True),
        at=RECEIVED,
    )


@pytest.mark.parametrize(
    ("language", "sender", "due_sentence"),
    [
        (
            "en",
            "Complaints department <reclamations@doleances.localhost>",
            "We will answer you by 16 December 2026 at the latest.",
        ),
        (
            "fr",
            "Service réclamations <reclamations@doleances.localhost>",
            "Nous vous répondrons au plus tard le 16 décembre 2026.",
        ),
    ],
)
def test_acknowledgement_comes_from_the_name_of_the_customers_language(
    db, smtp_server, django_capture_on_commit_callbacks, language, sender, due_sentence
):
    with django_capture_on_commit_callbacks(execute=True):
        file_complaint(language)

    (mail,) = smtp_server.messages
    assert str(mail["From"]) == sender
    assert due_sentence in mail.get_content()


def test_the_display_names_are_settings(db, settings, smtp_server, django_capture_on_commit_callbacks):
    settings.DOLEANCES_FROM_ADDRESS = "care@acme.example"
    settings.DOLEANCES_FROM_NAMES = {"fr": "Acme — Relations clients", "en": "Acme Customer Care"}

    with django_capture_on_commit_callbacks(execute=True):
        file_complaint("en")
        file_complaint("fr")

    assert [str(mail["From"]) for mail in smtp_server.messages] == [
        "Acme Customer Care <care@acme.example>",
        "Acme — Relations clients <care@acme.example>",
    ]

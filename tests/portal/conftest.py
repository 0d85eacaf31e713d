"""Shared pieces of the public-pages tests: a valid form, files, an isolated media folder."""

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def form_data() -> dict:
    return {
        "form_nonce": "nonce-1",
        "name": "Jeanne Martin",
        "email": "jeanne.martin@example.org",
        "phone": "",
        "customer_number": "C-42",
        "kind": "claim",
        "subject": "Facture en double",
        "description": "Ma facture de mars compte deux fois l'abonnement.",
        "order_reference": "CMD-123",
        "remedy_sought": "Un remboursement",
        "claimed_amount": "12,50",
        "consent": "on",
    }

"""Arrangements for analysis tests: a fresh model folder per test, categories with keywords."""

from __future__ import annotations

import pytest
from django.test import override_settings

from doleances.analysis.models import CategoryKeywords
from doleances.complaints.models import Category


@pytest.fixture(autouse=True)
def data_dir(tmp_path):
    """Each test has its own DATA_DIR: no trained model or index leaks between tests."""
    with override_settings(DATA_DIR=tmp_path):
        yield tmp_path


@pytest.fixture
def categories(db) -> dict[str, Category]:
    billing = Category.objects.create(name="Facturation")
    delivery = Category.objects.create(name="Livraison")
    CategoryKeywords.objects.create(category=billing, phrases="facture*\nprélèvement\ninvoice\ncharged twice")
    CategoryKeywords.objects.create(category=delivery, phrases="colis\nlivr*\nparcel\ndelivery")
    return {"billing": billing, "delivery": delivery}

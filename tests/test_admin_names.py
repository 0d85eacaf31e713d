"""The admin speaks French: every model of ours and every app it sits in has a French name."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import trans_real

# Names that are the same in both languages on purpose.
PROPER_NOUNS = {"Doléances"}

OUR_MODELS = sorted(
    (model for model in admin.site._registry if model.__module__.startswith("doleances.")), key=lambda m: m._meta.label
)


def in_language(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def is_translated(text) -> bool:
    """Marked for translation (a lazy string, not a name Django made up) and in the French
    catalogue ("message" is rightly the same word in French)."""
    english = in_language("en", text)
    if english in PROPER_NOUNS:
        return True
    return isinstance(text, Promise) and english in trans_real.translation("fr")._catalog


def test_the_admin_shows_models_of_ours():
    assert len(OUR_MODELS) >= 10


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_every_admin_model_has_a_french_name_singular_and_plural(model):
    names = [model._meta.verbose_name, model._meta.verbose_name_plural]
    assert [str(name) for name in names if not is_translated(name)] == []


def test_every_app_of_ours_in_the_admin_has_a_french_name():
    configs = {apps.get_app_config(model._meta.app_label) for model in OUR_MODELS}
    assert sorted(config.label for config in configs if not is_translated(config.verbose_name)) == []


def test_the_french_admin_index_reads_french(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"

    page = admin_client.get("/admin/").content.decode()

    for english in ("Reference counters", "Attachments", "Complaint events", "Outbox messages"):
        assert english not in page
    assert "Pièces jointes" in page

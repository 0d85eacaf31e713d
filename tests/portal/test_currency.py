"""The amount field names the organisation's currency and gives its example the reader's way."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from doleances.core.templatetags.money import money
from doleances.portal.forms import AmountField, ComplaintForm


@pytest.mark.parametrize(
    ("language", "code", "label", "help_text", "invalid"),
    [
        (
            "en",
            "GBP",
            "Amount you claim, in pounds sterling (optional)",
            "For example 12.50.",
            "Enter the amount as a number, for example 12.50.",
        ),
        (
            "en",
            "EUR",
            "Amount you claim, in euros (optional)",
            "For example 12.50.",
            "Enter the amount as a number, for example 12.50.",
        ),
        (
            "fr",
            "CHF",
            "Montant réclamé, en francs suisses (facultatif)",
            "Par exemple 12,50.",
            "Saisissez le montant en chiffres, par exemple 12,50.",
        ),
    ],
)
def test_amount_label_and_example_follow_the_currency_and_the_language(settings, language, code, label, help_text, invalid):
    settings.DOLEANCES_CURRENCY = code
    with translation.override(language):
        field = ComplaintForm()["claimed_amount"]
        errors = ComplaintForm({"claimed_amount": "douze"}).errors["claimed_amount"]

    assert (str(field.label), str(field.help_text), errors) == (label, help_text, [invalid])


def test_without_a_code_the_symbol_alone_still_names_the_currency(settings):
    settings.DOLEANCES_CURRENCY = ""
    settings.DOLEANCES_CURRENCY_SYMBOL = "£"
    with translation.override("en"):
        assert str(ComplaintForm()["claimed_amount"].label) == "Amount you claim, in pounds sterling (optional)"
        assert money(Decimal("12.5")) == "£12.50"


def test_a_currency_outside_the_table_reads_as_its_code(settings):
    settings.DOLEANCES_CURRENCY = "NOK"
    settings.DOLEANCES_CURRENCY_SYMBOL = ""
    with translation.override("en"):
        assert str(ComplaintForm()["claimed_amount"].label) == "Amount you claim, in NOK (optional)"
        assert money(Decimal("12.5")) == "NOK\u00a012.50"
    with translation.override("fr"):
        assert money(Decimal("12.5")) == "12,50\u00a0NOK"


@pytest.mark.parametrize(("code", "typed"), [("GBP", "£12.50"), ("GBP", "12.50 GBP"), ("CHF", "CHF 12.50"), ("USD", "$12.50")])
def test_the_amount_may_be_typed_with_the_currency(settings, code, typed):
    settings.DOLEANCES_CURRENCY = code
    settings.DOLEANCES_CURRENCY_SYMBOL = ""
    assert AmountField(required=False, max_digits=12, decimal_places=2).clean(typed) == Decimal("12.50")


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,200", "1200"),  # an English customer's thousands: not 1.20
        ("1.200", "1200"),
        ("12,345,678", "12345678"),
        ("1 200", "1200"),
        ("1,20", "1.20"),
        ("1.20", "1.20"),
        ("12,5", "12.5"),
        ("1,234.50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("0,125", None),  # three decimals: refused, not read as thousands
    ],
)
def test_groups_of_three_digits_after_a_lone_separator_are_thousands(typed, amount):
    field = AmountField(required=False, max_digits=12, decimal_places=2)
    if amount is None:
        with pytest.raises(ValidationError):
            field.clean(typed)
    else:
        assert field.clean(typed) == Decimal(amount)

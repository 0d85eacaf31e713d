"""Amounts read the reader's way, in the organisation's currency."""

from decimal import Decimal

from django.utils import translation

from doleances.core.templatetags.money import money


def test_french_puts_the_symbol_after_with_a_non_breaking_space_and_french_separators(settings):
    settings.DOLEANCES_CURRENCY_SYMBOL = "€"
    with translation.override("fr"):
        assert money(Decimal("1234.5")) == "1\u00a0234,50\u00a0€"
        assert money(Decimal("48000.00"), "-2") == "48\u00a0000\u00a0€"
        assert money(None) == ""


def test_english_puts_the_symbol_first_and_the_currency_is_a_setting(settings):
    settings.DOLEANCES_CURRENCY_SYMBOL = "£"
    with translation.override("en"):
        assert money(Decimal("1234.5")) == "£1,234.50"
        assert money(Decimal("48000"), "-2") == "£48,000"

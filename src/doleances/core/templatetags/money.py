"""`{{ amount|money }}`: an amount in the organisation's currency, written the reader's way
("1 234,50 €" in French, "€1,234.50" in English)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

register = template.Library()


@register.filter
def money(value, decimals: str = "2") -> str:
    """`decimals` as for floatformat: "2" always shows cents, "-2" only when there are some."""
    if value is None or value == "":
        return ""
    amount = floatformat(value, f"{decimals}g")
    symbol = settings.DOLEANCES_CURRENCY_SYMBOL
    if (get_language() or "").startswith("en"):
        return f"{symbol}{amount}"
    return f"{amount}\u00a0{symbol}"

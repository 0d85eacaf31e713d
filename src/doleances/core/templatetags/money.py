"""`{{ amount|money }}`: an amount in the organisation's currency, written the reader's way
("1 234,50 €" in French, "€1,234.50" in English)."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

from doleances.core import currency

register = template.Library()


@register.filter
def money(value: object, decimals: str = "2") -> str:
    """`decimals` as for floatformat: "2" always shows cents, "-2" only when there are some."""
    if value is None or value == "":
        return ""
    amount = floatformat(value, f"{decimals}g")
    symbol = currency.current().symbol
    if (get_language() or "").startswith("en"):
        # "£12.50", but "CHF 12.50": a symbol made of letters needs a space.
        return f"{symbol}\u00a0{amount}" if symbol[-1:].isalpha() else f"{symbol}{amount}"
    return f"{amount}\u00a0{symbol}"

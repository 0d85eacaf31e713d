"""The organisation's currency (settings.DOLEANCES_CURRENCY, an ISO 4217 code): its symbol and its
name in the reader's language, for amounts and for the words around them ("Amount you claim, in
pounds sterling"). A small table of the currencies our users have; any other code reads as itself
("CHF 12.50", "in NOK") rather than wrongly as euros."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEFAULT_CODE = "EUR"


@dataclass(frozen=True)
class Currency:
    code: str
    symbol: str
    name: str | Promise  # plural, as in "an amount in euros"


KNOWN = {
    "EUR": Currency("EUR", "€", _("euros")),
    "GBP": Currency("GBP", "£", _("pounds sterling")),
    "USD": Currency("USD", "$", _("US dollars")),
    "CAD": Currency("CAD", "$", _("Canadian dollars")),
    "CHF": Currency("CHF", "CHF", _("Swiss francs")),
    "XOF": Currency("XOF", "F\u202fCFA", _("CFA francs")),
    "XPF": Currency("XPF", "F\u202fCFP", _("CFP francs")),
}


def current() -> Currency:
    code = settings.DOLEANCES_CURRENCY
    symbol = settings.DOLEANCES_CURRENCY_SYMBOL
    if not code:
        # Only the symbol is set (the one setting there was before the code): name it from the table.
        code = next((c.code for c in KNOWN.values() if symbol and c.symbol == symbol), DEFAULT_CODE if not symbol else "")
    known = KNOWN.get(code)
    if known is None:
        return Currency(code or symbol, symbol or code, code or symbol)
    return Currency(known.code, symbol or known.symbol, known.name)

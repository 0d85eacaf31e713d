"""How a decision reads in a letter and in a notice: plain values for the templates."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import formats, translation
from django.utils.timezone import localtime

from doleances.answers.models import Outcome, Remedy
from doleances.core import currency


def amount_text(amount: Decimal | None, code: str) -> str:
    if amount is None:
        return ""
    known = currency.KNOWN.get(code)
    symbol = known.symbol if known else code
    number = formats.number_format(amount, 2, use_l10n=True, force_grouping=True)
    if (translation.get_language() or "").startswith("en"):
        return f"{symbol}\u00a0{number}" if symbol[-1:].isalpha() else f"{symbol}{number}"
    return f"{number}\u00a0{symbol}"


def remedy_text(remedy: str, amount: Decimal | None, code: str) -> str:
    label = str(Remedy(remedy).label)
    money = amount_text(amount, code)
    return f"{label} ({money})" if money else label


def outcome_text(outcome: str) -> str:
    return str(Outcome(outcome).label)


def date_text(value: datetime | None) -> str:
    return formats.date_format(localtime(value), "DATE_FORMAT") if value else ""

"""Cells for CSV and spreadsheet exports (pure): text a customer wrote is never run as a formula.

A cell starting with =, +, -, @, a tab or a carriage return is a formula to Excel, LibreOffice
and Google Sheets (CSV injection); prefixed with an apostrophe it is shown as the text it is.
Every export of customer text passes its cells through `safe_cell`.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

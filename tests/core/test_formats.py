"""Dates read the same to every English reader: day before month, month in words, 24-hour clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation
from django.utils.formats import date_format

AT = datetime(2026, 12, 16, 14, 5, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        ("en", "DATE_FORMAT", "16 December 2026"),
        ("en", "DATETIME_FORMAT", "16 December 2026, 14:05"),
        ("en", "SHORT_DATE_FORMAT", "16 Dec 2026"),
        ("en", "SHORT_DATETIME_FORMAT", "16 Dec 2026, 14:05"),
        ("en", "TIME_FORMAT", "14:05"),
        ("fr", "DATE_FORMAT", "16 décembre 2026"),
        ("fr", "SHORT_DATE_FORMAT", "16/12/2026"),
    ],
)
def test_named_formats(language, name, expected):
    with translation.override(language):
        assert date_format(AT, name) == expected


class DateForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("typed", ["2026-12-16", "16 December 2026", "16 Dec 2026", "December 16, 2026"])
def test_english_date_fields_accept_the_unambiguous_forms(typed):
    with translation.override("en"):
        form = DateForm({"day": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2026, 12, 16)


def test_english_date_fields_refuse_a_slashed_date_that_reads_two_ways():
    with translation.override("en"):
        form = DateForm({"day": "12/02/2026"})
        assert form.errors == {"day": ["Enter a valid date."]}


def test_english_date_fields_show_the_iso_form():
    with translation.override("en"):
        assert 'value="2026-12-16"' in str(DateForm(initial={"day": date(2026, 12, 16)})["day"])

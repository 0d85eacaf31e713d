"""The answer form of the case page (issue 20): decision, reasons, remedy, template, letter."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from doleances.answers.models import Outcome, Remedy
from doleances.core import currency
from doleances.core.errors import DoleancesError, all_errors
from doleances.messaging.mandatory import LetterKind
from doleances.messaging.models import ResponseTemplate


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Why this decision: they go into the letter."),
    )
    remedy = forms.ChoiceField(label=_("Remedy offered"), choices=Remedy.choices)
    amount = forms.DecimalField(label=_("Amount"), required=False, min_value=0, max_digits=12, decimal_places=2)
    currency = forms.RegexField(label=_("Currency"), regex=r"^[A-Za-z]{3}$", required=False, max_length=3)
    measures = forms.CharField(
        label=_("Measures taken (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=ResponseTemplate.objects.none(),
        required=False,
        empty_label=_("The usual one for this decision"),
    )
    subject = forms.CharField(label=_("Subject"), required=False, max_length=250)
    body = forms.CharField(
        label=_("Letter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=20_000,
        strip=False,
        help_text=_("Prepare the letter from the template, then read and edit it before sending."),
    )

    def __init__(self, *args, language: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rows = ResponseTemplate.objects.filter(letter=LetterKind.FINAL_RESPONSE, is_active=True)
        self.fields["template"].queryset = rows.filter(language=language) if language else rows
        self.fields["currency"].initial = currency.current().code or settings.DOLEANCES_CURRENCY

    def add_service_error(self, error: DoleancesError) -> None:
        for one in all_errors(error):
            field = one.field if one.field in self.fields else None
            self.add_error(field, one.message)

"""The "Words used" page: the most frequent words and phrases of a period, and terms on the rise."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from doleances.agent.guards import staff_required
from doleances.analytics import selectors
from doleances.complaints.enums import Channel
from doleances.complaints.models import Category
from doleances.core import clock

MAX_PERIOD_DAYS = 366
PERIODS = (("7", _("Last 7 days")), ("30", _("Last 30 days")), ("90", _("Last 90 days")), ("custom", _("From … to …")))


# A browser's date picker takes only ISO values (2026-12-16) and shows them the reader's way;
# the language's first input format ("16/12/2026" in French) would leave it blank.
ISO_DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class TermsForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    start = forms.DateField(label=pgettext_lazy("date range", "From"), required=False, widget=ISO_DATE_INPUT)
    end = forms.DateField(label=pgettext_lazy("date range", "To"), required=False, widget=ISO_DATE_INPUT)
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.filter(is_active=True), empty_label=_("All categories")
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices])

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        period = data.get("period") or ("custom" if start or end else "30")
        data["period"] = period
        if period != "custom":
            data["end"] = self.today
            data["start"] = self.today - timedelta(days=int(period) - 1)
            return data
        if self.errors:
            return data
        if start is None or end is None:
            raise forms.ValidationError(_("Give both a start date and an end date."), code="missing_date")
        if end < start:
            raise forms.ValidationError(_("The end date is before the start date."), code="end_before_start")
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise forms.ValidationError(
                _("The period is too long: at most %(days)s days.") % {"days": MAX_PERIOD_DAYS}, code="too_long"
            )
        return data


def _day_start(day: date) -> datetime:
    """Midnight at the start of `day`, local time (the dates a person types are local days)."""
    return timezone.make_aware(datetime.combine(day, time.min))


@staff_required
@require_GET
def terms_page(request: HttpRequest) -> HttpResponse:
    at = clock.now()
    today = timezone.localdate(at)
    form = TermsForm(request.GET or {"period": "30"}, today=today)
    context: dict = {
        "form": form,
        "max_rows": selectors.MAX_ROWS,
        "min_documents": selectors.MIN_DOCUMENTS,
        "min_phrase_documents": selectors.MIN_PHRASE_DOCUMENTS,
    }
    if form.is_valid():
        data = form.cleaned_data
        start, end = _day_start(data["start"]), _day_start(data["end"] + timedelta(days=1))
        filters = {"category": data.get("category"), "channel": data.get("channel") or None}
        context.update(
            period_start=data["start"],
            period_end=data["end"],
            occurrences=selectors.term_occurrences(request.user, start=start, end=end, **filters),
            emerging=selectors.emerging_terms_for(request.user, end=min(end, at), **filters),
        )
    return render(request, "agent/terms.html", context)

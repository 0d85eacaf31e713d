"""Forms of the staff UI: they check the shape of a request; services apply the rules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from doleances.complaints.enums import ACTION_LABELS, Status
from doleances.complaints.lifecycle import Action
from doleances.complaints.selectors import ComplaintFilters
from doleances.core.errors import DoleancesError

MAX_NOTE = 2000


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=Status.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    open = forms.BooleanField(label=_("Open only"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    # Issue 19: the next deadline.
    deadline = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            ("", _("Any deadline")),
            ("breached", _("Deadline passed")),
            ("today", _("Due today")),
            ("week", _("Due this week")),
            ("at_risk", _("At risk (due within two days)")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Default")),
            ("due", _("Next deadline first")),
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
        ],
    )

    def __init__(self, *args, teams=(), people=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Unassigned")),
            *((str(p.pk), p.get_full_name() or p.get_username()) for p in people),
        ]
        self.fields["team"].choices = [("", _("All teams")), *((t.pk, t.name) for t in teams)]

    def to_filters(self) -> ComplaintFilters:
        """The filters of a valid form; an invalid one filters nothing it could not read."""
        data = self.cleaned_data if self.is_valid() else {}
        return ComplaintFilters(
            statuses=tuple(data.get("status") or ()),
            assignee=data.get("assignee") or "",
            team=data.get("team"),
            overdue=bool(data.get("overdue")),
            open_only=bool(data.get("open")),
            search=data.get("q") or "",
            deadline=data.get("deadline") or "",
            sort=data.get("sort") or "",
        )


class ServiceErrorMixin:
    """Show a `DoleancesError` from a service on the form, on its field when it names one."""

    def add_service_error(self, error: DoleancesError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class AssignForm(ServiceErrorMixin, forms.Form):
    # Any active person: whether they may handle the complaint is the service's decision,
    # so a refused choice gets the service's clear reason.
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=get_user_model().objects.filter(is_active=True), required=False
    )

    def __init__(self, *args, candidates=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)


class LongTextForm(ServiceErrorMixin, forms.Form):
    """A message body that stops where the services would refuse it (the setting is read when the
    form is made, as the services read it when they check)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.DOLEANCES_MAX_DESCRIPTION_CHARS
        body = self.fields["body"]
        body.max_length = limit
        body.validators.append(MaxLengthValidator(limit))


class NoteForm(LongTextForm):
    body = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(LongTextForm):
    body = forms.CharField(label=_("Reply to the customer"), widget=forms.Textarea(attrs={"rows": 6}))


TRANSITION_CHOICES = [(a.value, ACTION_LABELS[a.value]) for a in Action if a != Action.MERGE]


class TransitionForm(ServiceErrorMixin, forms.Form):
    action = forms.ChoiceField(choices=TRANSITION_CHOICES)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(label=_("I confirm that the customer withdrew this complaint"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == Action.WITHDRAW and not data.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm the withdrawal."))
        return data


class MergeForm(ServiceErrorMixin, forms.Form):
    into = forms.CharField(label=_("Merge into (reference)"), max_length=32)

    def clean_into(self) -> str:
        return self.cleaned_data["into"].strip().upper()

"""Forms of the staff UI: they check the shape of a request; services apply the rules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from doleances.complaints.enums import ACTION_LABELS, CustomerKind, Priority, Status
from doleances.complaints.lifecycle import Action
from doleances.complaints.models import Team
from doleances.complaints.selectors import ComplaintFilters
from doleances.core.errors import DoleancesError
from doleances.routing.bulk import BulkAction
from doleances.routing.models import TAG_MAX_LENGTH

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
    # Issue 17: internal requesters' complaints apart.
    requester = forms.ChoiceField(label=_("Requester"), required=False, choices=[("", _("Any requester")), *CustomerKind.choices])
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
            requester_kind=data.get("requester") or "",
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


class BulkForm(ServiceErrorMixin, forms.Form):
    """One action on the cases ticked in the list (issue 18). Which value each action needs, and
    whether each case may take it, is the services' decision (`routing.bulk`)."""

    references = forms.MultipleChoiceField(label=_("Complaints"), required=False)
    action = forms.ChoiceField(label=_("Action"), choices=BulkAction.choices)
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=get_user_model().objects.filter(is_active=True), required=False
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.filter(is_active=True), required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=[("", "—"), *Priority.choices], required=False)
    tag = forms.CharField(label=_("Tag"), max_length=TAG_MAX_LENGTH, required=False)
    reason = forms.CharField(label=_("Reason for the escalation"), max_length=MAX_NOTE, required=False)

    def __init__(self, *args, people=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Any reference: one the person may not see is refused case by case, like a missing one.
        references = self.data.getlist("references") if hasattr(self.data, "getlist") else []
        self.fields["references"].choices = [(r, r) for r in references]
        self.people = list(people)

"""Forms of the assisted intake and of the customer pages (issue 17): they check the shape of the
request; `intake.assisted` and `complaints.customer_services` apply the rules."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doleances.agent.forms import ServiceErrorMixin
from doleances.complaints.enums import Channel, CustomerKind, Kind
from doleances.core import clock
from doleances.core.forms import MultipleFileField
from doleances.intake.assisted import ASSISTED_CHANNELS, AssistedComplaint
from doleances.intake.services import CustomerDetails


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


class AssistedIntakeForm(ServiceErrorMixin, forms.Form):
    # Services name these fields in their errors; the form shows each error beside its field.
    channel = forms.ChoiceField(
        label=_("How did the complaint reach us?"),
        choices=[(c.value, c.label) for c in ASSISTED_CHANNELS],
        widget=forms.RadioSelect,
    )
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    email = forms.CharField(label=_("Email"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    customer_number = forms.CharField(label=_("Customer number"), required=False, max_length=64)
    # Not required: a chosen customer has their own (the service checks a new customer's).
    customer_kind = forms.ChoiceField(
        label=_("Requester"),
        choices=CustomerKind.choices,
        initial=CustomerKind.EXTERNAL,
        widget=forms.RadioSelect,
        required=False,
    )
    department = forms.CharField(label=_("Department"), required=False, max_length=200)
    language = forms.ChoiceField(
        label=_("Language of the customer"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE, required=False
    )
    kind = forms.ChoiceField(label=_("Kind of request"), choices=Kind.choices, initial=Kind.COMPLAINT)
    words = forms.CharField(
        label=_("The customer's own words"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("What the customer said or wrote, as close to their words as you can."),
    )
    restatement = forms.CharField(
        label=_("Your restatement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Say back to the customer what you understood, in a few factual sentences."),
    )
    restatement_confirmed = forms.BooleanField(label=_("The customer confirmed this restatement"), required=False)
    subject = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=200,
        help_text=_("Leave blank to use the start of the restatement."),
    )
    remedy_sought = forms.CharField(
        label=_("What the customer asks for"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    received_at = forms.DateField(
        label=_("First expressed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The day the letter arrived, or the day the customer first told us (their adviser included). "
            "The regulatory deadline runs from it. Blank: now."
        ),
    )
    received_time = forms.TimeField(
        label=_("Time, if known"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    attachments = MultipleFileField(label=_("Scanned letter or documents"), required=False)
    send_written_record = forms.BooleanField(
        label=_("Send the customer a written record of this oral complaint, to confirm it"), required=False
    )
    form_nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def received_moment(self) -> datetime | None:
        """The date (and time) typed, in the desk's time zone; today without a time is now, an
        earlier day without a time its first minute (the deadline never starts later than it should)."""
        day: date | None = self.cleaned_data.get("received_at")
        moment: time | None = self.cleaned_data.get("received_time")
        if day is None:
            return None
        now = timezone.localtime(clock.now())
        if moment is None:
            if day == now.date():
                return None
            moment = time(0, 0)
        return timezone.make_aware(datetime.combine(day, moment))

    def assisted_complaint(self) -> AssistedComplaint:
        data = self.cleaned_data
        return AssistedComplaint(
            channel=data["channel"],
            words=data["words"],
            subject=data["subject"],
            restatement=data["restatement"],
            restatement_confirmed=data["restatement_confirmed"],
            received_at=self.received_moment(),
            kind=data["kind"],
            remedy_sought=data["remedy_sought"],
            send_written_record=data["send_written_record"],
        )

    def new_customer(self) -> CustomerDetails:
        data = self.cleaned_data
        return CustomerDetails(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            organisation=data["organisation"],
            customer_number=data["customer_number"],
            language=data["language"] or settings.LANGUAGE_CODE,
            kind=data["customer_kind"] or CustomerKind.EXTERNAL,
            department=data["department"],
        )

    @property
    def oral_channels(self) -> list[str]:
        return [Channel.PHONE.value, Channel.IN_PERSON.value]


class CustomerMergeForm(ServiceErrorMixin, forms.Form):
    into = forms.IntegerField(label=_("Record to keep"), widget=forms.HiddenInput)

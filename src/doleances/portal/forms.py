"""Public forms: shape checks only (types, choices, lengths). The services own every rule
(contact details, phone and email validity, consent, limits, attachment types) and the
views map their `DoleancesError` onto these forms."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from doleances.complaints.enums import Kind
from doleances.complaints.file_types import accept_attribute, accepted_types_text
from doleances.core import currency
from doleances.core.errors import DoleancesError, all_errors
from doleances.core.forms import MultipleFileField

AMOUNT_EXAMPLE = Decimal("12.50")
# Plain-words explanation shown under each choice of "kind".
KIND_EXPLANATIONS = {
    Kind.COMPLAINT: _("You are dissatisfied with a product, a service or the way you were treated."),
    Kind.CLAIM: _("You ask us to honour a commitment: a refund, a delivery, a replacement or a repair."),
}
KIND_LABELS = {
    Kind.COMPLAINT: _("A complaint"),
    Kind.CLAIM: _("A claim"),
}


class AccessibleBoundField(forms.BoundField):
    """Points every input at its help text and its error (ids `<id>_helptext`, `<id>_error`)."""

    @property
    def aria_describedby(self) -> str:
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}_helptext")
            extra = self.field.widget.attrs.get("data-describedby")
            if extra:
                ids.append(extra)
            if self.errors:
                ids.append(f"{self.auto_id}_error")
        return " ".join(ids)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        # Fieldset widgets (radios) do not get the attribute from Django; the fieldset carries it.
        if self.aria_describedby and not self.use_fieldset:
            attrs["aria-describedby"] = self.aria_describedby
        return attrs


class PortalForm(forms.Form):
    bound_field_class = AccessibleBoundField

    def add_service_error(self, error: DoleancesError) -> None:
        """Show every service refusal beside the field it names (or at the top of the form),
        except on a field whose shape was already refused (one error per thing to fix)."""
        refused_shapes = set(self.errors)
        for one in all_errors(error):
            field = one.field if one.field in self.fields else None
            if field not in refused_shapes:
                self.add_error(field, one.message)


def files_to_choose_again(error: DoleancesError | None, chosen: list) -> str:
    """Plain words on the files a form sent back needs again: a browser never keeps them."""
    refused = {getattr(one, "file_name", None) for one in all_errors(error)} if error else set()
    if len(chosen) > settings.DOLEANCES_MAX_ATTACHMENTS:
        return _("Choose at most %(max)d files again: a form sent back to you cannot keep the files you had chosen.") % {
            "max": settings.DOLEANCES_MAX_ATTACHMENTS
        }
    names = [f.name for f in chosen if f.name not in refused]
    if not names:
        return ""
    return ngettext(
        "Choose this file again: %(names)s. A form sent back to you cannot keep the files you had chosen.",
        "Choose these files again: %(names)s. A form sent back to you cannot keep the files you had chosen.",
        len(names),
    ) % {"names": ", ".join(names)}


THOUSANDS_ONLY = re.compile(r"[1-9]\d{0,2}([.,])\d{3}(?:\1\d{3})*")


class AmountField(forms.DecimalField):
    """A money amount typed the French way ("12,50", "1 234,50 €") or the English way ("1,234.50")."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        money = currency.current()
        for noise in (money.symbol, money.code, money.code.lower(), "€", "EUR", "eur", " ", "\u00a0", "\u202f"):
            text = text.replace(noise, "")
        if THOUSANDS_ONLY.fullmatch(text):
            # "1,200" or "1.200": money has two decimals at most, so groups of three digits after a
            # lone separator are thousands, whatever the reader's language ("1,20" stays 1.20).
            text = text.replace(",", "").replace(".", "")
        elif "," in text and "." in text:
            # The last separator is the decimal one; the other groups thousands.
            thousands = "," if text.rfind(".") > text.rfind(",") else "."
            text = text.replace(thousands, "")
        text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not amount.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return amount

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs


def attachment_limits_text() -> str:
    return _("Up to %(count)d files, %(size)s each at most.") % {
        "count": settings.DOLEANCES_MAX_ATTACHMENTS,
        "size": filesizeformat(settings.DOLEANCES_MAX_ATTACHMENT_BYTES),
    }


def describe_attachments(field: forms.Field) -> None:
    """What may be attached, as the check of each file reads it (`complaints.file_types`)."""
    field.help_text = f"{accepted_types_text()} {attachment_limits_text()}"
    field.widget.attrs["accept"] = accept_attribute()  # a hint for the picker; the bytes are checked


class ComplaintForm(PortalForm):
    form_nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.CharField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false", "data-describedby": "contact_help"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "data-describedby": "contact_help"}),
    )
    customer_number = forms.CharField(
        label=_("Customer number (optional)"),
        required=False,
        max_length=64,
        help_text=_("You will find it on your invoices or contract."),
    )
    kind = forms.ChoiceField(
        label=_("What are you asking for?"),
        choices=list(KIND_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a complaint or a claim.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("A few words, for example “Invoice charged twice”."),
        error_messages={"required": _("Enter a subject.")},
    )
    description = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Tell us what happened.")},
    )
    order_reference = forms.CharField(
        label=_("Order or contract reference (optional)"),
        required=False,
        max_length=100,
    )
    remedy_sought = forms.CharField(
        label=_("What would you like us to do? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a refund, a replacement, a repair, an apology."),
    )
    # Label, example and error name the organisation's currency and follow the reader's
    # decimal separator: set per request in __init__.
    claimed_amount = AmountField(required=False, max_digits=12, decimal_places=2)
    attachments = MultipleFileField(label=_("Files (optional)"), required=False)
    consent = forms.BooleanField(
        label=_("I agree that my personal data is used to handle my complaint."),
        help_text=_("We use it only to handle your request and keep it as long as the law requires."),
        # Same words as the intake service, which checks consent again for every web request.
        error_messages={"required": _("Please accept that we process your data to handle your complaint.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].help_text = _(
            "Tell us what happened, when, and what you have already tried. %(max)s characters at most."
        ) % {"max": number_format(settings.DOLEANCES_MAX_DESCRIPTION_CHARS, force_grouping=True)}
        self.fields["description"].widget.attrs["data-max-length"] = str(settings.DOLEANCES_MAX_DESCRIPTION_CHARS)
        amount = self.fields["claimed_amount"]
        example = number_format(AMOUNT_EXAMPLE, decimal_pos=2)
        amount.label = _("Amount you claim, in %(currency)s (optional)") % {"currency": currency.current().name}
        amount.help_text = _("For example %(amount)s.") % {"amount": example}
        amount.error_messages["invalid"] = _("Enter the amount as a number, for example %(amount)s.") % {"amount": example}
        describe_attachments(self.fields["attachments"])


class AddInformationForm(PortalForm):
    form_nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Add any detail or document that helps us handle your request."),
        error_messages={"required": _("Write your message.")},
    )
    attachments = MultipleFileField(label=_("Documents (optional)"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        describe_attachments(self.fields["attachments"])

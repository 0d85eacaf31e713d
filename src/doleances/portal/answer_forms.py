"""Portal forms of the answer: the customer's reply to the remedy, withdrawal, a lost link, the
satisfaction survey."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from doleances.portal.forms import PortalForm

RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class RemedyResponseForm(PortalForm):
    choice = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("I accept this proposal")), ("refuse", _("I refuse this proposal"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you accept or refuse.")},
    )
    reason = forms.CharField(
        label=_("If you refuse, tell us why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your request is then reopened and looked at again."),
    )


class WithdrawForm(PortalForm):
    reason = forms.CharField(
        label=_("Why do you withdraw it? (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("I withdraw my request: it will not be handled any further"),
        error_messages={"required": _("Tick the box to confirm that you withdraw your request.")},
    )


class LostLinkForm(PortalForm):
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("The one you gave with your request. We send the link there, and only there."),
        error_messages={
            "required": _("Write your email address."),
            "invalid": _("Write an email address like name@example.com."),
        },
    )


class SurveyForm(PortalForm):
    solved = forms.ChoiceField(
        label=_("Was your problem solved?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us whether your problem was solved.")},
    )
    outcome_rating = forms.ChoiceField(
        label=_("The outcome: how fair was our answer? (1 = not at all, 5 = completely)"),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a mark from 1 to 5.")},
    )
    process_rating = forms.ChoiceField(
        label=_("The process: the time it took, the steps, being kept informed (1 = very poor, 5 = very good)"),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a mark from 1 to 5.")},
    )
    treatment_rating = forms.ChoiceField(
        label=_("How you were treated: listened to, respected (1 = very poorly, 5 = very well)"),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a mark from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us? (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

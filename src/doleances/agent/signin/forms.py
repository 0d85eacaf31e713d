from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from doleances.agent.tasks import send_password_reset_mail


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "")


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail leaves from the worker: the page answers in the same time
    whether or not an account has this address."""

    def save(self, *args, **kwargs) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            send_password_reset_mail(user.pk, language=get_language())

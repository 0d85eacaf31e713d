"""Sign-in steps of the staff UI: password (with lockout), second factor, enrolment, reset."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from doleances.agent.signin import security_log
from doleances.agent.signin.forms import CodeForm, StaffPasswordResetForm
from doleances.agent.signin.policy import second_factor_required
from doleances.agent.signin.qr import qr_svg, secret_for_typing

LOGIN_TEMPLATE = "agent/login.html"


class StaffLoginView(auth_views.LoginView):
    template_name = LOGIN_TEMPLATE
    redirect_authenticated_user = True


def locked_out(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None) -> HttpResponse:
    """django-axes' lockout response: the login page again, saying why and until when (429)."""
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"form": form, "locked_out": True, "lockout_minutes": minutes, "next": request.POST.get("next", "")}
    return render(request, LOGIN_TEMPLATE, context, status=429)


def admin_login(request: HttpRequest) -> HttpResponse:
    """/admin/login/ is the staff login: one door, with the same lockout and second factor."""
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('agent:login')}?{urlencode({'next': target})}")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _verified(request: HttpRequest, device) -> HttpResponse:
    otp_login(request, device)
    request.session.cycle_key()  # a new session key once fully signed in
    return redirect(_next_url(request))


def verify(request: HttpRequest) -> HttpResponse:
    """Second step: the code of the authenticator app, after the password."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(_next_url(request))
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect(f"{reverse('agent:two_factor_enrol')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices_for_user(user):
            allowed, _why = device.verify_is_allowed()
            if not allowed:
                security_log.record("2fa.throttled", request, username=user.get_username())
                form.add_error("code", _("Too many wrong codes: wait a minute, then type the code your app shows now."))
                break
            if device.verify_token(form.cleaned_data["code"]):
                security_log.record("2fa.verified", request, username=user.get_username())
                return _verified(request, device)
        else:
            security_log.record("2fa.failed", request, username=user.get_username())
            form.add_error("code", _("This code is not right. Type the code your app shows now."))
    return render(request, "agent/signin/verify.html", {"form": form, "next": _next_url(request)})


def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: a QR code drawn here and the secret as text; the first right
    code confirms the device (and replaces any earlier one)."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user.is_verified() and user_has_device(user):
        # Enrolling a new app takes the current one: otherwise the password alone would do.
        return redirect(f"{reverse('agent:two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not pending.verify_is_allowed()[0]:
            form.add_error("code", _("Too many wrong codes: wait a minute, then type the code your app shows now."))
        elif pending.verify_token(form.cleaned_data["code"]):
            TOTPDevice.objects.filter(user=user).exclude(pk=pending.pk).delete()
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            security_log.record("2fa.enrolled", request, username=user.get_username())
            messages.success(request, _("Two-step verification is on: each sign-in will ask for your app's code."))
            return _verified(request, pending)
        else:
            security_log.record("2fa.enrolment_failed", request, username=user.get_username())
            form.add_error(
                "code", _("This code is not right. Check the time of your phone, then type the code your app shows now.")
            )
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": qr_svg(pending.config_url),
        "secret": secret_for_typing(pending.bin_key),
        "required": second_factor_required(user),
        "already_on": user.is_verified(),
    }
    return render(request, "agent/signin/enrol.html", context)


password_reset = auth_views.PasswordResetView.as_view(
    form_class=StaffPasswordResetForm,
    template_name="agent/signin/password_reset_form.html",
    success_url=reverse_lazy("agent:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="agent/signin/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="agent/signin/password_reset_confirm.html",
    success_url=reverse_lazy("agent:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(template_name="agent/signin/password_reset_complete.html")

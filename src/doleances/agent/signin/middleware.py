"""Two gates every request passes after authentication: the session's age, then the second factor."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

from doleances.agent.signin.policy import needs_second_factor
from doleances.core import clock

SIGNED_IN_AT = "doleances_signed_in_at"
LAST_SEEN = "doleances_last_seen"
# Refresh the idle clock at most this often: one session write a minute, not one per request.
TOUCH_EVERY_SECONDS = 60


def start_session_clock(sender, request, user, **kwargs) -> None:
    """Receiver of django.contrib.auth's user_logged_in: both limits count from the sign-in."""
    if request is not None and hasattr(request, "session"):
        now = clock.now().timestamp()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


class SessionLimitsMiddleware:
    """Ends a staff session after DOLEANCES_SESSION_IDLE_MINUTES without a request, and
    DOLEANCES_SESSION_MAX_HOURS after sign-in whatever the activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = clock.now().timestamp()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen = session.get(LAST_SEEN, now)
            idle = now - last_seen > settings.DOLEANCES_SESSION_IDLE_MINUTES * 60
            too_old = now - signed_in_at > settings.DOLEANCES_SESSION_MAX_HOURS * 3600
            if idle or too_old:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= TOUCH_EVERY_SECONDS or LAST_SEEN not in session:
                # Also refreshes the cookie's and the stored session's expiry (SESSION_COOKIE_AGE).
                session[LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until the code is given, a session signed in with the password alone may only verify,
    enrol (when it has no device yet), change language or log out: every other page, /admin/
    included, sends it to the verification step."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_factor(request.user) and request.path not in self._open_paths():
            target = "agent:two_factor_verify" if user_has_device(request.user) else "agent:two_factor_enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> set[str]:
        names = ("agent:two_factor_verify", "agent:two_factor_enrol", "agent:logout", "set_language", "healthz")
        return {reverse(name) for name in names}

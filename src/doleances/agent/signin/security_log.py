"""The security log (logger "doleances.security", file DATA_DIR/security.log): failed sign-ins,
lockouts, second-factor failures and refusals, with username, address and time; never a password
or a code."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger("doleances.security")


def client_ip(request: HttpRequest) -> str:
    """The client's address: the proxy's header when DOLEANCES_CLIENT_IP_HEADER names one (the same
    one the rate limits read), else the socket's."""
    header = getattr(settings, "RATELIMIT_IP_META_KEY", "") or "REMOTE_ADDR"
    return request.META.get(header) or request.META.get("REMOTE_ADDR", "")


def record(event: str, request: HttpRequest | None, *, username: str = "", **details: object) -> None:
    """One line per event; values are repr()-quoted so a crafted username cannot forge a line."""
    ip = client_ip(request) if request is not None else ""
    path = request.path if request is not None else ""
    extra = "".join(f" {key}={value!r}" for key, value in details.items())
    level = logging.INFO if event in {"signin.succeeded", "2fa.verified", "2fa.enrolled"} else logging.WARNING
    logger.log(level, "%s username=%r ip=%r path=%r%s", event, username, ip, path, extra)


def username_of(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else ""


# Receivers of django.contrib.auth's and django-axes' own signals (framework events, not calls
# between our apps); connected in AgentConfig.ready().
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    record("signin.failed", request, username=str(credentials.get("username", "")))


def on_logged_in(sender, request, user, **kwargs) -> None:
    record("signin.succeeded", request, username=user.get_username())


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    record("signin.locked_out", request, username=username or "")

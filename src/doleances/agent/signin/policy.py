"""Who must give a second factor, and whether this session has given it."""

from __future__ import annotations

from django.conf import settings
from django_otp import user_has_device

from doleances.complaints import access, roles


def second_factor_required(user) -> bool:
    """Members of DOLEANCES_2FA_REQUIRED_ROLES must enrol; superusers count as administrators."""
    required = set(settings.DOLEANCES_2FA_REQUIRED_ROLES)
    if user.is_superuser and roles.ADMINISTRATOR in required:
        return True
    return bool(access.role_names(user) & required)


def needs_second_factor(user) -> bool:
    """Signed in with the password but not yet with the code, while a code is due: because the
    role requires one, or because the person enrolled an app of their own accord."""
    # is_verified comes from django-otp's middleware; a request built without it counts as unverified.
    verified = getattr(user, "is_verified", lambda: False)
    if not user.is_authenticated or verified():
        return False
    if second_factor_required(user):
        return True
    # Asked by the middleware and by the menu: one query per request, not two.
    if not hasattr(user, "_doleances_has_device"):
        user._doleances_has_device = user_has_device(user)
    return user._doleances_has_device

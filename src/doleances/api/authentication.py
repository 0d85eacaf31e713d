"""`Authorization: Bearer <key>` for the API, and its declaration in the OpenAPI schema."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from doleances.api.keys import find_api_key, touch_api_key
from doleances.core import clock

REALM = "doleances"


class ApiKeyAuthentication(BaseAuthentication):
    """Authenticates as the key's service user; `request.auth` is the `ApiKey`."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # no key (or another scheme): NotAuthenticated later, 401 as well
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header: expected “Bearer <key>”."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Unknown API key.")) from None
        api_key = find_api_key(secret)
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("Unknown API key."))
        at = clock.now()
        if api_key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        if api_key.expires_at is not None and api_key.expires_at <= at:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        if not api_key.user.is_active:
            raise exceptions.AuthenticationFailed(_("This API key is disabled."))
        touch_api_key(api_key, at=at)
        return api_key.user, api_key

    def authenticate_header(self, request: Request) -> str:
        return f'Bearer realm="{REALM}"'


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "dol_<40 characters>",
            "description": "An API key created with `doleances apikey create --name <integration>`.",
        }

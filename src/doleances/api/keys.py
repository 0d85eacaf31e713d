"""Creating, finding and revoking API keys. The secret is returned once and never stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from doleances.api.models import ApiKey
from doleances.complaints import roles
from doleances.complaints.models import Team
from doleances.core import clock
from doleances.core.errors import DoleancesError

KEY_PREFIX = "dol_"
PREFIX_LENGTH = 8
# `last_used_at` is written at most this often, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewApiKey:
    api_key: ApiKey
    secret: str  # shown once to the administrator, then forgotten


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def generate_secret() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(30)  # 40 URL-safe characters after the prefix


@transaction.atomic
def create_api_key(
    *, name: str, teams: tuple[Team, ...] | list[Team] = (), expires_at: datetime | None = None, at: datetime | None = None
) -> NewApiKey:
    """A key for one integration, acting through a service user in group `agent` and in `teams`."""
    at = at or clock.now()
    name = (name or "").strip()
    if not name:
        raise DoleancesError("required", _("This field is required."), field="name")
    if ApiKey.objects.filter(name=name).exists():
        raise DoleancesError("duplicate_name", _("An API key with this name already exists."), field="name")
    username = f"apikey-{name}"[:150]
    if User.objects.filter(username=username).exists():
        raise DoleancesError("duplicate_name", _("A user named %(username)s already exists.") % {"username": username})
    user = User(username=username, is_active=True)
    user.set_unusable_password()  # the service user never logs in to the UI
    user.save()
    user.groups.add(Group.objects.get(name=roles.AGENT))
    for team in teams:
        team.members.add(user)
    secret = generate_secret()
    api_key = ApiKey.objects.create(
        name=name, prefix=secret[:PREFIX_LENGTH], key_hash=hash_key(secret), user=user, created_at=at, expires_at=expires_at
    )
    return NewApiKey(api_key=api_key, secret=secret)


def find_api_key(secret: str) -> ApiKey | None:
    """The key whose hash matches. Looking up the hash (not the secret) keeps the comparison
    independent of how many leading characters of a guess are right."""
    digest = hash_key(secret)
    api_key = ApiKey.objects.select_related("user").filter(key_hash=digest).first()
    if api_key is None or not secrets.compare_digest(api_key.key_hash, digest):
        return None
    return api_key


def touch_api_key(api_key: ApiKey, *, at: datetime) -> None:
    """Record use at most once a minute: one conditional UPDATE, no write on most requests."""
    threshold = at - LAST_USED_RESOLUTION
    if api_key.last_used_at is not None and api_key.last_used_at > threshold:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=threshold)
    ApiKey.objects.filter(stale, pk=api_key.pk).update(last_used_at=at)
    api_key.last_used_at = at


@transaction.atomic
def revoke_api_key(api_key: ApiKey, *, at: datetime | None = None) -> ApiKey:
    """Revoke for good (idempotent: a revoked key keeps its first revocation date)."""
    at = at or clock.now()
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=at)
    api_key.refresh_from_db(fields=["revoked_at"])
    return api_key

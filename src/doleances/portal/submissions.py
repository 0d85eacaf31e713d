"""One-time form nonces: a replayed POST (double click, refresh, back-and-resend) finds the
result of the first one in the session instead of doing the work twice.

The nonce is random and rendered in the form; nothing is stored until a submission succeeds.
"""

from __future__ import annotations

import hashlib
import json
import secrets

from django.http import HttpRequest

SESSION_KEY = "portal_submissions"
KEEP = 20  # the last few submissions of this browser are enough to recognise a replay


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def intake_key(nonce: str, posted, files) -> str | None:
    """The same form sent twice at once (before the session knows the first one) must still make
    one complaint: the nonce with the posted text identifies the request. Someone who only knew
    the nonce and sent other content makes another complaint, never sees this one."""
    if not nonce:
        return None
    fields = {name: posted.getlist(name) for name in sorted(posted) if name not in ("csrfmiddlewaretoken", "form_nonce")}
    uploads = {name: [(f.name, f.size) for f in files.getlist(name)] for name in sorted(files)}
    canonical = json.dumps([nonce, fields, uploads], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def previous_result(request: HttpRequest, nonce: str) -> dict | None:
    """What the first submission of this form stored, or None if it was never submitted."""
    if not nonce:
        return None
    return request.session.get(SESSION_KEY, {}).get(nonce)


def remember_result(request: HttpRequest, nonce: str, result: dict) -> None:
    if not nonce:
        return
    done = dict(request.session.get(SESSION_KEY, {}))
    done[nonce] = result
    request.session[SESSION_KEY] = dict(list(done.items())[-KEEP:])


def confirmation_email(request: HttpRequest, token: str) -> str | None:
    """The email address typed in this browser for the complaint `token`, if it was sent from here."""
    for result in request.session.get(SESSION_KEY, {}).values():
        if result.get("token") == token:
            return result.get("email", "")
    return None

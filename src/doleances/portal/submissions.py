"""One-time form nonces: a replayed POST (double click, refresh, back-and-resend) finds the
result of the first one in the session instead of doing the work twice.

The nonce is random and rendered in the form; nothing is stored until a submission succeeds.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest

SESSION_KEY = "portal_submissions"
KEEP = 20  # the last few submissions of this browser are enough to recognise a replay


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


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

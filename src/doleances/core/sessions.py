"""Django's database sessions, written once per content (SESSION_ENGINE).

A view may save the session inside its own transaction, so that what it records there commits
with its work: the public form keeps the submission's result with the complaint, one write
transaction per submission (issue 16). The session middleware then saves again at the end of
the request; this store skips a save whose key and data it has just written itself."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    _written: tuple[str | None, bytes] | None = None

    def save(self, must_create: bool = False) -> None:
        if not must_create and self.session_key is not None and self._written == self._state_now():
            return
        super().save(must_create=must_create)
        self._written = self._state_now()

    def _state_now(self) -> tuple[str | None, bytes]:
        return self.session_key, self.serializer().dumps(dict(self.items()))

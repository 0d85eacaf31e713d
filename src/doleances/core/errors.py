"""Domain errors. Adapters map them to a form error (UI) or problem+json (API)."""


class DoleancesError(Exception):
    """A rule of the domain refused the request; `code` is stable, `message` is for people."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class Conflict(DoleancesError):
    """The request contradicts the current state (HTTP 409)."""

    status = 409

"""Domain errors. Adapters map them to a form error (UI) or problem+json (API)."""


class DoleancesError(Exception):
    """A rule of the domain refused the request; `code` is stable, `message` is for people."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class Forbidden(DoleancesError):
    """The actor may not do this (HTTP 403). `complaints.access.require` is what raises it."""

    status = 403


class Conflict(DoleancesError):
    """The request contradicts the current state (HTTP 409)."""

    status = 409


class DoleancesErrors(DoleancesError):
    """Several rules refused the request at once: every error is told together (a form shows
    them all, not one per attempt). Its own code, message and field are those of the first."""

    def __init__(self, errors: list[DoleancesError]) -> None:
        first = errors[0]
        super().__init__(first.code, first.message, field=first.field)
        self.errors = list(errors)


def all_errors(error: DoleancesError) -> list[DoleancesError]:
    return list(getattr(error, "errors", [error]))

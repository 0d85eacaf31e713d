"""Who delivers each kind of outbox row. The messaging app registers the email sender when the
apps are ready (`MessagingConfig.ready`); the worker looks the handler up for every row.

No model is imported here, so that an AppConfig module may import this one at its top."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Called with the OutboxMessage row to deliver; raises when the delivery failed (then retried).
Handler = Callable[[Any], None]
_handlers: dict[str, Handler] = {}


def register_handler(kind: str, handler: Handler) -> None:
    """Delivery code for one kind of row (the messaging app registers the email sender)."""
    _handlers[kind] = handler


def handler_for(kind: str) -> Handler:
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(f"no delivery handler is registered for outbox rows of kind {kind!r}") from None

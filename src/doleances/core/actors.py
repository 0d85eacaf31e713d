"""Who acts: a person (a Django user) or the system itself.

The system acts on its own when no person does: intake acknowledging a complaint, a case resuming
when the customer replies, routing rules, sweeps, problem detection. It says so with `SYSTEM`,
never with `None`: `complaints.access.require` refuses `None` (a caller that forgot who acts), and
each permission says whether the system may act (a reply to the customer, for one, is a person's).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class SystemActor(enum.Enum):
    """A one-value enum: the typed sentinel idiom (`actor is SYSTEM` narrows the type)."""

    SYSTEM = "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor.SYSTEM
Actor: TypeAlias = "User | Literal[SystemActor.SYSTEM]"


def recorded_user(actor: Actor | None) -> User | None:
    """The user a row records as its author: none for the system (its events name no one)."""
    return None if actor is None or actor is SYSTEM else actor

"""The category suggestion value object shared by the model and the rules."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Suggestion"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Suggested category, its confidence in [0, 1] and the runners-up."""

    label: str
    confidence: float
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    source: str = "model"

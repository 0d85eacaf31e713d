"""The category suggestion value object shared by the model and the rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["Suggester", "Suggestion"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Suggested category, its confidence in [0, 1] and the runners-up."""

    label: str
    confidence: float
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    source: str = "model"


class Suggester(Protocol):
    """What suggests a category per text: the trained model (`classifier.TrainedModel`)."""

    def predict(self, texts: Sequence[str]) -> Sequence[Suggestion | None]: ...

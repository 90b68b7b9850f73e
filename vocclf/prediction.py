"""Immutable result objects returned by the classifier."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Explanation", "Prediction"]


class _FrozenDict(Mapping[str, float]):
    """A read-only mapping that pickles and prints like a dict."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, float]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> float:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(self._data)

    def __eq__(self, other: object) -> bool:
        return dict(self._data) == other if isinstance(other, Mapping) else NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_FrozenDict, (self._data,))


@dataclass(frozen=True)
class Prediction:
    """The label of one inquiry.

    Attributes
    ----------
    intent : str
        The most probable intent (``cancellation``, ``complaint``, ``request``,
        ``question`` for the shipped model; a retrained model has its own labels).
    confidence : float
        Probability of ``intent``.
    reason : str or None
        The cancellation reason; None unless ``intent`` is the cancellation label.
    reason_confidence : float or None
        Probability of ``reason``; None when ``reason`` is None.
    needs_review : bool
        True when ``confidence`` is below the model's ``review_threshold`` or the text
        was empty: route such inquiries to a person.
    probabilities : Mapping[str, float]
        Every intent label with its probability; they sum to 1. Read-only.
    """

    intent: str
    confidence: float
    reason: str | None
    reason_confidence: float | None
    needs_review: bool
    probabilities: Mapping[str, float] = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.probabilities, _FrozenDict):
            object.__setattr__(self, "probabilities", _FrozenDict(self.probabilities))

    def to_dict(self) -> dict[str, Any]:
        """Return the prediction as plain JSON-serializable types."""
        return {
            "intent": self.intent,
            "confidence": self.confidence,
            "reason": self.reason,
            "reason_confidence": self.reason_confidence,
            "needs_review": self.needs_review,
            "probabilities": dict(self.probabilities),
        }


@dataclass(frozen=True)
class Explanation:
    """Why the model chose a label: the features that pushed the decision.

    Attributes
    ----------
    prediction : Prediction
        The prediction being explained.
    intent_features : tuple of (str, float)
        Features of the text with their contribution (feature value × class weight)
        toward the predicted intent, strongest first. Names start with ``word__``
        (Sudachi normalized forms, bigrams joined by a space) or ``char__``.
    reason_features : tuple of (str, float)
        The same for the predicted reason; empty when there is no reason.
    """

    prediction: Prediction
    intent_features: tuple[tuple[str, float], ...]
    reason_features: tuple[tuple[str, float], ...]

    def __str__(self) -> str:
        p = self.prediction
        lines = [f"intent {p.intent} ({p.confidence:.2f})"]
        lines += [f"  {w:+.3f}  {name}" for name, w in self.intent_features]
        if p.reason is not None:
            lines.append(f"reason {p.reason} ({p.reason_confidence:.2f})")
            lines += [f"  {w:+.3f}  {name}" for name, w in self.reason_features]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the explanation as plain JSON-serializable types."""
        return {
            "prediction": self.prediction.to_dict(),
            "intent_features": [list(f) for f in self.intent_features],
            "reason_features": [list(f) for f in self.reason_features],
        }

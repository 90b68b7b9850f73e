"""Choosing what to label next: uncertainty ranking and its measured gain over random picks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from vocclf._validation import check_labels, check_texts

if TYPE_CHECKING:
    from vocclf.model import VocClassifier

__all__ = ["ActiveLearningResult", "rank_uncertain", "simulate_active_learning", "uncertainty"]

_METHODS = ("margin", "entropy", "least_confident")


def uncertainty(model: VocClassifier, texts: Iterable[str], method: str = "margin") -> np.ndarray:
    """How unsure the model is about each text's intent (higher: more unsure).

    Parameters
    ----------
    model : VocClassifier
        A fitted model.
    texts : iterable of str
        Unlabeled texts.
    method : {"margin", "entropy", "least_confident"}, default="margin"
        ``margin``: 1 − (top probability − runner-up); ``entropy``: Shannon entropy of
        the intent probabilities; ``least_confident``: 1 − top probability.

    Returns
    -------
    ndarray of float
        One score per text, in input order.
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
    proba = model.predict_proba(check_texts(texts))
    if proba.shape[0] == 0:
        return np.empty(0)
    if method == "entropy":
        return -(proba * np.log(np.clip(proba, 1e-12, 1.0))).sum(axis=1)
    top2 = np.sort(proba, axis=1)[:, -2:]
    if method == "least_confident":
        return 1.0 - top2[:, -1]
    return 1.0 - (top2[:, -1] - top2[:, 0])


def rank_uncertain(
    model: VocClassifier, texts: Sequence[str], k: int | None = None, method: str = "margin"
) -> list[int]:
    """Indices of the texts to label next, most uncertain first (ties keep input order).

    Examples
    --------
    >>> picks = rank_uncertain(clf, unlabeled, k=50)  # doctest: +SKIP
    >>> to_label = [unlabeled[i] for i in picks]  # doctest: +SKIP
    """
    scores = uncertainty(model, texts, method)
    order = np.argsort(-scores, kind="stable")
    return [int(i) for i in (order if k is None else order[:k])]


@dataclass(frozen=True)
class ActiveLearningResult:
    """Macro-F1 after each labeling round, for uncertainty picks against random picks.

    Attributes
    ----------
    labeled : tuple of int
        Number of labeled training texts after each round.
    uncertain_f1, random_f1 : tuple of float
        Intent macro-F1 on the evaluation data at those sizes.
    """

    labeled: tuple[int, ...]
    uncertain_f1: tuple[float, ...]
    random_f1: tuple[float, ...]

    @property
    def gain(self) -> float:
        """Mean macro-F1 advantage of uncertainty picks over random picks, after the start."""
        pairs = list(zip(self.uncertain_f1[1:], self.random_f1[1:], strict=True))
        return float(np.mean([u - r for u, r in pairs])) if pairs else 0.0


def simulate_active_learning(
    pool_texts: Sequence[str],
    pool_intents: Sequence[str],
    eval_texts: Sequence[str],
    eval_intents: Sequence[str],
    *,
    start: int = 200,
    batch: int = 200,
    rounds: int = 5,
    method: str = "margin",
    random_state: int = 0,
    **params: Any,
) -> ActiveLearningResult:
    """Replay labeling on already-labeled data: does picking uncertain texts beat random?

    Both strategies start from the same random ``start`` texts of the pool; each round,
    one adds the ``batch`` most uncertain remaining texts (by the current model), the
    other ``batch`` random ones; both retrain and are scored on the evaluation data.

    Returns
    -------
    ActiveLearningResult
    """
    from vocclf.evaluation import class_report
    from vocclf.model import VocClassifier

    texts = check_texts(pool_texts)
    intents, _ = check_labels(texts, pool_intents, None, "")
    needed = start + batch * rounds
    if needed > len(texts):
        raise ValueError(f"the pool has {len(texts)} texts; start + batch × rounds needs {needed}")
    rng = np.random.default_rng(random_state)
    order = rng.permutation(len(texts))
    initial = [int(i) for i in order[:start]]

    def score(indices: list[int]) -> tuple[VocClassifier, float]:
        model = VocClassifier(**params).fit([texts[i] for i in indices], [intents[i] for i in indices])
        predicted = [str(y) for y in model.predict(list(eval_texts))]
        return model, class_report(list(eval_intents), predicted).macro_f1

    sizes, uncertain_f1, random_f1 = [start], [], []
    model, f1 = score(initial)
    uncertain_f1.append(f1)
    random_f1.append(f1)
    chosen = list(initial)
    for round_number in range(1, rounds + 1):
        taken = set(chosen)
        rest = [i for i in range(len(texts)) if i not in taken]
        picks = rank_uncertain(model, [texts[i] for i in rest], k=batch, method=method)
        chosen += [rest[j] for j in picks]
        model, f1 = score(chosen)
        uncertain_f1.append(f1)
        # Random picks: simply further along the same shuffled order.
        random_f1.append(score([int(i) for i in order[: start + batch * round_number]])[1])
        sizes.append(len(chosen))
    return ActiveLearningResult(tuple(sizes), tuple(uncertain_f1), tuple(random_f1))

"""Checks on user input that turn bad data into precise error messages."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

# Errors list at most this many offending rows: enough to find the pattern.
_MAX_LISTED = 5


def check_text(text: object, where: str = "text") -> str:
    """Return ``text`` if it is a str, else raise TypeError naming what it is."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(f"{where} is bytes; decode it first, e.g. data.decode('utf-8')")
    if text is None:
        raise TypeError(f"{where} is None; expected a str")
    raise TypeError(f"{where} must be a str, got {type(text).__name__}")


def check_texts(texts: Iterable[object]) -> list[str]:
    """Materialize an iterable of texts, raising TypeError at the first non-str."""
    if isinstance(texts, (str, bytes)):
        raise TypeError("expected a list of texts, got a single string; wrap it in a list")
    return [check_text(t, f"texts[{i}]") for i, t in enumerate(texts)]


def is_missing(value: object) -> bool:
    """True for None, NaN and empty or whitespace-only strings."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def check_labels(
    texts: Sequence[str],
    intents: Iterable[Any],
    reasons: Iterable[Any] | None,
    cancellation_label: str,
) -> tuple[list[str], list[str | None] | None]:
    """Validate training labels and return them as lists.

    Raises
    ------
    ValueError
        On a length mismatch, an empty or non-string label, a missing reason on a
        cancellation, or a reason on another intent; the message lists the rows.
    """
    intents = list(intents)
    if len(intents) != len(texts):
        raise ValueError(f"got {len(texts)} texts but {len(intents)} intents")
    bad = [i for i, y in enumerate(intents) if not isinstance(y, str) or not y.strip()]
    if bad:
        raise ValueError(f"empty or non-string intent labels at rows {_rows(bad)}")
    if reasons is None:
        return intents, None
    reason_list: list[str | None] = [None if is_missing(r) else r for r in reasons]
    if len(reason_list) != len(texts):
        raise ValueError(f"got {len(texts)} texts but {len(reason_list)} reasons")
    pairs = list(enumerate(zip(intents, reason_list, strict=True)))
    missing = [i for i, (y, r) in pairs if y == cancellation_label and r is None]
    if missing:
        raise ValueError(f"{cancellation_label!r} rows need a reason; missing at rows {_rows(missing)}")
    extra = [i for i, (y, r) in pairs if y != cancellation_label and r is not None]
    if extra:
        raise ValueError(
            f"a reason is given only for {cancellation_label!r} rows; "
            f"rows {_rows(extra)} have another intent and a reason"
        )
    not_str = [i for i, r in enumerate(reason_list) if r is not None and not isinstance(r, str)]
    if not_str:
        raise ValueError(f"non-string reason labels at rows {_rows(not_str)}")
    return intents, reason_list


def too_few(labels: Iterable[Any], minimum: int) -> list[str]:
    """``'label' (count)`` for each label with fewer than ``minimum`` examples, sorted."""
    return sorted(f"{label!r} ({n})" for label, n in Counter(labels).items() if n < minimum)


def _rows(indices: list[int]) -> str:
    shown = ", ".join(str(i) for i in indices[:_MAX_LISTED])
    more = len(indices) - _MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")

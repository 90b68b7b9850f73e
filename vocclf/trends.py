"""Counts over time: periods (weeks or months) and the sudden rises in them.

Shared by the VOC report (intents and reasons) and by themes (each theme's trend).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from vocclf._validation import is_missing

__all__ = ["Rise", "all_periods", "choose_unit", "parse_date", "period_key", "rises"]

_DATE = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})")
# A rise: at least this many, this many times the recent level, over these periods.
_RISE_FACTOR = 1.5
_RISE_MIN_COUNT = 5
_BASELINE_PERIODS = 4


@dataclass(frozen=True)
class Rise:
    """A sudden rise: ``count`` in ``period`` against a recent ``baseline`` per period."""

    kind: str  # "intent", "reason" or "theme"
    label: str
    period: str
    count: int
    baseline: float

    @property
    def factor(self) -> float:
        return self.count / self.baseline if self.baseline else math.inf


def parse_date(value: Any) -> _dt.date | None:
    """The date in ``value`` (a date, datetime, or text with 2026-05-01, 2026/5/1, 2026年5月1日 …)."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if is_missing(value):
        return None
    match = _DATE.search(str(value))
    if not match:
        return None
    try:
        return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def choose_unit(first: _dt.date, last: _dt.date, period: str) -> str:
    """``period`` unless ``auto``: then weeks for spans up to 16 weeks, else months."""
    if period not in ("auto", "week", "month"):
        raise ValueError(f"period must be 'auto', 'week' or 'month', got {period!r}")
    return period if period != "auto" else ("week" if (last - first).days <= 16 * 7 else "month")


def period_key(day: _dt.date, unit: str) -> str:
    """``2026-05`` for a month; the Monday ``2026-05-04`` for a week."""
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return (day - _dt.timedelta(days=day.weekday())).isoformat()


def all_periods(first: _dt.date, last: _dt.date, unit: str) -> list[str]:
    """Every period from first to last, including empty ones, so gaps show as zero."""
    keys: list[str] = []
    day = first
    while day <= last:
        key = period_key(day, unit)
        if not keys or keys[-1] != key:
            keys.append(key)
        day += _dt.timedelta(days=1 if unit == "month" else 7 - day.weekday())
    return keys


def rises(kind: str, trend: dict[str, Counter]) -> list[Rise]:
    """Periods where a label jumps well above its level over the previous periods."""
    keys = list(trend)
    labels = {label for counts in trend.values() for label in counts}
    found = []
    for label in sorted(labels):
        series = [trend[k][label] for k in keys]
        for i in range(2, len(series)):
            history = series[max(0, i - _BASELINE_PERIODS) : i]
            baseline = sum(history) / len(history)
            # Beyond chance: above the level by three Poisson standard deviations.
            margin = 3 * math.sqrt(max(baseline, 1.0))
            count = series[i]
            if count >= _RISE_MIN_COUNT and count >= _RISE_FACTOR * baseline and count >= baseline + margin:
                found.append(Rise(kind, label, keys[i], count, baseline))
    return found

"""Labeled training data from a team's own exports, checked before any training starts."""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vocclf._validation import is_missing, too_few
from vocclf.io.tables import ID_COLUMNS, TEXT_COLUMNS, find_column, read_table

__all__ = ["LabeledData", "TrainingDataError", "check_training_data", "read_labeled"]

INTENT_COLUMNS = ("intent", "意図", "分類", "ラベル", "label", "category", "カテゴリ")
REASON_COLUMNS = ("reason", "解約理由", "理由", "cancel_reason")
# Labels of the shipped corpus: a new label one typo away from these is a mistake.
KNOWN_LABELS = (
    "cancellation", "complaint", "request", "question",
    "no_effect", "excess_stock", "improved", "financial_burden", "switching", "other",
)  # fmt: skip
_MAX_LISTED = 5


class TrainingDataError(ValueError):
    """Labeled data that cannot be trained on; the message lists every problem found."""


@dataclass(frozen=True)
class LabeledData:
    """Texts with their labels, ready for :func:`vocclf.train`.

    Attributes
    ----------
    texts, intents : list of str
    reasons : list of str or None
        None where the intent is not the cancellation label.
    ids : list of str
        ``source:row`` (or the id column), used in error messages.
    """

    texts: list[str]
    intents: list[str]
    reasons: list[str | None]
    ids: list[str]

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def reasons_or_none(self) -> list[str | None] | None:
        """``reasons``, or None when no row has one (train and score without a reason head)."""
        return self.reasons if any(r is not None for r in self.reasons) else None

    def _pick(self, indices: Sequence[int]) -> LabeledData:
        return LabeledData(
            [self.texts[i] for i in indices],
            [self.intents[i] for i in indices],
            [self.reasons[i] for i in indices],
            [self.ids[i] for i in indices],
        )

    def split(self, share: float, random_state: int = 0) -> tuple[LabeledData, LabeledData]:
        """Stratified (training, held-out) split by intent and reason, order kept in each.

        Intent/reason pairs seen only once are stratified by intent alone.

        Raises
        ------
        ValueError
            When a label is too rare to appear on both sides.
        """
        from sklearn.model_selection import train_test_split

        strata = [f"{y}/{r}" for y, r in zip(self.intents, self.reasons, strict=True)]
        counts = Counter(strata)
        strata = [s if counts[s] >= 2 else y for s, y in zip(strata, self.intents, strict=True)]
        try:
            train_i, test_i = train_test_split(
                range(len(self)), test_size=share, stratify=strata, random_state=random_state
            )
        except ValueError as exc:
            raise ValueError(
                f"cannot hold out {share:.0%} of the data stratified by label ({exc}); use --holdout 0"
            ) from exc
        return self._pick(sorted(train_i)), self._pick(sorted(test_i))

    def __add__(self, other: LabeledData) -> LabeledData:
        return LabeledData(
            self.texts + other.texts, self.intents + other.intents, self.reasons + other.reasons, self.ids + other.ids
        )

    @classmethod
    def from_corpus(cls, split: str | None = "train") -> LabeledData:
        """The shipped corpus (by default its train split)."""
        from vocclf.datasets import load_corpus

        rows = load_corpus(split)
        return cls([r["text"] for r in rows], [r["intent"] for r in rows], [r["reason"] for r in rows],
                   [f"corpus:{r['id']}" for r in rows])  # fmt: skip


def _cell(row: list[Any], index: int | None) -> Any:
    return row[index] if index is not None and index < len(row) else None


def read_labeled(
    paths: str | Sequence[str],
    *,
    text_column: str | None = None,
    intent_column: str | None = None,
    reason_column: str | None = None,
    id_column: str | None = None,
    encoding: str | None = None,
) -> LabeledData:
    """Read labeled inquiries from CSV/TSV (UTF-8 or CP932) or JSONL exports.

    Columns are found by name unless given: text (問い合わせ内容, 本文, text …), intent
    (intent, 意図, 分類, ラベル, label …), reason (reason, 解約理由, 理由 …; optional).
    Reasons on rows that are not cancellations must be empty; missing reasons are read
    as None.

    Raises
    ------
    TrainingDataError
        Missing columns, unreadable rows, or rows without text or intent, listed by file
        and row. Label checks come separately, in :func:`check_training_data`.
    """
    paths = [paths] if isinstance(paths, str) else list(paths)
    texts: list[str] = []
    intents: list[str] = []
    reasons: list[str | None] = []
    ids: list[str] = []
    problems: list[str] = []
    for path in paths:
        if not Path(path).is_file():
            raise TrainingDataError(f"no such file: {path}")
        try:
            header, rows, unreadable = read_table(path, encoding)
        except ValueError as exc:
            raise TrainingDataError(str(exc)) from exc
        problems += unreadable
        text_i = find_column(header, text_column, TEXT_COLUMNS)
        intent_i = find_column(header, intent_column, INTENT_COLUMNS)
        reason_i = find_column(header, reason_column, REASON_COLUMNS)
        id_i = find_column(header, id_column, ID_COLUMNS)
        for what, index, given, known in (
            ("text", text_i, text_column, TEXT_COLUMNS),
            ("intent", intent_i, intent_column, INTENT_COLUMNS),
        ):
            if index is None:
                name = f"column {given!r}" if given else f"{what} column (looked for {', '.join(known[:5])} …)"
                raise TrainingDataError(f"{path}: no {name}; the header has {[str(h) for h in header]}")
        if reason_column and reason_i is None:
            raise TrainingDataError(f"{path}: no column {reason_column!r}; the header has {[str(h) for h in header]}")
        for rid, row in rows:
            where = f"{path}:{_cell(row, id_i) or rid}"
            text, intent, reason = _cell(row, text_i), _cell(row, intent_i), _cell(row, reason_i)
            if is_missing(text) or not isinstance(text, str):
                problems.append(f"{where}: no text")
                continue
            if is_missing(intent):
                problems.append(f"{where}: empty intent label")
                continue
            texts.append(text)
            intents.append(str(intent).strip())
            reasons.append(None if is_missing(reason) else str(reason).strip())
            ids.append(where)
    if problems:
        raise TrainingDataError(_listing(f"{len(problems)} rows cannot be used", problems))
    return LabeledData(texts, intents, reasons, ids)


def _listing(title: str, lines: list[str]) -> str:
    shown = lines[:_MAX_LISTED]
    more = len(lines) - len(shown)
    return title + ":\n  " + "\n  ".join(shown) + (f"\n  … and {more} more" if more > 0 else "")


def check_training_data(
    data: LabeledData,
    *,
    min_per_label: int = 3,
    cancellation_label: str = "cancellation",
    known_labels: Iterable[str] = KNOWN_LABELS,
) -> None:
    """Refuse data that would train a wrong or broken model, naming every problem.

    Checks: a reason on a non-cancellation row; a cancellation without a reason (when
    any reasons are given); labels one typo away from a known or more frequent label
    (``cancelation``); too few examples of a label (says how many are needed); the same
    text with conflicting labels (listed).

    Raises
    ------
    TrainingDataError
    """
    problems: list[str] = []
    rows = list(zip(data.ids, data.intents, data.reasons, strict=True))
    extra = [i for i, y, r in rows if y != cancellation_label and r is not None]
    if extra:
        problems.append(_listing(f"{len(extra)} rows have a reason but are not {cancellation_label!r}", extra))
    if any(r is not None for _, _, r in rows):
        missing = [i for i, y, r in rows if y == cancellation_label and r is None]
        if missing:
            problems.append(_listing(f"{len(missing)} {cancellation_label!r} rows have no reason", missing))
    intent_counts = Counter(data.intents)
    reason_counts = Counter(r for y, r in zip(data.intents, data.reasons, strict=True)
                            if y == cancellation_label and r is not None)  # fmt: skip
    known = set(known_labels)
    for counts, what in ((intent_counts, "intent"), (reason_counts, "reason")):
        for label in sorted(counts):
            peers = (known | set(counts)) - {label}
            close = difflib.get_close_matches(label, peers, n=1, cutoff=0.85)
            if close and label not in known and counts[label] <= counts.get(close[0], len(data)):
                problems.append(f"unknown {what} label {label!r} ({counts[label]} rows): did you mean {close[0]!r}?")
        few = too_few(counts.elements(), min_per_label)
        if few:
            problems.append(f"too few examples to train: each {what} label needs at least {min_per_label}; "
                            f"{', '.join(few)}")  # fmt: skip
    by_text: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(data.texts):
        by_text[" ".join(unicodedata.normalize("NFKC", text).split())].append(i)
    conflicts = []
    for indices in by_text.values():
        labels = {(data.intents[i], data.reasons[i]) for i in indices}
        if len(labels) > 1:
            conflicts.append(" vs ".join(f"{data.ids[i]} ({data.intents[i]}/{data.reasons[i]})" for i in indices))
    if conflicts:
        problems.append(_listing(f"{len(conflicts)} texts appear with conflicting labels", conflicts))
    if problems:
        raise TrainingDataError("the training data has problems:\n- " + "\n- ".join(problems))

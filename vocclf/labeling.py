"""The one batch path: records in, labeled rows out, every row accounted for.

``vocclf label``, :func:`label_frame` (pandas) and the engine adapters all go through
:func:`label_records`; none labels rows on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from vocclf.cleaning import clean_text
from vocclf.io.records import Record

if TYPE_CHECKING:
    from vocclf.model import VocClassifier

__all__ = ["LabelSummary", "label_frame", "label_records"]

_BATCH = 2000
NOTHING_LEFT = "no text left after removing quotes and signature"


@dataclass
class LabelSummary:
    """Counts kept while labeling, for the end-of-run summary.

    Attributes
    ----------
    rows : int
        Rows out (always equal to rows in).
    labeled : int
        Rows that got a label.
    failed : int
        Rows without a label (their ``error`` says why).
    warned : int
        Rows labeled despite a problem (e.g. bytes replaced while decoding).
    needs_review : int
        Labeled rows flagged for a person.
    intents, reasons : Counter
        Label counts.
    """

    rows: int = 0
    labeled: int = 0
    failed: int = 0
    warned: int = 0
    needs_review: int = 0
    intents: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, row: dict[str, Any]) -> None:
        """Count one output row."""
        self.rows += 1
        if row["intent"] is None:
            self.failed += 1
            return
        self.labeled += 1
        self.warned += row["error"] is not None
        self.needs_review += bool(row["needs_review"])
        self.intents[row["intent"]] += 1
        if row["reason"] is not None:
            self.reasons[row["reason"]] += 1

    def __str__(self) -> str:
        parts = [f"{self.rows} rows: {self.labeled} labeled, {self.failed} failed"]
        if self.intents:
            parts.append("intents: " + ", ".join(f"{k} {v}" for k, v in self.intents.most_common()))
        if self.reasons:
            parts.append("cancellation reasons: " + ", ".join(f"{k} {v}" for k, v in self.reasons.most_common()))
        parts.append(f"needs review: {self.needs_review}")
        if self.warned:
            parts.append(f"labeled with a warning: {self.warned}")
        return "\n".join(parts)


def _empty_row(record: Record, error: str | None) -> dict[str, Any]:
    return {
        "source": record.source,
        "id": record.id,
        "date": record.date,
        "subject": record.subject,
        "intent": None,
        "confidence": None,
        "reason": None,
        "reason_confidence": None,
        "needs_review": None,
        "error": error,
    }


def label_records(
    records: Iterable[Record],
    model: VocClassifier | None = None,
    *,
    clean: bool = True,
    include_text: bool = False,
    n_jobs: int = 1,
    batch_size: int = _BATCH,
) -> Iterator[dict[str, Any]]:
    """Label records in batches, yielding one output row per record, in order.

    Parameters
    ----------
    records : iterable of Record
        From :func:`vocclf.io.read_records` or built by hand; consumed lazily, so memory
        stays flat however long the input.
    model : VocClassifier, optional
        The model; the shipped default when None.
    clean : bool, default=True
        Strip quoted replies and signatures first (:func:`vocclf.clean_text`).
    include_text : bool, default=False
        Add the (cleaned) text to each row as ``text``.
    n_jobs : int, default=1
        Worker processes per batch (see :meth:`VocClassifier.predict_many`).
    batch_size : int, default=2000
        Records labeled together.

    Yields
    ------
    dict
        ``source, id, date, subject, intent, confidence, reason, reason_confidence,
        needs_review, error`` (and ``text``). A record without usable text gets no label
        and its ``error``; a record read with a warning is labeled and keeps the warning.
    """
    if model is None:
        from vocclf.persistence import load

        model = load()
    iterator = iter(records)
    while batch := list(islice(iterator, batch_size)):
        texts: list[str | None] = []
        for record in batch:
            text = record.text
            if text is not None and clean:
                text = clean_text(text)
            texts.append(text)
        todo = [i for i, t in enumerate(texts) if t is not None and t.strip()]
        predictions = iter(model.predict_many([texts[i] or "" for i in todo], n_jobs=n_jobs))
        todo_set = set(todo)
        for i, record in enumerate(batch):
            if i in todo_set:
                row = _empty_row(record, record.error)
                row.update(next(predictions).to_dict())
                del row["probabilities"]  # one column per intent would not fit the fixed layout
            else:
                error = record.error or (NOTHING_LEFT if record.text and record.text.strip() else "empty text")
                row = _empty_row(record, error)
            if include_text:
                row["text"] = texts[i]
            yield row


def label_frame(
    df: Any,
    text_column: str,
    model: VocClassifier | None = None,
    id_column: str | None = None,
    *,
    clean: bool = True,
    n_jobs: int = 1,
) -> Any:
    """Label a pandas DataFrame column; rows and order kept.

    Parameters
    ----------
    df : pandas.DataFrame
        The data.
    text_column : str
        Column holding the texts; a missing or non-string value gives that row an
        ``error`` instead of failing the batch.
    model : VocClassifier, optional
        The model; the shipped default when None.
    id_column : str, optional
        Column used as the row id in error messages; the row position otherwise.
    clean : bool, default=True
        Strip quoted replies and signatures first.
    n_jobs : int, default=1
        Worker processes.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with ``intent``, ``confidence``, ``reason``,
        ``reason_confidence``, ``needs_review`` and ``error`` added.
    """
    if text_column not in df.columns:
        raise KeyError(f"no column {text_column!r}; the frame has {list(df.columns)}")
    ids = df[id_column].astype(str).tolist() if id_column else [str(i + 1) for i in range(len(df))]
    records = []
    for rid, value in zip(ids, df[text_column].tolist(), strict=True):
        if isinstance(value, str):
            records.append(Record("", rid, value))
        else:
            kind = "missing" if value is None or value != value else type(value).__name__  # NaN != NaN
            records.append(Record("", rid, None, error=f"text is {kind}, not a string"))
    rows = list(label_records(records, model, clean=clean, n_jobs=n_jobs))
    out = df.copy()
    for column in ("intent", "confidence", "reason", "reason_confidence", "needs_review", "error"):
        out[column] = [row[column] for row in rows]
    return out

"""The one batch path: records in, labeled rows out, every row accounted for.

``vocclf label``, :func:`label_frame` (pandas) and the engine adapters all go through
:func:`label_records`; none labels rows on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from vocclf.cleaning import clean_text
from vocclf.io.records import Record
from vocclf.model import _effective_jobs, _Predictor
from vocclf.pii import mask_pii
from vocclf.prediction import Prediction

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

    def merge(self, other: LabelSummary) -> None:
        """Add the counts of ``other`` (e.g. of another part of the same run)."""
        for name in ("rows", "labeled", "failed", "warned", "needs_review"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.intents.update(other.intents)
        self.reasons.update(other.reasons)

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
    mask: bool = False,
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
    mask : bool, default=False
        Pass that text through :func:`vocclf.mask_pii` (labels come from the full text).
    n_jobs : int, default=1
        Worker processes, kept for the whole run; -1 uses every core. Workers label one
        batch while the previous one is written.
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
    with _Predictor(model, _effective_jobs(n_jobs)) as predictor:
        # One batch is labeled by the workers while the previous one is written out.
        waiting: tuple[list[Record], list[str | None], Callable[[], list[Prediction]]] | None = None
        while batch := list(islice(iterator, batch_size)):
            texts = [clean_text(r.text) if r.text is not None and clean else r.text for r in batch]
            todo = [t for t in texts if t is not None and t.strip()]
            submitted = (batch, texts, predictor.submit(todo))
            if waiting is not None:
                yield from _rows(*waiting, include_text, mask)
            waiting = submitted
        if waiting is not None:
            yield from _rows(*waiting, include_text, mask)


def _has_text(text: str | None) -> bool:
    return text is not None and bool(text.strip())


def _rows(
    batch: list[Record],
    texts: list[str | None],
    result: Callable[[], list[Prediction]],
    include_text: bool,
    mask: bool,
) -> Iterator[dict[str, Any]]:
    predictions = iter(result())
    for record, text in zip(batch, texts, strict=True):
        if _has_text(text):
            row = _empty_row(record, record.error)
            row.update(next(predictions).to_dict())
            del row["probabilities"]  # one column per intent would not fit the fixed layout
        else:
            error = record.error or (NOTHING_LEFT if record.text and record.text.strip() else "empty text")
            row = _empty_row(record, error)
        if include_text:
            row["text"] = mask_pii(text) if mask and text is not None else text
        yield row


# The columns label_frame adds, with fixed dtypes (engines need them known in advance).
LABEL_DTYPES = {
    "intent": "string",
    "confidence": "float64",
    "reason": "string",
    "reason_confidence": "float64",
    "needs_review": "boolean",
    "error": "string",
}


def check_text_column(columns: Iterable[str], text_column: str) -> None:
    """Raise KeyError naming the frame's columns when ``text_column`` is not one of them."""
    columns = list(columns)
    if text_column not in columns:
        raise KeyError(f"no column {text_column!r}; the frame has {columns}")


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
        ``reason_confidence``, ``needs_review`` and ``error`` added, always with the
        dtypes of :data:`LABEL_DTYPES` (nullable string, float64, boolean), so batches
        concatenate and convert to Arrow/Parquet alike whatever their content.
    """
    check_text_column(df.columns, text_column)
    import pandas as pd

    ids = df[id_column].astype(str).tolist() if id_column else [str(i + 1) for i in range(len(df))]
    records = []
    for rid, value in zip(ids, df[text_column].tolist(), strict=True):
        if isinstance(value, str):
            records.append(Record("", rid, value))
        else:
            # None, NaN and pd.NA (string-dtype columns, as Dask and Arrow give them) are missing.
            missing = pd.api.types.is_scalar(value) and pd.isna(value)
            kind = "missing" if missing else type(value).__name__
            records.append(Record("", rid, None, error=f"text is {kind}, not a string"))
    rows = list(label_records(records, model, clean=clean, n_jobs=n_jobs))
    out = df.copy()
    for column, dtype in LABEL_DTYPES.items():
        out[column] = pd.Series([row[column] for row in rows], index=df.index, dtype=dtype)
    return out

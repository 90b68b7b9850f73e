"""Parquet in and out of ``vocclf label``, streamed in row batches with pyarrow.

For users between one file and a cluster: a Parquet export is read batch by batch (memory
stays flat) and labeled rows are written with fixed column types. Needs
``pip install "vocclf[parquet]"``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from vocclf._files import temp_file_beside
from vocclf.io.records import Record
from vocclf.io.tables import DATE_COLUMNS, ID_COLUMNS, SUBJECT_COLUMNS, TEXT_COLUMNS, _row_record, find_column

__all__ = ["count_parquet_rows", "iter_parquet", "iter_parquet_paths", "write_parquet"]

_BATCH = 10_000
_FLOAT_FIELDS = frozenset({"confidence", "reason_confidence"})
_BOOL_FIELDS = frozenset({"needs_review"})


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ImportError('Parquet needs pyarrow: pip install "vocclf[parquet]"') from exc
    return pyarrow


def count_parquet_rows(path: str) -> int:
    """Rows in a Parquet file, or in every Parquet file of a folder, from their footers."""
    return sum(int(_pyarrow().parquet.ParquetFile(p).metadata.num_rows) for p in iter_parquet_paths(path))


def iter_parquet_paths(path: str | Path) -> Iterator[str]:
    """The Parquet file ``path``, or the ``.parquet`` files under the folder ``path``
    (a data-lake dataset such as ``tickets/year=2025/part-0.parquet``), sorted."""
    if not Path(path).is_dir():
        yield str(path)
        return
    yield from sorted(str(p) for p in Path(path).rglob("*.parquet") if p.is_file())


def iter_parquet(
    path: str,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    row_groups: Sequence[int] | None = None,
    first_row: int = 0,
) -> Iterator[Record]:
    """Stream the rows of a Parquet file as records, in file order, one row batch at a time.

    Columns are found as for CSV (本文, 内容, text, body … / id, チケット番号 …) unless
    given. A null or non-string text gives its row an ``error``; so does every row when
    there is no text column. ``row_groups`` reads only those row groups (an engine's
    share of the file), whose first row is row ``first_row + 1`` of the file.
    """
    pq = _pyarrow().parquet
    try:
        source = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # not Parquet, or a broken footer (ArrowInvalid is a ValueError)
        yield Record(path, "", None, error=f"cannot read as Parquet: {exc}")
        return
    header = list(source.schema_arrow.names)
    wanted = {
        "text": find_column(header, text_column, TEXT_COLUMNS),
        "id": find_column(header, id_column, ID_COLUMNS),
        "date": find_column(header, None, DATE_COLUMNS),
        "subject": find_column(header, None, SUBJECT_COLUMNS),
    }
    columns = sorted({header[i] for i in wanted.values() if i is not None})
    missing = None
    if wanted["text"] is None:
        name = repr(text_column) if text_column else "a text column (本文, 内容, text, body …)"
        missing = f"no column {name}; the file has {header}"
    row_number = first_row
    batches = source.iter_batches(batch_size=_BATCH, row_groups=row_groups, columns=columns or None)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (OSError, ValueError) as exc:  # a damaged row group: report it, keep what was read
            yield Record(path, str(row_number + 1), None, error=f"unreadable rows from here on: {exc}")
            return
        data = batch.to_pydict()
        for i in range(batch.num_rows):
            row_number += 1
            value = {k: (None if idx is None else data[header[idx]][i]) for k, idx in wanted.items()}
            rid = None if value["id"] is None else str(value["id"])
            if missing:
                yield Record(path, rid or str(row_number), None, error=missing)
            elif value["text"] is not None and not isinstance(value["text"], str):
                yield Record(path, rid or str(row_number), None, error="the text field is not a string")
            else:
                date = None if value["date"] is None else str(value["date"])
                subject = None if value["subject"] is None else str(value["subject"])
                yield _row_record(path, row_number, value["text"], rid, date, subject)


def write_parquet(rows: Iterable[dict[str, Any]], path: str, fields: tuple[str, ...]) -> int:
    """Write rows to a Parquet file atomically, in batches; returns the number of rows.

    Types are fixed whatever the rows hold: ``confidence`` and ``reason_confidence``
    double, ``needs_review`` boolean, every other field string.
    """
    pa = _pyarrow()
    schema = pa.schema(
        [(f, pa.float64() if f in _FLOAT_FIELDS else pa.bool_() if f in _BOOL_FIELDS else pa.string()) for f in fields]
    )
    fd, tmp = temp_file_beside(Path(path))
    os.close(fd)
    count = 0
    try:
        with pa.parquet.ParquetWriter(str(tmp), schema) as writer:
            iterator = iter(rows)
            while batch := list(islice(iterator, _BATCH)):
                columns = {f: [_cell(row.get(f), f) for row in batch] for f in fields}
                writer.write_table(pa.table(columns, schema=schema))
                count += len(batch)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return count


def _cell(value: Any, field: str) -> Any:
    if value is None or field in _FLOAT_FIELDS or field in _BOOL_FIELDS:
        return value
    return str(value)

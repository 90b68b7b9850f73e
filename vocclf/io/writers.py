"""Writing labeled rows: CSV that Excel opens correctly, or JSONL; atomically."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from vocclf._files import temp_file_beside

__all__ = ["OUTPUT_FIELDS", "atomic_output", "output_format", "write_rows"]

OUTPUT_FIELDS = (
    "source", "id", "date", "subject", "intent", "confidence", "reason",
    "reason_confidence", "needs_review", "error",
)  # fmt: skip


def output_format(path: str | None) -> str:
    """``csv``, ``jsonl`` or ``parquet`` by the output's extension (stdout: ``jsonl``)."""
    if path is None or path == "-":
        return "jsonl"
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".parquet":
        return "parquet"
    raise ValueError(f"cannot tell the output format of {path}: use a .csv, .jsonl or .parquet file name")


@contextlib.contextmanager
def atomic_output(path: str, encoding: str, newline: str | None = None) -> Iterator[IO[str]]:
    """Open a temporary file beside ``path`` and rename it to ``path`` only on success.

    An interrupted or failed run leaves the previous file (if any) untouched and no
    partial file under the expected name.
    """
    target = Path(path)
    fd, tmp = temp_file_beside(target)
    try:
        with open(fd, "w", encoding=encoding, errors="replace", newline=newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _csv_value(value: Any) -> Any:
    return "" if value is None else value


def write_rows(
    rows: Iterable[dict[str, Any]],
    path: str | None,
    *,
    fields: tuple[str, ...] = OUTPUT_FIELDS,
    encoding: str = "utf-8-sig",
) -> int:
    """Write labeled rows as CSV, JSONL or Parquet (by ``path``'s extension; stdout: JSONL).

    CSV is UTF-8 with a BOM by default, so Excel shows Japanese correctly; pass
    ``encoding="cp932"`` for old tools (characters CP932 lacks become ``?``). Files are
    written atomically (see :func:`atomic_output`).

    Returns
    -------
    int
        The number of rows written.
    """
    fmt = output_format(path)
    count = 0
    if path is None or path == "-":
        for row in rows:
            sys.stdout.write(json.dumps({k: row.get(k) for k in fields}, ensure_ascii=False) + "\n")
            count += 1
        sys.stdout.flush()
        return count
    if fmt == "parquet":
        from vocclf.io.parquet import write_parquet

        return write_parquet(rows, path, fields)
    if fmt == "csv":
        with atomic_output(path, encoding, newline="") as f:
            writer = csv.writer(f, delimiter="\t" if path.lower().endswith(".tsv") else ",")
            writer.writerow(fields)
            for row in rows:
                writer.writerow([_csv_value(row.get(k)) for k in fields])
                count += 1
        return count
    with atomic_output(path, "utf-8") as f:
        for row in rows:
            f.write(json.dumps({k: row.get(k) for k in fields}, ensure_ascii=False) + "\n")
            count += 1
    return count

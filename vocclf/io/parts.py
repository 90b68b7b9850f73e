"""Split inputs into parts that workers can read on their own, in input order.

An engine labels each part in a separate task: a Parquet file by ranges of row groups
(read straight from its footer), a folder of ``.eml`` files by chunks of files, any other
file whole. Reading a part yields exactly the records :func:`vocclf.io.read_records` gives
for that stretch of the input, with the same ids, so the parts put back in order are
the input, every row once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from vocclf.io import detect_format, read_records
from vocclf.io.mail import iter_eml_paths, read_eml
from vocclf.io.records import Record

__all__ = ["Part", "plan_parts", "read_part"]

_EML_PER_PART = 2_000


@dataclass(frozen=True)
class Part:
    """One independent stretch of the input.

    Attributes
    ----------
    index : int
        Position in input order (names the output file).
    path : str
        The file (for an ``.eml`` chunk: the folder as given).
    format : str
        As :func:`vocclf.io.detect_format`.
    rows : int or None
        Rows in the part when known before reading (Parquet), else None.
    row_groups : tuple of int, optional
        Parquet row groups of this part; None reads the whole file.
    first_row : int
        Rows of the file before this part (Parquet row numbers go on from there).
    files : tuple of str
        For an ``.eml`` chunk: its files.
    """

    index: int
    path: str
    format: str
    rows: int | None = None
    row_groups: tuple[int, ...] | None = None
    first_row: int = 0
    files: tuple[str, ...] = ()


def plan_parts(paths: Sequence[str], rows_per_part: int = 50_000) -> list[Part]:
    """The parts of ``paths``, in input order.

    Parameters
    ----------
    paths : sequence of str
        Files and folders as :func:`vocclf.io.read_records` takes them (not ``-``).
    rows_per_part : int, default=50000
        Target rows per Parquet part; a part holds whole row groups, so one large row
        group makes one large part.

    Raises
    ------
    ValueError
        For ``-`` (standard input cannot be shared among workers) or an unknown format.
    """
    if rows_per_part < 1:
        raise ValueError(f"rows_per_part must be at least 1, got {rows_per_part}")
    pieces: list[Part] = []
    for path in paths:
        if path == "-":
            raise ValueError("standard input cannot be split among workers; give files")
        fmt = detect_format(path)
        if fmt == "parquet":
            pieces.extend(_parquet_parts(path, rows_per_part))
        elif fmt == "eml" and Path(path).is_dir():
            files = [str(p) for p in iter_eml_paths(path)]
            for start in range(0, len(files), _EML_PER_PART):
                chunk = tuple(files[start : start + _EML_PER_PART])
                pieces.append(Part(0, path, fmt, rows=len(chunk), files=chunk))
        else:
            pieces.append(Part(0, path, fmt, rows=1 if fmt == "eml" else None))
    return [Part(i, p.path, p.format, p.rows, p.row_groups, p.first_row, p.files) for i, p in enumerate(pieces)]


def _parquet_parts(path: str, rows_per_part: int) -> Iterator[Part]:
    from vocclf.io.parquet import _pyarrow, iter_parquet_paths

    for file in iter_parquet_paths(path):
        try:
            meta = _pyarrow().parquet.ParquetFile(file).metadata
        except (OSError, ValueError):  # unreadable footer: one part, read_part reports it as an error row
            yield Part(0, file, "parquet")
            continue
        groups: list[int] = []
        first = rows = 0
        for g in range(meta.num_row_groups):
            groups.append(g)
            rows += meta.row_group(g).num_rows
            if rows >= rows_per_part:
                yield Part(0, file, "parquet", rows, tuple(groups), first)
                groups, first, rows = [], first + rows, 0
        if groups or meta.num_row_groups == 0:
            yield Part(0, file, "parquet", rows, tuple(groups), first)


def read_part(
    part: Part, *, text_column: str | None = None, id_column: str | None = None, encoding: str | None = None
) -> Iterator[Record]:
    """The records of ``part``; a file that cannot be opened becomes one error record."""
    try:
        if part.files:
            yield from (read_eml(f) for f in part.files)
        elif part.format == "parquet" and part.row_groups is not None:
            from vocclf.io.parquet import iter_parquet

            yield from iter_parquet(
                part.path,
                text_column=text_column,
                id_column=id_column,
                row_groups=part.row_groups,
                first_row=part.first_row,
            )
        else:
            yield from read_records(
                part.path, format=part.format, text_column=text_column, id_column=id_column, encoding=encoding
            )
    except OSError as exc:
        yield Record(part.path, "", None, error=f"cannot read: {exc.strerror or exc}")

"""Readers that turn exported mail and helpdesk tables into :class:`Record` objects.

Examples
--------
>>> from vocclf.io import read_records
>>> for record in read_records("export.csv"):  # doctest: +SKIP
...     print(record.id, record.text[:20])
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vocclf.io.charset import decode_bytes
from vocclf.io.mail import iter_eml_paths, iter_mbox, parse_message, read_eml
from vocclf.io.records import Record
from vocclf.io.tables import iter_jsonl, iter_table
from vocclf.io.writers import OUTPUT_FIELDS, atomic_output, write_rows

__all__ = [
    "FORMATS",
    "OUTPUT_FIELDS",
    "Record",
    "atomic_output",
    "decode_bytes",
    "detect_format",
    "iter_eml_paths",
    "iter_jsonl",
    "iter_mbox",
    "iter_table",
    "parse_message",
    "read_eml",
    "read_records",
    "write_rows",
]

FORMATS = ("eml", "mbox", "csv", "tsv", "jsonl", "parquet")
_SUFFIXES = {
    ".eml": "eml",
    ".mbox": "mbox",
    ".mbx": "mbox",
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
}


def detect_format(path: str) -> str:
    """The input format of ``path``: a folder is ``parquet`` when it holds Parquet files,
    else ``eml``; files go by extension; ``-`` is
    JSONL on stdin; a file without a known extension that starts like an mbox is ``mbox``.

    Raises
    ------
    ValueError
        When the format cannot be told; name it with ``format=``.
    """
    if path == "-":
        return "jsonl"
    p = Path(path)
    if p.is_dir():
        return "parquet" if _holds_parquet(p) else "eml"
    fmt = _SUFFIXES.get(p.suffix.lower())
    if fmt:
        return fmt
    try:
        with p.open("rb") as f:
            if f.read(5) == b"From ":
                return "mbox"
    except OSError:
        pass
    raise ValueError(f"cannot tell the format of {path}; supported: {', '.join(FORMATS)} (by extension)")


def _holds_parquet(folder: Path) -> bool:
    """A folder of Parquet files (a dataset) rather than of mail: the first one found decides."""
    for p in folder.rglob("*"):
        suffix = p.suffix.lower()
        if suffix in (".parquet", ".eml") and p.is_file():
            return suffix == ".parquet"
    return False


def read_records(
    path: str,
    *,
    format: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    encoding: str | None = None,
) -> Iterator[Record]:
    """Stream the inquiries of one input, whatever its format.

    Parameters
    ----------
    path : str
        A file, a folder of ``.eml`` files or of ``.parquet`` files (searched
        recursively), or ``-`` for JSONL on standard input.
    format : {"eml", "mbox", "csv", "tsv", "jsonl", "parquet"}, optional
        Skip detection (see :func:`detect_format`).
    text_column, id_column : str, optional
        For tables: the columns to read; detected from common names by default.
    encoding : str, optional
        For CSV/TSV: force an encoding instead of detecting UTF-8 / CP932.

    Yields
    ------
    Record
        One per message or row, in input order; problems are in ``Record.error``.
    """
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; supported: {', '.join(FORMATS)}")
    if fmt == "eml":
        paths = iter_eml_paths(path) if Path(path).is_dir() else iter([Path(path)])
        yield from (read_eml(p) for p in paths)
    elif fmt == "mbox":
        yield from iter_mbox(path)
    elif fmt == "jsonl":
        yield from iter_jsonl(path, text_column=text_column, id_column=id_column)
    elif fmt == "parquet":
        from vocclf.io.parquet import iter_parquet, iter_parquet_paths

        for file in iter_parquet_paths(path):
            yield from iter_parquet(file, text_column=text_column, id_column=id_column)
    else:
        yield from iter_table(
            path,
            text_column=text_column,
            id_column=id_column,
            encoding=encoding,
            delimiter="\t" if fmt == "tsv" else ",",
        )

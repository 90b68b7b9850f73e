"""Reading helpdesk exports: CSV/TSV (UTF-8 or CP932, as Excel writes in Japan) and JSONL."""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

from vocclf.io.records import Record

__all__ = [
    "TEXT_COLUMNS",
    "detect_encoding",
    "find_column",
    "iter_csv_rows",
    "iter_json_objects",
    "iter_jsonl",
    "iter_table",
]

# Header names recognized when no column is given, most specific first.
TEXT_COLUMNS = (
    "問い合わせ内容", "お問い合わせ内容", "問合せ内容", "お問合せ内容", "本文", "内容", "メッセージ",
    "質問内容", "詳細", "text", "body", "message", "content", "comment", "description",
)  # fmt: skip
ID_COLUMNS = ("id", "チケットid", "チケット番号", "問い合わせ番号", "問合せ番号", "受付番号", "ticket_id", "no", "番号")
DATE_COLUMNS = ("日付", "受付日時", "受付日", "日時", "作成日時", "date", "created_at", "timestamp", "received_at")
SUBJECT_COLUMNS = ("件名", "タイトル", "subject", "title")
_SAMPLE_BYTES = 1 << 20


def detect_encoding(sample: bytes) -> str:
    """Guess a table's encoding from its first bytes: ``utf-8-sig``, ``utf-8`` or ``cp932``.

    UTF-8 is taken when the sample decodes as UTF-8 (a character cut at the sample's
    end is allowed); otherwise CP932, which is what Excel writes on Japanese Windows.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp932"
    return "utf-8"


def find_column(header: Sequence[str], wanted: str | None, candidates: Sequence[str]) -> int | None:
    """Index of the column named ``wanted``, else of the first known candidate name."""
    folded = [h.strip().lstrip("\ufeff").lower() for h in header]
    if wanted is not None:
        return folded.index(wanted.strip().lower()) if wanted.strip().lower() in folded else None
    for name in candidates:
        if name in folded:
            return folded.index(name)
    return None


def _open_text(path: str, encoding: str | None) -> tuple[IO[str], str]:
    """Open a file (or stdin for ``-``) as text; undecodable bytes survive as surrogates
    so that one bad row is reported instead of ending the file."""
    raw: Any = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    if encoding is None:
        if not isinstance(raw, io.BufferedReader):
            raw = io.BufferedReader(raw)
        encoding = detect_encoding(raw.peek(_SAMPLE_BYTES)[:_SAMPLE_BYTES])
    return io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape", newline=""), encoding


def _field(row: Sequence[str], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value if value.strip() else None


def _undecodable(value: str | None) -> bool:
    return value is not None and any("\udc80" <= ch <= "\udcff" for ch in value)


def _row_record(
    source: str, row_number: int, text: str | None, row_id: str | None, date: str | None, subject: str | None
) -> Record:
    rid = row_id.strip() if row_id else str(row_number)
    error = None
    if text is None:
        error = "no text in this row"
    elif _undecodable(text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        error = "some bytes could not be decoded and were replaced"
    return Record(source, rid, text, date, subject, error)


def iter_table(
    path: str,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Iterator[Record]:
    """Stream the rows of a CSV or TSV file as records, in file order.

    Parameters
    ----------
    path : str
        The file; ``.tsv`` files are tab-separated unless ``delimiter`` says otherwise.
    text_column, id_column : str, optional
        Header names of the text and id columns; by default the first known name
        (本文, 内容, 問い合わせ内容, body, text, message … / id, チケット番号 …).
    encoding : str, optional
        Force an encoding; by default UTF-8 (with or without BOM) or CP932 is detected.
    delimiter : str, optional
        Field separator; by default ``\\t`` for ``.tsv``, else ``,``.

    Yields
    ------
    Record
        One per data row. A row without text, or with bytes that do not decode, still
        yields a record, with ``error`` set; so does every row when the text column is
        missing.

    Raises
    ------
    OSError
        When the file cannot be opened.
    """
    sep = delimiter or ("\t" if path.lower().endswith(".tsv") else ",")
    rows = iter_csv_rows(path, encoding=encoding, delimiter=sep)
    header = next(rows, None)
    if header is None:
        return
    if isinstance(header, Record):
        yield header
        return
    text_i = find_column(header, text_column, TEXT_COLUMNS)
    id_i = find_column(header, id_column, ID_COLUMNS)
    date_i = find_column(header, None, DATE_COLUMNS)
    subject_i = find_column(header, None, SUBJECT_COLUMNS)
    missing = None
    if text_i is None:
        wanted = repr(text_column) if text_column else "a text column (本文, 内容, text, body …)"
        missing = f"no column {wanted}; the header has {[h.strip() for h in header]}"
    for row_number, row in enumerate(rows, 1):
        if isinstance(row, Record):
            yield row
        elif missing:
            yield Record(path, _field(row, id_i) or str(row_number), None, error=missing)
        else:
            yield _row_record(
                path, row_number, _field(row, text_i), _field(row, id_i), _field(row, date_i), _field(row, subject_i)
            )


def iter_csv_rows(path: str, *, encoding: str | None = None, delimiter: str = ",") -> Iterator[list[str] | Record]:
    """The header, then each non-blank data row of a CSV/TSV file, as lists of cells.

    A row the csv module cannot parse comes as a :class:`Record` with ``error`` (its id
    is the 1-based data row number), so callers count it and go on. Encoding is detected
    as in :func:`iter_table` unless given.
    """
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a 1 MB inquiry is one field
    stream, _ = _open_text(path, encoding)
    with stream:
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Record(path, "1", None, error=f"unreadable header: {exc}")
            return
        row_number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row_number += 1
                yield Record(path, str(row_number), None, error=f"unreadable row: {exc}")
                continue
            if any(cell.strip() for cell in row):  # blank lines are not rows
                row_number += 1
                yield row


def iter_json_objects(path: str) -> Iterator[dict[str, Any] | Record]:
    """Each non-blank line of a JSON Lines file (``-`` for stdin) as a dict; a line that
    is not a JSON object comes as a :class:`Record` with ``error`` (id: its row number)."""
    stream, _ = _open_text(path, "utf-8")
    with stream:
        row_number = 0
        for line in stream:
            if not line.strip():
                continue
            row_number += 1
            try:
                obj: Any = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Record(path, str(row_number), None, error=f"not valid JSON: {exc.msg}")
                continue
            if isinstance(obj, dict):
                yield obj
            else:
                yield Record(path, str(row_number), None, error="not a JSON object")


def iter_jsonl(path: str, *, text_column: str | None = None, id_column: str | None = None) -> Iterator[Record]:
    """Stream a JSON Lines file (``-`` for stdin) as records; a bad line is an error record."""
    for row_number, obj in enumerate(iter_json_objects(path), 1):
        if isinstance(obj, Record):
            yield obj
            continue
        keys = list(obj)
        fields = [_as_str(obj[k]) for k in keys]
        text_i = find_column(keys, text_column, TEXT_COLUMNS)
        id_i = find_column(keys, id_column, ID_COLUMNS)
        if text_i is not None and obj[keys[text_i]] is not None and not isinstance(obj[keys[text_i]], str):
            yield Record(path, _field(fields, id_i) or str(row_number), None, error="the text field is not a string")
            continue
        yield _row_record(
            path,
            row_number,
            _field(fields, text_i),
            _field(fields, id_i),
            _field(fields, find_column(keys, None, DATE_COLUMNS)),
            _field(fields, find_column(keys, None, SUBJECT_COLUMNS)),
        )


def _as_str(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def read_table(path: str, encoding: str | None = None) -> tuple[list[str], list[tuple[str, list[Any]]], list[str]]:
    """Header, ``(row number, cells)`` pairs and unreadable-row messages of a CSV/TSV/JSONL file.

    JSONL objects become rows over the union of their keys (missing keys are None).

    Raises
    ------
    ValueError
        For another format or a file without a header row.
    """
    from vocclf.io import detect_format

    fmt = detect_format(path)
    problems: list[str] = []
    rows: list[tuple[str, list[Any]]] = []
    header: list[str] = []
    if fmt == "jsonl":
        for n, obj in enumerate(iter_json_objects(path), 1):
            if isinstance(obj, Record):
                problems.append(f"{path} row {obj.id}: {obj.error}")
                continue
            for key in obj:
                if key not in header:
                    header.append(key)
            rows.append((str(n), [obj.get(k) for k in header]))
        return header, [(rid, cells + [None] * (len(header) - len(cells))) for rid, cells in rows], problems
    if fmt not in ("csv", "tsv"):
        raise ValueError(f"{path}: expected CSV, TSV or JSONL, not {fmt}")
    items = iter_csv_rows(path, encoding=encoding, delimiter="\t" if fmt == "tsv" else ",")
    first = next(items, None)
    if first is None or isinstance(first, Record):
        raise ValueError(f"{path}: no header row")
    header = first
    for n, row in enumerate(items, 1):
        if isinstance(row, Record):
            problems.append(f"{path} row {row.id}: {row.error}")
        else:
            rows.append((str(n), row))
    return header, rows, problems

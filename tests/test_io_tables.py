"""Table reading: encodings, columns, quoting, and rows that go wrong."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from vocclf.io import read_records
from vocclf.io.tables import detect_encoding

CSV = (
    "受付日,チケット番号,件名,問い合わせ内容\r\n"
    '2026-11-01,T-1,配送,"次回の配送日を\r\n15日に変更してください。よろしく, お願いします"\r\n'
    "2026-11-02,T-2,解約,定期便を解約したい\r\n"
)


@pytest.mark.parametrize("encoding", ["cp932", "utf-8", "utf-8-sig"])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(CSV.encode(encoding))
    records = list(read_records(str(path)))
    assert [r.id for r in records] == ["T-1", "T-2"]
    assert records[0].text == "次回の配送日を\r\n15日に変更してください。よろしく, お願いします"
    assert records[0].date == "2026-11-01"
    assert records[0].subject == "配送"
    assert all(r.error is None for r in records)


def test_detect_encoding() -> None:
    assert detect_encoding("解約".encode("cp932")) == "cp932"
    assert detect_encoding("解約".encode()[:-1]) == "utf-8"  # cut mid-character at the sample end
    assert detect_encoding(b"\xef\xbb\xbfid") == "utf-8-sig"


def test_forced_encoding_and_named_columns(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("番号,メモ,備考\n9,解約したい,x\n".encode("euc_jp"))
    records = list(read_records(str(path), encoding="euc_jp", text_column="メモ", id_column="番号"))
    assert records[0].text == "解約したい"
    assert records[0].id == "9"


def test_tsv_and_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("text\tother\n解約したい\t1\n\n送料は？\t2\n", encoding="utf-8")
    assert [(r.id, r.text) for r in read_records(str(path))] == [("1", "解約したい"), ("2", "送料は？")]


def test_missing_column_reports_every_row(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    records = list(read_records(str(path)))
    assert len(records) == 2
    assert all(r.text is None and r.error is not None and "no column" in r.error for r in records)


def test_bad_rows_do_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("本文\n解約したい\n".encode() + b"\xe8\xa7\n" + "送料は？\n,x\n".encode())
    records = list(read_records(str(path), encoding="utf-8"))
    assert [r.id for r in records] == ["1", "2", "3", "4"]
    assert records[1].error is not None
    assert "could not be decoded" in records[1].error
    assert records[2].text == "送料は？"
    assert records[2].error is None
    assert records[3].error == "no text in this row"


def test_jsonl_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = '{"id": "a", "text": "解約したい", "date": "2026-11-01"}\n{oops\n{"body": null}\n'.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    records = list(read_records("-"))
    assert records[0].id == "a"
    assert records[0].text == "解約したい"
    assert records[0].date == "2026-11-01"
    assert records[1].error is not None
    assert "not valid JSON" in records[1].error
    assert records[2].error == "no text in this row"


def test_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK")
    with pytest.raises(ValueError, match="cannot tell the format"):
        list(read_records(str(path)))

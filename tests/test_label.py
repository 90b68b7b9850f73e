"""`vocclf label` and the batch path: every row out, in order, errors named, files atomic."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from mailbuild import message

import vocclf
from vocclf.cli import EXIT_SOME_ROWS_FAILED, main
from vocclf.io import OUTPUT_FIELDS, Record, write_rows
from vocclf.labeling import label_records

TICKETS = [
    ("T-1", "効果を全然感じないので定期コースを解約したいです"),
    ("T-2", "届いた商品の瓶が割れていました。どうなっているんですか"),
    ("T-3", "次回のお届け日を15日に変更してください"),
    ("T-4", "このサプリは薬と一緒に飲んでも大丈夫ですか？"),
]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """An Excel-style CP932 export with a multi-line cell and one empty row."""
    path = tmp_path / "export.csv"
    with path.open("w", encoding="cp932", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["チケット番号", "受付日", "問い合わせ内容"])
        for tid, text in TICKETS:
            writer.writerow([tid, "2026/11/01", text.replace("。", "。\n")])
        writer.writerow(["T-5", "2026/11/02", ""])
    return path


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "1.eml").write_bytes(message("定期便を解約したいです。", charset="iso-2022-jp", message_id="<a@x>"))
    (folder / "2.eml").write_bytes(b"")
    return folder


def _read_csv(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def test_label_csv_export(export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "labeled.csv"
    assert main(["label", str(export), "-o", str(out)]) == EXIT_SOME_ROWS_FAILED
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Japanese
    rows = _read_csv(out)
    assert [r["id"] for r in rows] == ["T-1", "T-2", "T-3", "T-4", "T-5"]
    assert [r["intent"] for r in rows[:4]] == ["cancellation", "complaint", "request", "question"]
    assert rows[0]["reason"] == "no_effect"
    assert rows[1]["reason"] == ""
    assert rows[4]["intent"] == ""
    assert rows[4]["error"] == "no text in this row"
    assert tuple(rows[0]) == OUTPUT_FIELDS
    err = capsys.readouterr().err
    assert "export.csv row T-5: no text in this row" in err
    assert "5 rows: 4 labeled, 1 failed" in err
    assert "効果" not in err  # texts never reach the log


def test_label_mail_folder_and_exit_codes(mail_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "mail.jsonl"
    assert main(["label", str(mail_dir), "-o", str(out), "-q"]) == EXIT_SOME_ROWS_FAILED
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a@x", "2.eml"]
    assert rows[0]["intent"] == "cancellation"
    assert rows[0]["subject"] == "お問い合わせ"
    assert rows[1]["error"] == "empty file"
    (mail_dir / "2.eml").unlink()
    assert main(["label", str(mail_dir), "-o", str(out), "-q"]) == 0


def test_label_to_stdout_with_text(
    export: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["label", str(export), "--include-text", "-q"]) == EXIT_SOME_ROWS_FAILED
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 5
    assert rows[2]["text"].startswith("次回のお届け日")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO('{"text": "解約したい"}\n'.encode())))
    assert main(["label", "-", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["intent"] == "cancellation"


def test_cp932_output(export: Path, tmp_path: Path) -> None:
    out = tmp_path / "old.csv"
    main(["label", str(export), "-o", str(out), "--output-encoding", "cp932", "-q"])
    assert _read_csv(out, "cp932")[0]["intent"] == "cancellation"


@pytest.mark.parametrize(
    "argv",
    [
        ["label", "/nonexistent/x.csv"],
        ["label", "README.md"],
        ["label", "-", "-o", "out.xlsx"],
        ["label"],
    ],
)
def test_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_unwritable_output_is_one_line(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["label", str(export), "-o", "/nonexistent-dir/out.csv", "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("vocclf: error:")
    assert "Traceback" not in err


def test_failed_write_leaves_previous_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "labeled.csv"
    out.write_text("previous run\n", encoding="utf-8")

    def rows():  # type: ignore[no-untyped-def]
        yield {"id": "1", "intent": "request"}
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_rows(rows(), str(out))
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["labeled.csv"]  # no temporary left behind


def test_label_records_accounts_for_every_row(default_model: vocclf.VocClassifier) -> None:
    records = [
        Record("s", "1", "解約したい"),
        Record("s", "2", None, error="broken"),
        Record("s", "3", "  "),
        Record("s", "4", "> 解約のご案内です\n> お詫び申し上げます"),
        Record("s", "5", "送料はいくらですか", error="some bytes could not be decoded and were replaced"),
    ]
    rows = list(label_records(records, default_model, batch_size=2))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0]["intent"] == "cancellation"
    assert rows[0]["error"] is None
    assert rows[1]["intent"] is None
    assert rows[1]["error"] == "broken"
    assert rows[2]["error"] == "empty text"
    assert rows[3]["intent"] is None
    assert "quotes" in rows[3]["error"]
    assert rows[4]["intent"] == "question"
    assert "replaced" in rows[4]["error"]


def test_label_frame(default_model: vocclf.VocClassifier) -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"no": [10, 11, 12], "body": ["解約したい", None, "送料はいくらですか"]})
    out = vocclf.label_frame(df, "body", default_model, id_column="no")
    assert out["intent"][0] == "cancellation"
    assert out["intent"][2] == "question"
    assert pd.isna(out["intent"][1])
    assert pd.isna(out["confidence"][1])
    assert out["error"][1] == "text is missing, not a string"
    assert list(df.columns) == ["no", "body"]  # the input is not modified
    with pytest.raises(KeyError, match="no column 'text'"):
        vocclf.label_frame(df, "text", default_model)


def test_label_parallel_matches_serial(export: Path, tmp_path: Path, corpus: list[dict]) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"text": r["text"]}, ensure_ascii=False) + "\n" for r in corpus[:1500]))
    serial, parallel = tmp_path / "s.jsonl", tmp_path / "p.jsonl"
    assert main(["label", str(path), "-o", str(serial), "-q"]) == 0
    assert main(["label", str(path), "-o", str(parallel), "-q", "--n-jobs", "2"]) == 0
    assert serial.read_text() == parallel.read_text()


def test_progress_is_quiet_when_not_a_tty(export: Path, tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("vocclf")
    result = subprocess.run(
        [str(exe), "label", str(export), "-o", str(tmp_path / "o.csv")], capture_output=True, text=True
    )
    assert result.returncode == EXIT_SOME_ROWS_FAILED
    assert "\r" not in result.stderr
    assert "rows/s" not in result.stderr


def test_row_estimate_for_the_progress_eta(export: Path, mail_dir: Path, tmp_path: Path) -> None:
    from vocclf.cli import _estimate_rows

    mbox = tmp_path / "a.mbox"
    mbox.write_bytes(b"From a\nSubject: x\n\nhi\nFrom b\nSubject: y\n\nho\n")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"text": "a"}\n{"text": "b"}\n')
    assert _estimate_rows([str(mail_dir)]) == 2
    assert _estimate_rows([str(mbox), str(jsonl)]) == 4
    # Five data rows, two with a quoted newline in a cell: an overestimate is fine.
    assert 5 <= _estimate_rows([str(export)]) <= 9
    assert _estimate_rows(["-"]) is None


def test_progress_shows_on_a_terminal(export: Path, tmp_path: Path) -> None:
    import os
    import pty

    exe = Path(sys.executable).with_name("vocclf")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([str(exe), "label", str(export), "-o", str(tmp_path / "o.csv")], stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=120) == EXIT_SOME_ROWS_FAILED
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "rows" in shown
    assert "/s" in shown
    assert "ETA" in shown
    assert "5 rows: 4 labeled, 1 failed" in shown

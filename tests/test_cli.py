"""The command line, driven in-process and once through the installed entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import vocclf
from vocclf.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert vocclf.__version__ in capsys.readouterr().out


def test_predict_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["predict", "定期コースを解約したいです", "送料はいくらですか"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("cancellation")
    assert lines[1].startswith("question")
    assert main(["predict", "--json", "定期コースを解約したいです"]) == 0
    assert json.loads(capsys.readouterr().out)["intent"] == "cancellation"


def test_predict_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("解約したい\n送料はいくらですか\n"))
    assert main(["predict"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_bad_model_path_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["predict", "-m", str(tmp_path / "none"), "解約"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("vocclf: error: no model at")
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["predict", "--threshold", "high"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["train", "-o", "x"])
    assert exc.value.code == 2
    assert main([]) == 2


def test_train_default_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "model"
    assert main(["train", "--with-default-corpus", "-o", str(out), "--params", '{"C": 5}']) == 0
    assert "macro-F1" in capsys.readouterr().out
    card = vocclf.read_card(out)
    assert card["params"]["C"] == 5
    assert card["evaluation"]["intent"]["macro_f1"] > 0.5


def test_console_script() -> None:
    exe = Path(sys.executable).with_name("vocclf")
    result = subprocess.run([str(exe), "predict", "解約したい"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("cancellation")

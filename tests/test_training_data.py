"""Training on a team's own labeled exports: reading, checks with precise messages, CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import vocclf
from vocclf.cli import main
from vocclf.training_data import LabeledData, TrainingDataError, check_training_data, read_labeled


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "cp932") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.fixture
def labeled_csv(tmp_path: Path, corpus: list[dict]) -> Path:
    """A CP932 export as Excel writes it, with Japanese headers and a custom label."""
    rows = [["チケット番号", "問い合わせ内容", "分類", "解約理由"]]
    picked = [r for r in corpus if r["split"] == "train"][:150]
    for r in picked:
        rows.append([r["id"], r["text"].encode("cp932", "replace").decode("cp932"), r["intent"], r["reason"] or ""])
    for i, text in enumerate(
        ["いつも丁寧な対応ありがとうございます", "最高のサプリです、感謝", "スタッフの方が親切でした"]
    ):
        rows.append([f"P-{i}", text, "praise", ""])
    return _write_csv(tmp_path / "labeled.csv", rows)


def test_read_labeled_finds_japanese_columns(labeled_csv: Path) -> None:
    data = read_labeled(str(labeled_csv))
    assert len(data) == 153
    assert "praise" in data.intents
    assert data.ids[0].endswith(":voc-a-0001") or ":" in data.ids[0]
    assert all((r is None) == (y != "cancellation") for y, r in zip(data.intents, data.reasons, strict=True))
    check_training_data(data)  # clean data passes


def test_jsonl_and_explicit_columns(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"msg": "解約したい", "y": "cancellation", "why": "other"}\n{"msg": "送料は？", "y": "question"}\n'
    )
    data = read_labeled(str(path), text_column="msg", intent_column="y", reason_column="why")
    assert data.texts == ["解約したい", "送料は？"]
    assert data.reasons == ["other", None]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["text", "other"], ["a", "b"]], "no intent column \\(looked for intent, 意図"),
        ([["text", "intent"], ["解約したい", ""]], "empty intent label"),
        ([["text", "intent"], ["", "question"]], "no text"),
    ],
)
def test_reading_problems_are_named(tmp_path: Path, rows: list[list[str]], message: str) -> None:
    path = _write_csv(tmp_path / "x.csv", rows, "utf-8")
    with pytest.raises(TrainingDataError, match=message):
        read_labeled(str(path))


def _data(intents: list[str], reasons: list[str | None], texts: list[str] | None = None) -> LabeledData:
    texts = texts or [f"テキスト{i}" for i in range(len(intents))]
    return LabeledData(texts, intents, reasons, [f"f.csv:{i + 1}" for i in range(len(intents))])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_data(["question"] * 3 + ["request"] * 3, ["other"] + [None] * 5), "1 rows have a reason but are not"),
        (_data(["cancellation"] * 3 + ["request"] * 3, ["other", "other", None, None, None, None]), "have no reason"),
        (_data(["cancelation"] + ["cancellation"] * 3 + ["request"] * 3, [None] * 7), "did you mean 'cancellation'"),
        (_data(["request"] * 3 + ["question"] * 2, [None] * 5), "at least 3; 'question' \\(2\\)"),
        (
            _data(["request"] * 3 + ["question"] * 3, [None] * 6, ["同じ文", "b", "c", "同じ文", "e", "f"]),
            "conflicting labels:\n  f.csv:1 \\(request/None\\) vs f.csv:4 \\(question/None\\)",
        ),
    ],
)
def test_label_problems_are_named(data: LabeledData, message: str) -> None:
    with pytest.raises(TrainingDataError, match=message):
        check_training_data(data)


def test_custom_labels_are_welcome() -> None:
    check_training_data(_data(["praise"] * 3 + ["question"] * 3, [None] * 6))


def test_cli_train_and_evaluate(labeled_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mine"
    assert main(["train", str(labeled_csv), "--with-default-corpus", "-o", str(out), "--holdout", "0.1"]) == 0
    assert "held-out evaluation" in capsys.readouterr().out
    model = vocclf.load(out)
    assert "praise" in model.classes_
    card = vocclf.read_card(out)
    assert card["evaluation"]["n_items"] > 0
    assert main(["evaluate", str(out), str(labeled_csv), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n_items"] == 153
    assert "praise" in report["intent"]["labels"]


def test_cli_train_refuses_bad_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_csv(
        tmp_path / "bad.csv", [["text", "intent"], ["解約したい", "cancelation"], ["送料", "question"]], "utf-8"
    )
    assert main(["train", str(path), "-o", str(tmp_path / "m")]) == 1
    err = capsys.readouterr().err
    assert "training data has problems" in err
    assert "Traceback" not in err
    assert not (tmp_path / "m").exists()
    with pytest.raises(SystemExit) as exc:
        main(["train", "-o", str(tmp_path / "m")])
    assert exc.value.code == 2


def test_split_is_stratified_and_keeps_order() -> None:
    intents = ["cancellation"] * 10 + ["question"] * 10
    reasons = ["other"] * 5 + ["switching"] * 5 + [None] * 10
    data = _data(intents, reasons)
    train, held_out = data.split(0.2)
    assert len(train) == 16
    assert len(held_out) == 4
    assert sorted(held_out.intents) == ["cancellation", "cancellation", "question", "question"]
    assert train.ids == sorted(train.ids, key=data.ids.index)  # input order kept
    assert set(train.ids).isdisjoint(held_out.ids)
    assert data.split(0.2) == (train, held_out)  # fixed seed
    assert data.reasons_or_none == reasons
    assert _data(["question"] * 3, [None] * 3).reasons_or_none is None
    with pytest.raises(ValueError, match="cannot hold out"):
        _data(["a", "a", "b"], [None] * 3).split(0.5)

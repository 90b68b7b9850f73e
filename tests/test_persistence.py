"""Saving, loading, the model card, and the shipped model's freshness."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import joblib
import numpy as np
import pytest

import vocclf
from vocclf.persistence import CARD_FILE, MODEL_FILE, default_model_path


@pytest.fixture
def saved(small_model: vocclf.VocClassifier, tmp_path: Path) -> Path:
    small_model.save(tmp_path / "m")
    return tmp_path / "m"


def _edit_card(folder: Path, **changes: object) -> None:
    card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
    card.update(changes)
    (folder / CARD_FILE).write_text(json.dumps(card), encoding="utf-8")


def test_round_trip(small_model: vocclf.VocClassifier, saved: Path) -> None:
    loaded = vocclf.load(saved)
    texts = ["解約したい", "届かない", "変更してください", "いつ届きますか"]
    np.testing.assert_array_equal(loaded.predict_proba(texts), small_model.predict_proba(texts))
    assert loaded.predict_many(texts) == small_model.predict_many(texts)
    assert vocclf.load(saved / MODEL_FILE).get_params() == small_model.get_params()


def test_card_contents(small_model: vocclf.VocClassifier, saved: Path) -> None:
    card = vocclf.read_card(saved)
    for key in (
        "vocclf_version",
        "sklearn_version",
        "sudachipy_version",
        "sudachi_dictionary_version",
        "created_at",
        "model_sha256",
        "intent_labels",
        "reason_labels",
        "params",
        "training_data",
    ):
        assert card[key], key
    assert card["intent_labels"] == list(small_model.classes_)
    assert card["training_data"]["sha256"] == small_model.training_data_sha256_
    assert card["evaluation"] is None
    assert oct((saved / MODEL_FILE).stat().st_mode & 0o444) == oct(0o444)


def test_tampered_file_is_refused(saved: Path) -> None:
    data = bytearray((saved / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (saved / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(vocclf.ModelIntegrityError, match="does not match its card"):
        vocclf.load(saved)
    with pytest.raises(vocclf.ModelIntegrityError):
        vocclf.verify_model(saved)


def test_missing_or_broken_card(saved: Path) -> None:
    (saved / CARD_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(vocclf.ModelIntegrityError, match="not valid JSON"):
        vocclf.load(saved)
    (saved / CARD_FILE).unlink()
    with pytest.raises(vocclf.ModelIntegrityError, match="no model card"):
        vocclf.load(saved)
    assert vocclf.load(saved, verify=False).classes_ is not None


def test_card_of_another_model(saved: Path) -> None:
    _edit_card(saved, intent_labels=["positive", "negative"])
    with pytest.raises(vocclf.ModelIntegrityError, match="another model"):
        vocclf.load(saved)


def test_other_sklearn_version_warns(saved: Path) -> None:
    _edit_card(saved, sklearn_version="0.0.1")
    with pytest.warns(vocclf.ModelVersionWarning, match="Retrain"):
        vocclf.load(saved)


def test_not_a_model(tmp_path: Path, saved: Path) -> None:
    folder = tmp_path / "other"
    shutil.copytree(saved, folder)
    joblib.dump({"a": 1}, folder / MODEL_FILE)
    with pytest.raises(vocclf.ModelIntegrityError, match="not a vocclf model"):
        vocclf.load(folder, verify=False)
    with pytest.raises(FileNotFoundError, match="no model"):
        vocclf.load(tmp_path / "nowhere")


def test_save_refuses_a_file_path(small_model: vocclf.VocClassifier, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(FileExistsError):
        small_model.save(tmp_path / "f")


def test_unfitted_model_cannot_be_saved(tmp_path: Path) -> None:
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        vocclf.VocClassifier().save(tmp_path / "m")


def test_default_model_loads_from_any_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert vocclf.load().predict("解約したい").intent == "cancellation"


def test_shipped_model_is_fresh_and_small(corpus: list[dict]) -> None:
    """The shipped model was trained on exactly the corpus's train split."""
    train = [r for r in corpus if r["split"] == "train"]
    expected = vocclf.fingerprint(
        [r["text"] for r in train], [r["intent"] for r in train], [r["reason"] for r in train]
    )
    card = vocclf.verify_model()
    assert card["training_data"]["sha256"] == expected, (
        "models/default is stale: rebuild with `vocclf train --with-default-corpus -o models/default`"
    )
    assert (default_model_path() / MODEL_FILE).stat().st_size < 20 * 1024 * 1024


def test_shipped_card_reports_its_real_test_scores(default_model: vocclf.VocClassifier, corpus: list[dict]) -> None:
    test = [r for r in corpus if r["split"] == "test"]
    report = default_model.evaluate([r["text"] for r in test], [r["intent"] for r in test], [r["reason"] for r in test])
    card = vocclf.read_card()
    assert card["evaluation"] == json.loads(json.dumps(report.to_dict()))
    assert report.intent.macro_f1 >= 0.90
    assert report.reason is not None
    assert report.reason.macro_f1 >= 0.85


def test_truncated_model_with_a_matching_card_is_refused(saved: Path) -> None:
    import hashlib

    data = (saved / MODEL_FILE).read_bytes()
    (saved / MODEL_FILE).write_bytes(data[: len(data) // 3])
    _edit_card(saved, model_sha256=hashlib.sha256(data[: len(data) // 3]).hexdigest())
    with pytest.raises(vocclf.ModelIntegrityError, match="could not read the model"):
        vocclf.load(saved)

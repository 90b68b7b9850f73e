"""Evaluation reports."""

from __future__ import annotations

import json

import vocclf
from vocclf.evaluation import class_report


def test_class_report_numbers() -> None:
    r = class_report(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert r.labels == ("a", "b")
    assert r.precision == {"a": 1.0, "b": 2 / 3}
    assert r.recall == {"a": 0.5, "b": 1.0}
    assert r.support == {"a": 2, "b": 2}
    assert r.confusion == ((1, 1), (0, 2))
    assert r.accuracy == 0.75
    assert abs(r.macro_f1 - (2 / 3 + 0.8) / 2) < 1e-12


def test_evaluate_report(small_model: vocclf.VocClassifier, corpus: list[dict]) -> None:
    test = [r for r in corpus if r["split"] == "test"][:200]
    report = small_model.evaluate([r["text"] for r in test], [r["intent"] for r in test], [r["reason"] for r in test])
    assert report.n_items == len(test)
    assert sum(report.intent.support.values()) == len(test)
    n_cancel = sum(r["intent"] == "cancellation" for r in test)
    assert report.reason is not None
    assert sum(report.reason.support.values()) == n_cancel
    assert json.loads(json.dumps(report.to_dict()))["intent"]["macro_f1"] == report.intent.macro_f1
    text = str(report)
    assert "macro-F1" in text
    assert "cancellation reason" in text
    without = small_model.evaluate([r["text"] for r in test], [r["intent"] for r in test])
    assert without.reason is None


def test_cross_validate(small_data: tuple) -> None:
    texts, intents, reasons = small_data
    result = vocclf.cross_validate(texts, intents, reasons, cv=3, C=10.0)
    assert len(result.folds) == 3
    assert sum(f.n_items for f in result.folds) == len(texts)  # every item held out once
    assert 0.5 < result.intent_macro_f1 <= 1.0
    assert result.reason_macro_f1 is not None
    assert len(result.predicted_intents) == len(texts)
    assert set(result.predicted_intents) <= set(intents)
    assert json.loads(json.dumps(result.to_dict()))["intent_macro_f1"] == result.intent_macro_f1


def test_cross_validate_needs_enough_examples() -> None:
    import pytest

    with pytest.raises(ValueError, match="at least 5 examples per intent; too few: 'b' \\(2\\)"):
        vocclf.cross_validate(["x"] * 7, ["a"] * 5 + ["b"] * 2)

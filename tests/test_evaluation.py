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

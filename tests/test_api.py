"""The public API contract, on the real shipped model."""

from __future__ import annotations

import dataclasses
import json
import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vocclf

CLEAR = {
    "効果を全然感じないので定期コースを解約したいです": ("cancellation", "no_effect"),
    "家計が苦しくて毎月の支払いが負担なので、定期便を解約させてください": ("cancellation", "financial_burden"),
    "届いた商品の瓶が割れていました。どうなっているんですか": ("complaint", None),
    "次回のお届け日を15日に変更してください": ("request", None),
    "このサプリは薬と一緒に飲んでも大丈夫ですか？": ("question", None),
}


def test_clear_cases(default_model: vocclf.VocClassifier) -> None:
    for text, (intent, reason) in CLEAR.items():
        p = default_model.predict(text)
        assert p.intent == intent, text
        if reason is not None:
            assert p.reason == reason, text


def test_prediction_fields(default_model: vocclf.VocClassifier) -> None:
    p = default_model.predict("定期コースを解約したいです")
    assert isinstance(p, vocclf.Prediction)
    assert set(p.probabilities) == {str(c) for c in default_model.classes_}
    assert math.isclose(sum(p.probabilities.values()), 1.0, abs_tol=1e-9)
    assert p.confidence == max(p.probabilities.values())
    assert p.probabilities[p.intent] == p.confidence
    assert p.reason in default_model.reason_classes_
    assert 0.0 <= p.reason_confidence <= 1.0
    q = default_model.predict("送料はいくらですか")
    assert q.intent != "cancellation"
    assert q.reason is None
    assert q.reason_confidence is None


def test_prediction_is_immutable_printable_serializable(default_model: vocclf.VocClassifier) -> None:
    p = default_model.predict("解約したい")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.intent = "question"  # type: ignore[misc]
    with pytest.raises(TypeError):
        p.probabilities["question"] = 1.0  # type: ignore[index]
    assert "intent='cancellation'" in repr(p)
    d = p.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert pickle.loads(pickle.dumps(p)) == p


def test_labels_come_from_the_model(default_model: vocclf.VocClassifier) -> None:
    assert sorted(default_model.classes_) == ["cancellation", "complaint", "question", "request"]
    assert sorted(default_model.reason_classes_) == sorted(
        ["no_effect", "excess_stock", "improved", "financial_burden", "switching", "other"]
    )


def test_predict_many_keeps_order_and_matches_predict(default_model: vocclf.VocClassifier) -> None:
    texts = [*list(CLEAR), "", "解約"]
    many = default_model.predict_many(texts)
    assert many == [default_model.predict(t) for t in texts]
    assert default_model.predict_many([]) == []
    assert default_model.predict_many(iter(texts[:2])) == many[:2]


def test_predict_many_parallel_equals_serial(default_model: vocclf.VocClassifier, corpus: list[dict]) -> None:
    texts = [r["text"] for r in corpus[:1200]]  # enough for two workers
    assert default_model.predict_many(texts, n_jobs=2) == default_model.predict_many(texts, n_jobs=1)


def test_predict_many_rejects_bad_n_jobs(default_model: vocclf.VocClassifier) -> None:
    for bad in (0, -2, 1.5):
        with pytest.raises(ValueError, match="n_jobs"):
            default_model.predict_many(["a"], n_jobs=bad)  # type: ignore[arg-type]


def test_sklearn_predict_on_lists(default_model: vocclf.VocClassifier) -> None:
    labels = default_model.predict(["解約したい", "送料はいくらですか"])
    assert isinstance(labels, np.ndarray)
    assert next(iter(labels)) == "cancellation"
    proba = default_model.predict_proba(["解約したい"])
    assert proba.shape == (1, len(default_model.classes_))


def test_review_threshold(default_model: vocclf.VocClassifier) -> None:
    clf = pickle.loads(pickle.dumps(default_model))
    clf.review_threshold = 1.01
    assert clf.predict("定期コースを解約したいです").needs_review
    clf.review_threshold = 0.0
    assert not clf.predict("定期コースを解約したいです").needs_review
    assert clf.predict("   ").needs_review  # empty text always goes to a person


def test_explain(default_model: vocclf.VocClassifier) -> None:
    e = default_model.explain("効果がないので解約したいです", top=5)
    assert e.prediction == default_model.predict("効果がないので解約したいです")
    assert 0 < len(e.intent_features) <= 5
    weights = [w for _, w in e.intent_features]
    assert weights == sorted(weights, reverse=True)
    assert all(name.startswith(("word__", "char__")) for name, _ in e.intent_features)
    assert any("解約" in name for name, _ in e.intent_features)
    assert e.reason_features
    assert f"reason {e.prediction.reason}" in str(e)
    assert json.dumps(e.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize(
    ("bad", "message"),
    [(None, "None"), (b"\xe8\xa7\xa3", "decode"), (123, "int"), (["a"], "list")],
)
def test_bad_input_types(default_model: vocclf.VocClassifier, bad: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        default_model.predict_many([bad]) if not isinstance(bad, list) else default_model.explain(bad)  # type: ignore[arg-type]
    if bad is None or isinstance(bad, bytes):
        with pytest.raises(TypeError, match=message):
            default_model.predict(bad)  # type: ignore[arg-type]


def test_predict_many_names_bad_index(default_model: vocclf.VocClassifier) -> None:
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        default_model.predict_many(["ok", None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="single string"):
        default_model.predict_many("解約")


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t", "😀🙏💢", "\x00\x01\x02解約\x7f", "a\ud800b\udfff", "テスト" * 350_000, "é" * 10],
)
def test_odd_texts_get_a_prediction(default_model: vocclf.VocClassifier, text: str) -> None:
    p = default_model.predict(text)
    assert p.intent in default_model.classes_
    assert math.isclose(sum(p.probabilities.values()), 1.0, abs_tol=1e-9)
    if not text.strip():
        assert p.needs_review


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=5))
def test_any_texts_predict_consistently(default_model: vocclf.VocClassifier, texts: list[str]) -> None:
    many = default_model.predict_many(texts)
    assert len(many) == len(texts)
    for text, p in zip(texts, many, strict=False):
        assert p == default_model.predict(text)
        assert math.isclose(sum(p.probabilities.values()), 1.0, abs_tol=1e-9)


def test_import_vocclf_imports_no_engine_and_no_plotting() -> None:
    import subprocess
    import sys

    code = (
        "import sys, vocclf; "
        "print(sorted(m for m in ('dask', 'distributed', 'pyspark', 'matplotlib') if m in sys.modules))"
    )
    assert subprocess.check_output([sys.executable, "-c", code], text=True).strip() == "[]"

"""What to label next, how far to trust the model, what it learned."""

from __future__ import annotations

import math

import numpy as np
import pytest

import vocclf


def test_uncertainty_methods(default_model: vocclf.VocClassifier) -> None:
    texts = ["定期コースを解約したいです", "あ", "送料はいくらですか"]
    for method in ("margin", "entropy", "least_confident"):
        scores = vocclf.uncertainty(default_model, texts, method)
        assert scores.shape == (3,)
        assert scores[1] > scores[0]  # a lone character is less certain than a clear cancellation
    with pytest.raises(ValueError, match="method must be one of"):
        vocclf.uncertainty(default_model, texts, "random")
    assert vocclf.uncertainty(default_model, []).shape == (0,)


def test_rank_uncertain_orders_by_score(default_model: vocclf.VocClassifier) -> None:
    texts = ["定期コースを解約したいです", "あ", "送料はいくらですか", "うーん"]
    scores = vocclf.uncertainty(default_model, texts)
    ranked = vocclf.rank_uncertain(default_model, texts)
    assert sorted(ranked) == [0, 1, 2, 3]
    assert list(scores[ranked]) == sorted(scores, reverse=True)
    assert vocclf.rank_uncertain(default_model, texts, k=2) == ranked[:2]


def test_simulate_active_learning(corpus: list[dict]) -> None:
    train = [r for r in corpus if r["split"] == "train"]
    test = [r for r in corpus if r["split"] == "test"][:300]
    result = vocclf.simulate_active_learning(
        [r["text"] for r in train], [r["intent"] for r in train],
        [r["text"] for r in test], [r["intent"] for r in test],
        start=100, batch=100, rounds=2,
    )  # fmt: skip
    assert result.labeled == (100, 200, 300)
    assert result.uncertain_f1[0] == result.random_f1[0]  # same starting set
    assert len(result.random_f1) == 3
    assert all(0 < f <= 1 for f in result.uncertain_f1 + result.random_f1)
    assert math.isfinite(result.gain)
    with pytest.raises(ValueError, match="needs 700"):
        vocclf.simulate_active_learning(["a"] * 10, ["x"] * 10, ["a"], ["x"], start=200, batch=100, rounds=5)


def test_coverage_curve(default_model: vocclf.VocClassifier, corpus: list[dict]) -> None:
    test = [r for r in corpus if r["split"] == "test"][:300]
    points = vocclf.coverage_curve(default_model, [r["text"] for r in test], [r["intent"] for r in test])
    coverages = [p["coverage"] for p in points]
    assert coverages == sorted(coverages, reverse=True)  # a higher threshold keeps fewer
    assert points[0]["coverage"] > 0.9
    kept = [p for p in points if p["n_kept"] > 20]
    assert kept[-1]["accuracy"] >= kept[0]["accuracy"] - 0.02  # confident predictions are not worse
    none = vocclf.coverage_curve(default_model, ["解約"], ["cancellation"], thresholds=[1.01])
    assert none[0]["n_kept"] == 0
    assert np.isnan(none[0]["accuracy"])


def test_misclassified(default_model: vocclf.VocClassifier) -> None:
    texts = ["定期コースを解約したいです", "送料はいくらですか"]
    rows = vocclf.misclassified(default_model, texts, ["question", "question"], ids=["a", "b"])
    assert [r["id"] for r in rows] == ["a"]
    assert rows[0]["predicted"] == "cancellation"
    assert rows[0]["label"] == "question"


def test_learning_curve(small_data: tuple) -> None:
    texts, intents, _ = small_data
    points = vocclf.learning_curve(texts, intents, sizes=(150, 400, 10**6), cv=2)
    assert [p["n_train"] for p in points] == [150, 400]  # sizes above a fold's training part are skipped
    assert all(0 < p["intent_macro_f1"] <= 1 for p in points)


def test_top_features(default_model: vocclf.VocClassifier) -> None:
    top = default_model.top_features(10)
    assert set(top) == set(default_model.classes_)
    assert any("解約" in name for name, _ in top["cancellation"])
    weights = [w for _, w in top["question"]]
    assert weights == sorted(weights, reverse=True)
    reasons = default_model.top_features(5, head="reason")
    assert set(reasons) == set(default_model.reason_classes_)
    with pytest.raises(ValueError, match="head must be"):
        default_model.top_features(head="topic")


def test_learning_curve_keeps_rare_labels(small_data: tuple) -> None:
    texts, intents, _ = small_data
    rare_texts = [
        "いつも丁寧な対応ありがとう",
        "最高の商品です、感謝",
        "スタッフが親切でした",
        "助かりました、ありがとう",
        "おかげで毎日快調です",
        "対応の早さに感動しました",
    ]  # six: three in each fold's training part with cv=2
    points = vocclf.learning_curve(texts + rare_texts, intents + ["praise"] * 6, sizes=(60,), cv=2)
    assert [p["n_train"] for p in points] == [60]

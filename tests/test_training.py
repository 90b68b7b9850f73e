"""Training follows scikit-learn conventions and checks its data."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV

import vocclf


def test_fit_returns_self_and_learns_labels(small_data: tuple) -> None:
    clf = vocclf.VocClassifier(C=5)
    assert clf.fit(*small_data) is clf
    assert set(clf.classes_) == set(small_data[1])
    assert clf.n_training_items_ == len(small_data[0])


def test_training_is_deterministic(small_data: tuple, small_model: vocclf.VocClassifier) -> None:
    again = vocclf.train(*small_data)
    texts = small_data[0][:50]
    np.testing.assert_array_equal(again.predict_proba(texts), small_model.predict_proba(texts))


def test_get_params_and_clone() -> None:
    clf = vocclf.VocClassifier(C=7.0, classifier="logreg")
    assert clf.get_params()["C"] == 7.0
    copy = clone(clf)
    assert copy.get_params() == clf.get_params()
    assert copy is not clf
    clf.set_params(review_threshold=0.7)
    assert clf.review_threshold == 0.7


def test_custom_labels_and_no_reasons() -> None:
    texts = ["ありがとう、助かりました", "最高の商品です", "感謝しています", "解約したい", "やめます", "退会します"]
    texts += ["送料は？", "いつ届く？", "支払い方法は？"]
    intents = ["praise"] * 3 + ["cancellation"] * 3 + ["question"] * 3
    clf = vocclf.train(texts, intents)
    assert sorted(clf.classes_) == ["cancellation", "praise", "question"]
    assert clf.reason_classes_ is None
    assert clf.predict("解約したい").reason is None


def test_logreg_head_gives_probabilities(small_data: tuple) -> None:
    clf = vocclf.train(*small_data, classifier="logreg", C=20.0)
    p = clf.predict("定期を解約したい")
    assert abs(sum(p.probabilities.values()) - 1) < 1e-9
    assert clf.explain("定期を解約したい").intent_features


def test_grid_search_works(small_data: tuple) -> None:
    texts, intents, reasons = small_data
    search = GridSearchCV(vocclf.VocClassifier(), {"C": [1.0, 10.0]}, cv=2, scoring="f1_macro")
    search.fit(texts, intents, reasons=reasons)
    assert search.best_params_["C"] in (1.0, 10.0)
    assert search.best_estimator_.reason_classes_ is not None


T4 = ["解約したい", "やめたい", "送料は？", "いつ届く？"]
T6 = [*T4, "退会します", "支払い方法は？"]


@pytest.mark.parametrize(
    ("texts", "intents", "reasons", "message"),
    [
        (T4, ["cancellation", "cancellation", "question"], None, "4 texts but 3 intents"),
        (T4, ["cancellation", "", "question", "question"], None, "rows 1"),
        (T4, ["cancellation", None, "question", "question"], None, "rows 1"),
        (T4, ["cancellation"] * 2 + ["question"] * 2, ["other", None, None, None], "missing at rows 1"),
        (T4, ["cancellation"] * 2 + ["question"] * 2, ["other", "other", "other", None], "rows 2 have another"),
        (T4, ["question"] * 4, None, "at least two intent labels"),
        (T4, ["cancellation", "question", "question", "question"], None, "'cancellation' \\(1\\)"),
        (
            T6,
            ["cancellation"] * 3 + ["question"] * 3,
            ["other", "other", "no_effect", None, None, None],
            "'no_effect' \\(1\\)",
        ),
    ],
)
def test_bad_training_data_is_named(texts: list, intents: list, reasons: list | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        vocclf.train(texts, intents, reasons)


def test_bad_texts_are_named() -> None:
    with pytest.raises(TypeError, match=r"texts\[2\]"):
        vocclf.train(["a", "b", None, "d"], ["x", "x", "y", "y"])


def test_too_little_text() -> None:
    with pytest.raises(ValueError, match="too little text to learn from"):
        vocclf.train(["あ", "い", "う", "え", "お", "か"], ["a", "a", "a", "b", "b", "b"], min_df=5)


def test_unknown_classifier() -> None:
    with pytest.raises(ValueError, match="'logreg' or 'svm'"):
        vocclf.train(T4, ["a", "a", "b", "b"], classifier="forest")


def test_repeated_rows_are_learned_once_with_their_weight(small_data: tuple) -> None:
    texts, intents, reasons = small_data
    tripled = vocclf.train(texts * 3, intents * 3, reasons * 3)
    assert tripled.n_training_items_ == 3 * len(texts)
    # The same distinct texts: the same vocabulary as the model trained on one copy.
    once = vocclf.train(texts, intents, reasons)
    assert list(tripled.features_.get_feature_names_out()) == list(once.features_.get_feature_names_out())
    # And the SVM's loss with every row weighted 3 is its loss with C three times larger:
    # the same weights in every calibration fold.
    weighted = vocclf.train(texts, intents, reasons, C=3 * once.C)
    for a, b in zip(
        tripled.intent_model_.calibrated_classifiers_, weighted.intent_model_.calibrated_classifiers_, strict=True
    ):
        np.testing.assert_allclose(a.estimator.coef_, b.estimator.coef_, atol=1e-4)


def test_copies_of_one_text_are_not_three_examples() -> None:
    texts = ["解約したい"] * 3 + ["送料は？", "いつ届く？", "支払い方法は？"]
    with pytest.raises(ValueError, match="3 distinct examples"):
        vocclf.train(texts, ["cancellation"] * 3 + ["question"] * 3)

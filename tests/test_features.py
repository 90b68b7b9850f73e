"""The vectorized features count exactly what scikit-learn's TfidfVectorizer counts."""

from __future__ import annotations

import pickle
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer

from vocclf import SudachiTokenizer, TextFeatures, normalize_text
from vocclf.features import _CodeTable


def _collapsed(text: str) -> str:
    return re.sub(r"\s+", " ", normalize_text(text))


def _as_dict(matrix: object, names: np.ndarray, prefix: str) -> list[dict[str, float]]:
    rows = []
    for row in matrix.tocsr():  # type: ignore[attr-defined]
        rows.append({names[j].removeprefix(prefix): v for j, v in zip(row.indices, row.data, strict=True)})
    return rows


def _same(ours: list[dict[str, float]], theirs: list[dict[str, float]]) -> None:
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        assert a.keys() == b.keys()
        for key in a:
            assert a[key] == pytest.approx(b[key], abs=1e-6)


def test_matches_scikit_learn_tfidf_on_the_corpus(corpus: list[dict]) -> None:
    train = [r["text"] for r in corpus if r["split"] == "train"][:800]
    test = [*(r["text"] for r in corpus if r["split"] == "test"), "", "未知語ばかりのｘｙｚ", "!!"][-203:]
    ours = TextFeatures(min_df=2).fit(train)
    names = ours.get_feature_names_out()
    word_names = np.array([n for n in names if n.startswith("word__")], dtype=object)
    char_names = np.array([n for n in names if n.startswith("char__")], dtype=object)
    shared = {"lowercase": False, "min_df": 2, "sublinear_tf": True, "dtype": np.float32}
    word = TfidfVectorizer(tokenizer=SudachiTokenizer(), token_pattern=None, ngram_range=(1, 2), **shared).fit(train)
    char = TfidfVectorizer(analyzer="char", preprocessor=_collapsed, ngram_range=(1, 3), **shared).fit(train)
    assert set(word_names) == {f"word__{n}" for n in word.get_feature_names_out()}
    assert set(char_names) == {f"char__{n}" for n in char.get_feature_names_out()}
    matrix = ours.transform(test)
    n_word = len(word_names)
    _same(
        _as_dict(matrix[:, :n_word], word_names, "word__"),
        _as_dict(word.transform(test), word.get_feature_names_out(), ""),
    )
    _same(
        _as_dict(matrix[:, n_word:], char_names, "char__"),
        _as_dict(char.transform(test), char.get_feature_names_out(), ""),
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=12))
def test_fit_transform_equals_transform_and_rows_are_unit_or_empty(texts: list[str]) -> None:
    features = TextFeatures(char_ngram_range=(1, 2))
    if not any(normalize_text(t).strip() for t in texts):
        with pytest.raises(ValueError, match="vocabulary is empty"):
            features.fit(texts)
        return
    fitted = features.fit_transform(texts)
    again = features.transform(texts)
    assert fitted.shape == again.shape == (len(texts), features.n_features_out_)
    assert abs(fitted - again).max() < 1e-6 if fitted.nnz else again.nnz == 0
    norms = np.sqrt(np.asarray(again.multiply(again).sum(axis=1)).ravel())
    # Each block is L2-normalized on its own: a row's norm is 0, 1 or sqrt(2).
    assert all(min(abs(n - k) for k in (0.0, 1.0, np.sqrt(2))) < 1e-5 for n in norms)


def test_names_are_what_the_text_contains() -> None:
    features = TextFeatures(char_ngram_range=(2, 3)).fit(["解約したいです", "配送先を変更したい", "解約はしません"])
    row = features.transform(["配送先を変更したい"])
    names = features.get_feature_names_out()[row.indices]
    chars = [n.removeprefix("char__") for n in names if n.startswith("char__")]
    assert chars
    assert all(c in "配送先を変更したい" and len(c) in (2, 3) for c in chars)
    assert "word__変更 為る" in names


def test_unknown_and_empty_texts_give_zero_rows() -> None:
    features = TextFeatures().fit(["解約したい", "解約したくない"])
    matrix = features.transform(["", "   ", "ｚｚｚ"])
    assert matrix.shape == (3, features.n_features_out_)
    assert matrix.nnz == 0


def test_min_df_and_max_features_prune() -> None:
    texts = ["解約したい", "解約します", "配送の変更", "変更したい"]
    full = TextFeatures().fit(texts).n_features_out_
    assert TextFeatures(min_df=2).fit(texts).n_features_out_ < full
    capped = TextFeatures(max_features=5).fit(texts)
    assert capped.n_features_out_ == 10  # five per block
    with pytest.raises(ValueError, match="vocabulary is empty"):
        TextFeatures(min_df=5).fit(texts)
    with pytest.raises(ValueError, match="char_ngram_range"):
        TextFeatures(char_ngram_range=(3, 1)).fit(texts)


def test_is_a_scikit_learn_transformer_that_pickles() -> None:
    features = TextFeatures(min_df=1, char_ngram_range=(1, 4))  # 4-grams: the hashed range
    assert clone(features).get_params() == features.get_params()
    texts = ["解約したいです", "変更をお願いします", "いつ届きますか？"]
    before = features.fit(texts).transform(texts)
    copy = pickle.loads(pickle.dumps(features))
    assert not copy.char_vocabulary_._tables  # lookup tables are rebuilt, not saved
    assert abs(copy.transform(texts) - before).max() == 0


@settings(max_examples=60, deadline=None)
@given(
    st.sets(st.integers(min_value=1, max_value=2**64 - 1), max_size=300),
    st.lists(st.integers(min_value=1, max_value=2**64 - 1), max_size=100),
)
def test_code_table_finds_every_code_and_nothing_else(codes: set[int], queries: list[int]) -> None:
    keys = np.array(sorted(codes), dtype=np.uint64)
    table = _CodeTable(keys)
    assert (table.find(keys) == np.arange(len(keys))).all()
    found = table.find(np.array(queries, dtype=np.uint64))
    position = {c: i for i, c in enumerate(keys.tolist())}
    assert found.tolist() == [position.get(q, -1) for q in queries]

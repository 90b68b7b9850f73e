"""The tokenizer keeps what carries intent, folds variants, and takes any input."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from vocclf import SudachiTokenizer, normalize_text
from vocclf.features import TextFeatures

tok = SudachiTokenizer()


def test_width_and_variants_meet() -> None:
    assert tok("ｷｬﾝｾﾙしたい") == tok("キャンセルしたい")
    assert tok("ＩＤ１２３をＯＫ") == tok("id123をok")
    assert normalize_text("ＡＢＣ　ｱｲｳ") == "abc アイウ"


def test_negation_changes_features() -> None:
    want, not_want = tok("解約したい"), tok("解約したくない")
    assert want != not_want
    assert "無い" in not_want
    assert "無い" not in want
    assert "ず" in tok("解約はしません")


def test_wish_request_question_and_conditional_are_kept() -> None:
    assert "たい" in tok("やめたいです")
    assert "欲しい" in tok("送らないでほしい")
    assert "下さる" in tok("変更してください")
    question = tok("変更できますか？")
    assert "か" in question
    assert "?" in question
    assert tok("解約したら") != tok("解約した")


def test_word_features_differ_for_negated_cancellation() -> None:
    features = TextFeatures().fit(["解約したい", "解約したくない"])
    a, b = features.transform(["解約したい", "解約したくない"]).toarray()
    assert (a != b).any()
    assert "word__たい 無い" in features.get_feature_names_out()


def test_punctuation_dropped_and_digits_folded() -> None:
    assert tok("注文番号12345、よろしく。") == tok("注文番号98、よろしく")
    assert "、" not in tok("はい、いいえ。")


def test_text_longer_than_sudachi_limit() -> None:
    sentence = "定期便の解約をお願いします。"
    tokens = tok(sentence * 20_000)  # 280,000 characters, far over 49,149 bytes
    assert len(tokens) == len(tok(sentence)) * 20_000
    assert len(tok("あ" * 100_000)) > 0  # one endless "sentence" with no boundary


def test_hostile_characters() -> None:
    assert tok("a\ud800b") == ["a", "b"]  # lone surrogate
    assert tok("\x00\x07解約\x1b") == ["解約"]
    assert tok("") == []
    assert tok("   \n\t") == []
    assert isinstance(tok("😀😀😀"), list)


def test_pickles_before_and_after_use() -> None:
    fresh = pickle.loads(pickle.dumps(SudachiTokenizer(mode="A")))
    assert fresh.mode == "A"
    used = SudachiTokenizer()
    used("解約")
    clone = pickle.loads(pickle.dumps(used))
    assert clone == used
    assert clone("解約したくない") == used("解約したくない")


def test_split_modes_differ() -> None:
    assert SudachiTokenizer("A")("国家公務員") != SudachiTokenizer("C")("国家公務員")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_tokenizes(text: str) -> None:
    tokens = tok(text)
    assert all(isinstance(t, str) and t for t in tokens)

"""Personal data is masked before text leaves vocclf in a report or an export."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocclf import mask_pii


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("連絡は yamada.taro+voc@example.co.jp まで", "連絡は [メール] まで"),
        ("ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ", "[メール]"),
        ("携帯 090-1234-5678 か 03(1234)5678 へ", "携帯 [電話番号] か [電話番号] へ"),
        ("09012345678、0120-123-456、+81-90-1234-5678", "[電話番号]、[電話番号]、[電話番号]"),
        ("０９０－１２３４－５６７８", "[電話番号]"),
        ("〒060-0001 札幌市、住所は 100-0001 です", "[郵便番号] 札幌市、住所は [郵便番号] です"),
        ("カード 4111 1111 1111 1111 で", "カード [カード番号] で"),
        ("4111-1111-1111-1111", "[カード番号]"),
        (
            "注文番号：A-20231027 と会員ID TS-60218 と契約番号 CS-3305-817",
            "注文番号：[番号] と会員ID [番号] と契約番号 [番号]",
        ),
        ("注文（20231027-4418）", "注文（[番号]）"),
        ("お名前：土屋 聡子 会員番号：TS-60218", "お名前：[氏名] 会員番号：[番号]"),
        (
            "山田様、鈴木 一郎さま、スミスさん、森 優斗くん、佐藤殿",
            "[氏名]様、[氏名]さま、[氏名]さん、[氏名]くん、[氏名]殿",
        ),
    ],
)
def test_each_kind_of_personal_data_is_masked(text: str, expected: str) -> None:
    assert mask_pii(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "お客様各位、皆さん、ご担当者様、奥様、ご家族の皆様",
        "ワンちゃんも猫ちゃんも喜んでいます",
        "配達員さんがいつも丁寧です。サポートセンター様へ",
        "2023年10月27日に3,980円で購入、10/5発送分、3個",
        "定期便を解約したいです",
    ],
)
def test_ordinary_words_dates_and_prices_stay(text: str) -> None:
    assert mask_pii(text) == text


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="str"):
        mask_pii(None)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_masking_is_idempotent_and_never_raises(text: str) -> None:
    once = mask_pii(text)
    assert mask_pii(once) == once


_EMAIL = st.from_regex(r"[a-z][a-z0-9.]{2,10}@[a-z]{3,8}\.(jp|com|co\.jp)", fullmatch=True)
_PHONE = st.from_regex(r"0[789]0-[0-9]{4}-[0-9]{4}", fullmatch=True)
_FILLER = st.text(alphabet="定期便の解約をお願いしますか。、 ", max_size=20)


@settings(max_examples=150, deadline=None)
@given(_FILLER, _EMAIL, _FILLER, _PHONE, _FILLER)
def test_no_address_or_number_survives_inside_any_text(a: str, email: str, b: str, phone: str, c: str) -> None:
    masked = mask_pii(a + email + b + phone + c)
    assert email not in masked
    assert phone not in masked
    assert "[メール]" in masked  # (an address run into a number may take it along: nothing leaks)

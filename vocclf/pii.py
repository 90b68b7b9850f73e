"""Mask personal data in inquiry text before it is shown in a report or written out.

Customer messages carry e-mail addresses, phone numbers, postal codes, card numbers,
order and member numbers and names. The report, the themes and ``vocclf label
--mask-pii`` pass text through :func:`mask_pii` so that what is shared with other
departments tells what customers said, not who they are.
"""

from __future__ import annotations

import re

__all__ = ["PII_PLACEHOLDERS", "excerpt", "mask_pii"]

PII_PLACEHOLDERS = {
    "email": "[メール]",
    "phone": "[電話番号]",
    "postal": "[郵便番号]",
    "card": "[カード番号]",
    "number": "[番号]",
    "name": "[氏名]",
}

_D = "[0-9０-９]"  # digits, half- or full-width (masking works on the text as written)
_NOT_D = "(?<![0-9０-９])"
_HY = r"\-‐‑–—―−－ー"  # hyphens and the look-alikes people type between digits
_H = f"[{_HY}]"
_SEP = rf"(?:{_H}|[ 　(（)）])"
_KANJI = "一-龥々〆ヵヶ"
_KATAKANA = "ァ-ヶー"

_EMAIL = re.compile(r"[\w.+-]+(?:@|＠)[\w-]+(?:[.．][\w-]+)+")
# The value after a label such as 注文番号: or 会員ID：, whatever its shape.
_LABELED_NUMBER = re.compile(
    r"((?:ご?注文|会員|顧客|お客様|契約|受付|伝票|問い?合わせ|問合せ|申込|申し込み|予約|配送|追跡|お届け|口座|カード)"
    r"(?:番号|No\.?|NO\.?|ID|ＩＤ|コード)"
    rf"[ 　]*[:：]?[ 　]*)([A-Za-zＡ-Ｚａ-ｚ0-9０-９][A-Za-zＡ-Ｚａ-ｚ0-9０-９{_HY}_/]*)"
)
# Card-like: 13 to 16 digits, optionally grouped by spaces or hyphens.
_CARD = re.compile(rf"{_NOT_D}{_D}(?:(?:{_H}|[ 　])?{_D}){{12,15}}(?![0-9０-９])")
_POSTAL_MARKED = re.compile(rf"〒[ 　]?{_D}{{3}}{_H}?{_D}{{4}}")
# Japanese numbers: 0 and area code, exchange, line (03-1234-5678, 090(1234)5678,
# 0120-123-456, 09012345678), or +81 and the number without its 0.
_PHONE = re.compile(
    rf"(?:(?:\+|＋)81{_SEP}?{_D}{{1,4}}|{_NOT_D}[0０]{_D}{{0,4}}){_SEP}?{_D}{{1,4}}{_SEP}?{_D}{{3,4}}(?![0-9０-９])"
)
_POSTAL = re.compile(rf"{_NOT_D}{_D}{{3}}{_H}{_D}{{4}}(?![0-9０-９{_HY}])")
# Any remaining code with six or more digits (order numbers without a label, ids).
_LONG_NUMBER = re.compile(rf"(?<![\w]){_D}[0-9０-９A-Za-z{_HY}]*?(?:{_D}[{_HY}]?){{5,}}[0-9０-９A-Za-z]*")
_NAME_LABEL = re.compile(
    rf"((?:お名前|氏名|名前|ご契約者名?|契約者名?|担当者?)[ 　]*[:：][ 　]*)"
    rf"([{_KANJI}ぁ-ん{_KATAKANA}A-Za-z]{{1,10}}(?:[ 　](?![おご])[{_KANJI}ぁ-ん{_KATAKANA}]{{1,6}}(?![:：]))?)"
)
# A name before an honorific: kanji (a family name, then optionally a space and a given
# name) or katakana. Roles and common nouns that take 様/さん are kept (see _mask_name).
_HONORIFIC = re.compile(
    rf"([{_KANJI}]{{1,5}}(?:[ 　](?![おご御])[{_KANJI}ぁ-ん{_KATAKANA}]{{1,5}})?"
    rf"|[{_KATAKANA}]{{2,8}}(?:[ 　][{_KATAKANA}]{{2,8}})?)"
    r"(様|さま|さん|殿|くん|君|ちゃん)"
)
# A family name in a self-introduction: 「会員番号 123 の小山と申します」「森下でございます」.
_INTRODUCED = re.compile(rf"(?<=[のはがも、。 　])([{_KANJI}]{{1,4}})(と申します|と申す|でございます)")
_NOT_NAMES = frozenset(
    """客 皆 各位 担当 奥 主人 旦那 子 息子 娘 母 父 兄 姉 家族 隣 神 仏 王 医者 先方 相手
    取引先 本人 貴社 御社 他 患者 生徒 先輩 後輩 赤 猫 犬 愛犬 愛猫 ワン ネコ ニャン
    ドライバー スタッフ オペレーター カスタマー ユーザー メンバー ゲスト ママ パパ お母 お父 お兄
    お姉 お子 お客""".split()
)
_ROLE_ENDINGS = (
    "者",
    "員",
    "社",
    "様",
    "方",
    "店",
    "局",
    "部",
    "課",
    "係",
    "センター",
    "サービス",
    "サポート",
    "デスク",
)


def _mask_name(match: re.Match[str]) -> str:
    name, honorific = match.group(1), match.group(2)
    # "お客様", "ご担当者様": the words before the honorific are a role, not a name.
    core = name.replace(" ", "").replace("　", "")
    if core in _NOT_NAMES or core.endswith(_ROLE_ENDINGS) or core.startswith(("お", "ご", "御")):
        return match.group(0)
    return PII_PLACEHOLDERS["name"] + honorific


def mask_pii(text: str) -> str:
    """Replace personal data in ``text`` with placeholders.

    E-mail addresses → ``[メール]``; card-like numbers (13–16 digits) → ``[カード番号]``;
    postal codes → ``[郵便番号]``; phone numbers → ``[電話番号]``; the value after
    labels such as 注文番号 / 会員ID / 契約番号, and other codes with six or more digits
    → ``[番号]``; names after お名前: and names before 様 / さん / 殿 / くん / ちゃん →
    ``[氏名]``, as are family names in 「〜と申します」「〜でございます」, while roles such as
    お客様, ご担当者様 or 皆さん stay. Half- and
    full-width digits are both recognized.

    It is a pattern-based safety net, not a guarantee: a name written without an
    honorific or a label, or an address, is not recognized.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with personal data replaced; masking twice changes nothing more.

    Examples
    --------
    >>> mask_pii("山田様、注文番号 A-20231027 の件は yamada@example.jp まで（090-1234-5678）")
    '[氏名]様、注文番号 [番号] の件は [メール] まで（[電話番号]）'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    text = _EMAIL.sub(PII_PLACEHOLDERS["email"], text)
    text = _LABELED_NUMBER.sub(lambda m: m.group(1) + PII_PLACEHOLDERS["number"], text)
    text = _CARD.sub(PII_PLACEHOLDERS["card"], text)
    text = _POSTAL_MARKED.sub(PII_PLACEHOLDERS["postal"], text)
    text = _PHONE.sub(PII_PLACEHOLDERS["phone"], text)
    text = _POSTAL.sub(PII_PLACEHOLDERS["postal"], text)
    text = _LONG_NUMBER.sub(PII_PLACEHOLDERS["number"], text)
    text = _NAME_LABEL.sub(lambda m: m.group(1) + PII_PLACEHOLDERS["name"], text)
    text = _INTRODUCED.sub(lambda m: PII_PLACEHOLDERS["name"] + m.group(2), text)
    return _HONORIFIC.sub(_mask_name, text)


_EXCERPT_CHARS = 180


def excerpt(text: str, limit: int = _EXCERPT_CHARS) -> str:
    """``text`` masked, on one line and cut to ``limit`` characters: a message shown to people."""
    text = re.sub(r"\s+", " ", mask_pii(text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"

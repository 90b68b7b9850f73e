"""Only the customer's new words decide the label."""

from __future__ import annotations

import vocclf
from vocclf import clean_text

GMAIL = """配送先の住所を変更していただけますか。
新住所：大阪市北区1-2-3

2026年11月1日(日) 10:00 サポートセンター <support@example.jp>:
> この度はご迷惑をおかけし、誠に申し訳ございません。
> 解約のお手続きにつきましては、マイページより承っております。
"""

OUTLOOK = """お世話になります。前回届いた商品の件で再度ご連絡しました。まだ交換品が届いておりません。

-----Original Message-----
From: サポート <support@example.jp>
Sent: Monday, November 2, 2026 9:00 AM
Subject: RE: 交換
解約をご希望の場合はお知らせください。お詫び申し上げます。
"""

OUTLOOK_JA = """領収書を発行してください。

差出人: サポート
送信日時: 2026年11月2日 9:00
件名: 解約手続きのご案内
解約手続きが完了しました。
"""

SIGNATURE = """次回のお届けを1回スキップしてください。
━━━━━━━━━━━━━━━━
株式会社サンプル 総務部
佐藤 花子
TEL 03-1234-5678 / hanako@example.co.jp
━━━━━━━━━━━━━━━━"""


def test_gmail_quote_is_dropped() -> None:
    assert clean_text(GMAIL) == "配送先の住所を変更していただけますか。\n新住所：大阪市北区1-2-3"


def test_outlook_blocks_are_dropped() -> None:
    assert (
        clean_text(OUTLOOK)
        == "お世話になります。前回届いた商品の件で再度ご連絡しました。まだ交換品が届いておりません。"
    )
    assert clean_text(OUTLOOK_JA) == "領収書を発行してください。"


def test_signature_is_dropped() -> None:
    assert clean_text(SIGNATURE) == "次回のお届けを1回スキップしてください。"
    assert clean_text("送料はいくらですか\n-- \n山田") == "送料はいくらですか"


def test_text_without_quotes_is_kept() -> None:
    text = "解約したいです。\n理由は高いからです。\n========\n以上です"
    assert clean_text(text) == text
    assert clean_text("  解約  ") == "解約"


def test_misleading_words_in_the_quote_do_not_decide(default_model: vocclf.VocClassifier) -> None:
    assert default_model.predict(clean_text(GMAIL)).intent == "request"
    assert default_model.predict(clean_text(OUTLOOK)).intent == "complaint"

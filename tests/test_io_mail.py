"""Mail reading: charsets, transfer encodings, MIME structure, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest
from mailbuild import iso2022jp_ms, message, multipart

from vocclf.io import decode_bytes, iter_mbox, parse_message, read_eml, read_records
from vocclf.io.charset import decode_iso2022jp

BODY = "お世話になっております。①の商品について、㈱山田の田中です。～定期便を解約したいです。"


def test_iso2022jp_with_microsoft_extensions() -> None:
    assert decode_iso2022jp(iso2022jp_ms(BODY)) == BODY
    assert decode_bytes(iso2022jp_ms(BODY), "ISO-2022-JP") == (BODY, "iso-2022-jp", False)


@pytest.mark.parametrize("charset", ["iso-2022-jp", "shift_jis", "cp932", "euc-jp", "utf-8"])
@pytest.mark.parametrize("transfer", ["7bit", "base64", "quoted-printable"])
def test_body_and_subject_decode(charset: str, transfer: str) -> None:
    # Shift_JIS and EUC-JP lack ①, ㈱ and the full-width tilde that CP932 and Outlook use.
    body = BODY if charset in ("iso-2022-jp", "cp932", "utf-8") else "定期便を解約したいです。よろしくお願いします"
    if charset == "iso-2022-jp" and transfer != "7bit":
        transfer = "7bit" if transfer == "quoted-printable" else transfer
    record = parse_message(message(body, charset=charset, transfer=transfer, subject="解約のお願い"), "x.eml", "f")
    assert record.text is not None
    assert record.text.strip() == body
    assert record.subject == "解約のお願い"
    assert record.id == "m1@example.jp"
    assert record.date == "2026-11-02T10:15:00+09:00"
    assert record.error is None


def test_wrong_declared_charset_falls_back() -> None:
    raw = message("配送日を変更してください", charset="cp932").replace(b"charset=cp932", b"charset=utf-8")
    record = parse_message(raw, "x.eml", "f")
    assert record.text is not None
    assert "配送日を変更" in record.text


def test_multipart_prefers_plain_and_skips_attachments() -> None:
    raw = multipart(
        [
            ("text/plain", "領収書を再発行してください", None),
            ("text/html", "<p>HTML版</p>", None),
            ("text/plain", "添付ファイルの中身：解約", "memo.txt"),
        ]
    )
    record = parse_message(raw, "x.eml", "f")
    assert record.text is not None
    assert record.text.strip() == "領収書を再発行してください"
    assert record.subject == "件名"


def test_html_only_is_converted() -> None:
    raw = multipart([("text/html", "<div>商品が<b>壊れて</b>いました&amp;返金希望<br>山田</div>", None)])
    record = parse_message(raw, "x.eml", "f")
    assert record.text == "商品が壊れていました&返金希望\n山田"


def test_forwarded_message_keeps_customer_text() -> None:
    inner = message("もう送らないでください。定期はやめます。", message_id="<inner@x>").decode()
    raw = (
        "Subject: Fwd\r\nMessage-ID: <outer@x>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        f"--B\r\nContent-Type: message/rfc822\r\n\r\n{inner}\r\n--B--\r\n"
    ).encode()
    record = parse_message(raw, "x.eml", "f")
    assert record.text is not None
    assert "定期はやめます" in record.text


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "empty file"),
        (b"Subject: x\r\n\r\n", "no text body"),
        (b"\x00\xff\xfe garbage \x00" * 50, None),
    ],
)
def test_broken_files_give_error_records(tmp_path: Path, data: bytes, error: str | None) -> None:
    path = tmp_path / "bad.eml"
    path.write_bytes(data)
    record = read_eml(path)
    assert record.source == str(path)
    if error:
        assert record.error is not None
        assert error in record.error
        assert record.text is None
    else:
        assert record.error is not None or record.text is not None  # never an exception


def test_unreadable_file(tmp_path: Path) -> None:
    record = read_eml(tmp_path / "missing.eml")
    assert record.error is not None
    assert "cannot read" in record.error


def test_folder_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.eml").write_bytes(message("一通目", message_id="<1@x>"))
    (tmp_path / "b" / "c.eml").write_bytes(message("二通目", message_id="<2@x>"))
    (tmp_path / "notes.txt").write_text("not mail")
    assert [r.id for r in read_records(str(tmp_path))] == ["1@x", "2@x"]


def test_mbox_streams_every_message(tmp_path: Path) -> None:
    parts = []
    for i, body in enumerate(["解約したいです", "From the start I liked it\nでも届きません", "送料は？"]):
        raw = message(body, message_id=f"<{i}@x>").replace(b"\r\n", b"\n")
        raw = raw.replace(b"\nFrom the", b"\n>From the")  # mboxrd escaping
        parts.append(b"From customer@example.com Mon Nov  2 10:15:00 2026\n" + raw + b"\n")
    parts.append(b"From nobody Mon Nov  2 10:15:00 2026\nSubject: empty\n\n\n")
    path = tmp_path / "inbox.mbox"
    path.write_bytes(b"".join(parts))
    records = list(iter_mbox(path))
    assert [r.id for r in records] == ["0@x", "1@x", "2@x", "inbox.mbox#4"]
    assert records[1].text is not None
    assert records[1].text.startswith("From the start")
    assert records[3].error is not None

"""Build realistic Japanese mail bytes for tests, in every charset and MIME form."""

from __future__ import annotations

import base64
import quopri
from email.header import Header


def iso2022jp_ms(text: str) -> bytes:
    """Encode like Outlook's ISO-2022-JP: JIS X 0208 plus NEC row 13 (①, ㈱)."""
    out = bytearray()
    kanji = False
    for ch in text:
        b = ch.encode("cp932")
        if len(b) == 2:
            s1, s2 = b
            if s1 >= 0xE0:
                s1 -= 0x40
            row = (s1 - 0x81) * 2 + (1 if s2 >= 0x9F else 0)
            cell = s2 - 0x9F if s2 >= 0x9F else s2 - 0x40 - (1 if s2 >= 0x80 else 0)
            if not kanji:
                out += b"\x1b$B"
                kanji = True
            out += bytes((row + 0x21, cell + 0x21))
        else:
            if kanji:
                out += b"\x1b(B"
                kanji = False
            out += b
    if kanji:
        out += b"\x1b(B"
    return bytes(out)


def encode(text: str, charset: str) -> bytes:
    return iso2022jp_ms(text) if charset == "iso-2022-jp" else text.encode(charset)


def subject_header(subject: str, charset: str) -> str:
    raw = encode(subject, charset)
    return f"=?{charset}?B?{base64.b64encode(raw).decode()}?="


def message(
    body: str,
    *,
    charset: str = "utf-8",
    transfer: str = "7bit",
    subject: str = "お問い合わせ",
    message_id: str = "<m1@example.jp>",
    content_type: str = "text/plain",
) -> bytes:
    raw = encode(body, charset)
    if transfer == "base64":
        payload = base64.encodebytes(raw)
    elif transfer == "quoted-printable":
        payload = quopri.encodestring(raw)
    else:
        payload = raw
    head = (
        f"From: customer@example.com\r\nTo: support@example.jp\r\n"
        f"Subject: {subject_header(subject, 'utf-8' if charset == 'iso-2022-jp' else charset)}\r\n"
        f"Date: Mon, 02 Nov 2026 10:15:00 +0900\r\nMessage-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: {content_type}; charset={charset}\r\nContent-Transfer-Encoding: {transfer}\r\n\r\n"
    )
    return head.encode("ascii") + payload


def multipart(parts: list[tuple[str, str, str | None]], subject: str = "件名", boundary: str = "BOUNDARY") -> bytes:
    """parts: (content_type, body, filename or None); bodies in UTF-8 base64."""
    out = [
        f"Subject: {Header(subject, 'utf-8').encode()}\r\nMessage-ID: <mp@example.jp>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
    ]
    for ctype, body, filename in parts:
        disposition = f'Content-Disposition: attachment; filename="{filename}"\r\n' if filename else ""
        out.append(
            f"--{boundary}\r\nContent-Type: {ctype}; charset=utf-8\r\n{disposition}"
            f"Content-Transfer-Encoding: base64\r\n\r\n{base64.encodebytes(body.encode()).decode()}\r\n"
        )
    out.append(f"--{boundary}--\r\n")
    return "".join(out).encode("ascii")

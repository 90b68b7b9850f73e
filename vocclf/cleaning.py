"""Keep only the customer's new words: strip quoted replies and signatures.

Support mail carries the desk's previous answer (quoted with ``>``, or below an Outlook or
Gmail header) and a signature. Those words — お詫び, 解約 in the desk's own reply — must
not decide the label.
"""

from __future__ import annotations

import re

__all__ = ["clean_text"]

# A line that starts the quoted previous message: everything from it on is dropped.
_QUOTE_HEADERS = [
    re.compile(r"^\s*-{2,}\s*(original message|元のメッセージ)\s*-{2,}\s*$", re.I),
    re.compile(r"^\s*(以下、?)?元のメッセージ"),
    re.compile(r"^\s*-{2,}\s*(forwarded message|転送されたメッセージ|転送メッセージ)\s*-{2,}\s*$", re.I),
    # Gmail: "2026年11月1日(日) 10:00 サポート <support@example.jp>:" (may wrap before the colon)
    re.compile(r"^\s*\d{4}年\d{1,2}月\d{1,2}日.{0,40}\d{1,2}:\d{2}.*(<[^>]+@[^>]+>|@).*(:|：)?\s*$"),
    re.compile(r"^\s*on .{4,80}(wrote|written)\s*:\s*$", re.I),
    re.compile(r"^\s*.{1,80}(が書きました|wrote)\s*[:：]\s*$"),
]
_FORWARD = re.compile(r"(forwarded message|転送されたメッセージ|転送メッセージ)", re.I)
# Outlook's header block: "From:" / "差出人:" followed within a few lines by "Sent:" / "送信日時:".
_OUTLOOK_FROM = re.compile(r"^\s*(from|差出人)\s*[:：]", re.I)
_OUTLOOK_SENT = re.compile(r"^\s*(sent|date|送信日時|日付)\s*[:：]", re.I)
_QUOTED_LINE = re.compile(r"^\s*[>＞|]")
_HEADER_LINE = re.compile(r"^\s*(from|to|cc|sent|date|subject|差出人|宛先|送信日時|件名|日付)\s*[:：]", re.I)
# Signature separators: "-- " (RFC 3676) or a line made of one repeated rule character.
_SIG_DASHES = re.compile(r"^-- ?$")
_SIG_RULE = re.compile(r"^\s*([━─―ー=＝\-_＿*＊~〜・☆★◆◇■□])\1{5,}\s*$")
# What a signature block holds: contact details, not requests.
_CONTACT = re.compile(
    r"(\d{2,4}-\d{2,4}-\d{3,4}|〒\s*\d{3}-?\d{4}|[\w.+-]+@[\w-]+\.[\w.]+|https?://|tel|fax|電話|携帯|"
    r"株式会社|有限会社|\(株\)|㈱|部|課|様方|住所)",
    re.I,
)
_SIG_MAX_LINES = 12


def _cut_quotes(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split lines into (the new text, the quoted rest) at the first quote header."""
    for i, line in enumerate(lines):
        if any(p.match(line) for p in _QUOTE_HEADERS):
            return lines[:i], lines[i:]
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_SENT.match(x) for x in lines[i + 1 : i + 5]):
            return lines[:i], lines[i:]
    return lines, []


def _cut_signature(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if _SIG_DASHES.match(line.rstrip("\n")):
            return lines[:i]
    # A rule near the end followed by contact details is a signature block.
    for i in range(len(lines) - 1, -1, -1):
        if len(lines) - i > _SIG_MAX_LINES + 1:
            break
        if _SIG_RULE.match(lines[i]):
            block = "\n".join(lines[i + 1 :])
            if _CONTACT.search(block) or not block.strip():
                return _cut_signature(lines[:i])
    return lines


def _forwarded_body(rest: list[str]) -> list[str]:
    """The body of a forwarded message: its own header lines removed."""
    body = rest[1:]
    while body and (_HEADER_LINE.match(body[0]) or not body[0].strip()):
        body = body[1:]
    return body


def clean_text(text: str) -> str:
    """Return the customer's own words from a mail body.

    Removes ``>``-quoted lines, everything below a quoted-message header (Outlook
    ``-----Original Message-----`` or ``From: … Sent: …``, Gmail ``2026年11月1日(日) 10:00
    … <addr>:``, ``On … wrote:``, ``以下、元のメッセージ``), and a signature (after ``-- ``,
    or a rule of ━, ＝, ―, - … followed by names, addresses or phone numbers). A forwarded
    message with nothing written above it keeps the forwarded text, which is the
    customer's.

    Parameters
    ----------
    text : str
        A mail body or any inquiry text.

    Returns
    -------
    str
        The cleaned text, stripped; text without quotes or signature comes back as is
        (stripped).

    Examples
    --------
    >>> clean_text("配送先を変更してください。\\n\\n> 解約のご連絡ありがとうございます")
    '配送先を変更してください。'
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    own, rest = _cut_quotes(lines)
    own = [line for line in own if not _QUOTED_LINE.match(line)]
    own = _cut_signature(own)
    if not "".join(own).strip() and rest and _FORWARD.search(rest[0]):
        return clean_text("\n".join(_forwarded_body(rest)))
    return "\n".join(own).strip()

"""Reading mail as Japanese support desks receive it: .eml files and .mbox archives."""

from __future__ import annotations

import email.header
import email.utils
from collections.abc import Iterator
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path

from vocclf.io.charset import decode_bytes
from vocclf.io.htmltext import html_to_text
from vocclf.io.records import Record

__all__ = ["iter_eml_paths", "iter_mbox", "parse_message", "read_eml"]

# Bounds against hostile mail: parts looked at per message, and nesting depth.
_MAX_PARTS = 1000
_MAX_DEPTH = 20


def decode_header_value(value: str | None) -> str | None:
    """Decode an RFC 2047 header (``=?ISO-2022-JP?B?...?=``) with Japanese charsets."""
    if value is None:
        return None
    pieces = []
    try:
        chunks = email.header.decode_header(str(value))
    except (ValueError, LookupError):
        return str(value)
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            pieces.append(decode_bytes(chunk, charset)[0])
        else:
            pieces.append(chunk)
    return "".join(pieces).replace("\r", "").replace("\n", "").strip()


def _date(msg: Message) -> str | None:
    raw = msg.get("Date")
    if raw is None:
        return None
    try:
        return email.utils.parsedate_to_datetime(str(raw)).isoformat()
    except (TypeError, ValueError, IndexError):
        return str(raw).strip() or None


def _part_text(part: Message) -> tuple[str, bool]:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return "", False
    text, _, lossy = decode_bytes(payload, part.get_content_charset())
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n"), lossy


def _body(msg: Message) -> tuple[str, bool]:
    """The customer's body: the first inline text/plain, else text/html, else a forwarded
    message's body (message/rfc822). Attachments are skipped."""
    plain: Message | None = None
    html: Message | None = None
    forwarded: Message | None = None
    stack: list[tuple[Message, int]] = [(msg, 0)]
    seen = 0
    while stack and seen < _MAX_PARTS:
        part, depth = stack.pop()
        seen += 1
        ctype = part.get_content_type()
        if part.is_multipart():
            if depth < _MAX_DEPTH:
                children = part.get_payload()
                if isinstance(children, list):
                    stack.extend((c, depth + 1) for c in reversed(children) if isinstance(c, Message))
            continue
        if part.get_content_disposition() == "attachment" and ctype != "message/rfc822":
            continue
        if ctype == "text/plain" and plain is None:
            plain = part
        elif ctype == "text/html" and html is None:
            html = part
        elif ctype == "message/rfc822" and forwarded is None:
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                forwarded = inner[0]
    for chosen in (plain, html):
        if chosen is not None:
            text, lossy = _part_text(chosen)
            if text.strip():
                return text, lossy
    if forwarded is not None:
        return _body(forwarded)
    return "", False


def parse_message(data: bytes, source: str, fallback_id: str) -> Record:
    """Parse one message into a :class:`Record`; never raises on bad mail.

    Parameters
    ----------
    data : bytes
        The raw message (RFC 5322).
    source : str
        The input path, for the record.
    fallback_id : str
        Id used when the message has no Message-ID.

    Returns
    -------
    Record
        With ``error`` set when the message is empty, undecodable or broken.
    """
    try:
        msg = BytesParser(policy=compat32).parsebytes(data)
        # compat32 gives a Header object, not a str, when a header holds raw 8-bit bytes.
        message_id = str(msg.get("Message-ID") or "").strip().strip("<>") or fallback_id
        subject = decode_header_value(msg.get("Subject"))
        date = _date(msg)
        text, lossy = _body(msg)
    except Exception as exc:  # the email package can raise almost anything on damaged mail
        return Record(source, fallback_id, None, error=f"unreadable message: {type(exc).__name__}")
    if not text.strip():
        return Record(source, message_id, None, date, subject, error="no text body in the message")
    error = "some bytes could not be decoded and were replaced" if lossy else None
    return Record(source, message_id, text, date, subject, error)


def read_eml(path: str | Path) -> Record:
    """Read one ``.eml`` file; a file that cannot be read gives a record with ``error``."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Record(source, Path(path).name, None, error=f"cannot read file: {exc.strerror or exc}")
    if not data.strip():
        return Record(source, Path(path).name, None, error="empty file")
    return parse_message(data, source, Path(path).name)


def iter_eml_paths(folder: str | Path) -> Iterator[Path]:
    """``.eml`` files under ``folder``, recursively, in sorted order."""
    yield from sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() == ".eml" and p.is_file())


def iter_mbox(path: str | Path) -> Iterator[Record]:
    """Stream the messages of an mbox file, one record each, in file order.

    Reads line by line, so memory stays flat however large the archive. Messages
    without a Message-ID get the id ``<file name>#<n>`` (1-based).
    """
    source = str(path)
    name = Path(path).name
    count = 0

    def record(lines: list[bytes]) -> Record:
        # mboxrd escapes body lines starting with "From " as ">From "; undo one level.
        body = b"".join(line[1:] if line.startswith(b">From ") else line for line in lines)
        return parse_message(body, source, f"{name}#{count}")

    with open(path, "rb") as f:
        current: list[bytes] | None = None
        for line in f:
            # Writers escape body lines that start with "From ", so every such line starts
            # a message (as Python's mailbox module also assumes).
            if line.startswith(b"From "):
                if current is not None:
                    yield record(current)
                count += 1
                current = []
            elif current is not None:
                current.append(line)
        if current is not None:
            yield record(current)

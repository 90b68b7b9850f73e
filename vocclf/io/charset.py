"""Decoding bytes as Japanese text really arrives: ISO-2022-JP with Microsoft
extensions, CP932 / Shift_JIS, EUC-JP and UTF-8 (with or without BOM)."""

from __future__ import annotations

import codecs

__all__ = ["decode_bytes", "decode_iso2022jp"]

_ESC = 0x1B
# Declared names that mean "CP932 in practice": Windows and Excel write CP932 whatever
# the label says, and CP932 is a superset of Shift_JIS.
_CP932_ALIASES = {"shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932"}
_ISO2022_ALIASES = {"iso-2022-jp", "iso2022-jp", "iso2022jp", "csiso2022jp", "iso-2022-jp-ms", "cp50220", "cp50221"}
_EUC_ALIASES = {"euc-jp", "eucjp", "x-euc-jp", "euc_jp", "cseucpkdfmtjapanese"}
# Tried in this order when the declared charset is absent or wrong.
_FALLBACKS = ("utf-8", "cp932", "euc_jp")


def _jis_to_sjis(c1: int, c2: int) -> bytes:
    """One JIS X 0208 code (row/cell bytes 0x21-0x7E) as its Shift_JIS bytes."""
    s1 = ((c1 + 1) >> 1) + (0x70 if c1 <= 0x5E else 0xB0)
    if c1 % 2:
        s2 = c2 + (0x1F if c2 <= 0x5F else 0x20)
    else:
        s2 = c2 + 0x7E
    return bytes((s1, s2))


def decode_iso2022jp(data: bytes) -> str:
    """Decode ISO-2022-JP, including the NEC and IBM extensions (①, ㈱, ～ …).

    Python's ``iso2022_jp`` codec rejects the extension rows that Outlook and most
    Japanese mail clients send (as Microsoft's CP50220 does); each two-byte JIS code is
    mapped to Shift_JIS and decoded as CP932, which holds them.

    Raises
    ------
    UnicodeDecodeError
        On bytes that are not ISO-2022-JP.
    """
    out = bytearray()
    mode = "ascii"  # ascii, kanji (ESC $ B / ESC $ @) or kana (ESC ( I)
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b == _ESC:
            seq = data[i + 1 : i + 3]
            if seq in (b"$B", b"$@"):
                mode = "kanji"
            elif seq in (b"(B", b"(J"):
                mode = "ascii"
            elif seq == b"(I":
                mode = "kana"
            else:
                raise UnicodeDecodeError("iso-2022-jp", data, i, i + 3, "unknown escape sequence")
            i += 3
            continue
        if b in (0x0A, 0x0D):  # a line end returns to ASCII in broken mailers
            out.append(b)
            if mode != "ascii" and b == 0x0A:
                mode = "ascii"
            i += 1
            continue
        if b == 0x0E:  # SO/SI half-width kana shift, seen in old mail
            mode = "kana"
            i += 1
            continue
        if b == 0x0F:
            mode = "ascii"
            i += 1
            continue
        if b >= 0x80:
            raise UnicodeDecodeError("iso-2022-jp", data, i, i + 1, "8-bit byte in 7-bit encoding")
        if mode == "kanji":
            if i + 1 >= n or not (0x21 <= b <= 0x7E and 0x21 <= data[i + 1] <= 0x7E):
                raise UnicodeDecodeError("iso-2022-jp", data, i, i + 2, "incomplete JIS character")
            out += _jis_to_sjis(b, data[i + 1])
            i += 2
        elif mode == "kana" and 0x21 <= b <= 0x5F:
            out.append(b + 0x80)
            i += 1
        else:
            out.append(b)
            i += 1
    return out.decode("cp932")


def _canonical(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().strip('"').lower()
    if name in _CP932_ALIASES:
        return "cp932"
    if name in _ISO2022_ALIASES:
        return "iso-2022-jp"
    if name in _EUC_ALIASES:
        return "euc_jp"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _try(data: bytes, charset: str) -> str | None:
    try:
        if charset == "iso-2022-jp":
            return decode_iso2022jp(data)
        text = data.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None
    return text[1:] if text.startswith("\ufeff") else text


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str, bool]:
    """Decode bytes, trusting the declared charset only if it works.

    Parameters
    ----------
    data : bytes
        The raw bytes.
    declared : str, optional
        The charset a header or the user named.

    Returns
    -------
    text : str
        The decoded text (a UTF-8 BOM removed).
    charset : str
        The charset that decoded it.
    lossy : bool
        True when nothing decoded cleanly and undecodable bytes became U+FFFD.
    """
    candidates: list[str] = []
    named = _canonical(declared)
    if named:
        candidates.append(named)
    if b"\x1b$" in data or b"\x1b(" in data:
        candidates.append("iso-2022-jp")
    candidates += [c for c in _FALLBACKS if c not in candidates]
    for charset in candidates:
        text = _try(data, charset)
        if text is not None:
            return text, charset, False
    charset = named if named and named != "iso-2022-jp" else "utf-8"
    return data.decode(charset, errors="replace"), charset, True

"""The record every reader yields: one inquiry and where it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Record"]


@dataclass(frozen=True)
class Record:
    """One inquiry read from a file.

    Attributes
    ----------
    source : str
        The input path as given (``-`` for stdin).
    id : str
        Message-ID for mail; the id column, else the 1-based row number, for tables.
    text : str or None
        The customer's text; None when it could not be read (see ``error``).
    date : str or None
        Date of the message or row, as found (ISO 8601 for mail).
    subject : str or None
        Mail subject.
    error : str or None
        Why the text is missing or suspect; None when all went well.
    """

    source: str
    id: str
    text: str | None
    date: str | None = None
    subject: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of the fields."""
        return asdict(self)

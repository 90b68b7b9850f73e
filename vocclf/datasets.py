"""The default corpus shipped with vocclf, and data fingerprints."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

__all__ = ["load_corpus", "corpus_path", "fingerprint", "CORPUS_FIELDS"]

CORPUS_FIELDS = ("id", "text", "intent", "reason", "channel", "industry", "split")
_SPLITS = ("train", "test")


def corpus_path() -> Any:
    """Path of the shipped corpus file (``vocclf/data/corpus.jsonl``)."""
    return resources.files("vocclf") / "data" / "corpus.jsonl"


def load_corpus(split: str | None = None, as_frame: bool = False) -> Any:
    """Load the default labeled corpus.

    Parameters
    ----------
    split : {"train", "test"} or None, default=None
        Only the fixed train or test split; None gives both.
    as_frame : bool, default=False
        Return a pandas DataFrame (pandas must be installed) instead of a list of dicts.

    Returns
    -------
    list of dict or pandas.DataFrame
        Records with the fields ``id``, ``text``, ``intent``, ``reason`` (None unless
        the intent is ``cancellation``), ``channel``, ``industry``, ``split``.

    Examples
    --------
    >>> from vocclf import load_corpus
    >>> train = load_corpus("train")
    >>> sorted({r["intent"] for r in train})
    ['cancellation', 'complaint', 'question', 'request']
    """
    if split not in (None, *_SPLITS):
        raise ValueError(f"split must be one of {_SPLITS} or None, got {split!r}")
    with corpus_path().open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    if split is not None:
        records = [r for r in records if r["split"] == split]
    if not as_frame:
        return records
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("as_frame=True needs pandas: pip install pandas") from exc
    return pd.DataFrame.from_records(records, columns=list(CORPUS_FIELDS))


def fingerprint(texts: Sequence[str], intents: Sequence[str], reasons: Iterable[str | None] | None) -> str:
    """SHA-256 of labeled data, independent of the file it came from.

    The model card records it so that a model can be matched with the exact texts and
    labels it was trained on.

    Parameters
    ----------
    texts, intents : sequence of str
        Texts and their intent labels, in training order.
    reasons : iterable of str or None, or None
        Reasons aligned with the texts, or None for data without reasons.

    Returns
    -------
    str
        Hex digest.
    """
    reason_list = [None] * len(texts) if reasons is None else list(reasons)
    digest = hashlib.sha256()
    for row in zip(texts, intents, reason_list):
        digest.update(json.dumps(row, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()

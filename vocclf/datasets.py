"""The default corpus shipped with vocclf, and data fingerprints."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

__all__ = ["CORPUS_FIELDS", "corpus_path", "fingerprint", "load_corpus", "load_themes_check", "near_duplicate_pairs"]

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


def load_themes_check() -> list[dict[str, Any]]:
    """The themes check set: messages written with known themes, to test theme finding.

    Returns
    -------
    list of dict
        Records with ``id``, ``intent``, ``reason``, ``theme`` (five known themes per
        intent, or ``noise`` for a one-off message), ``channel`` and ``text``.
    """
    path = resources.files("vocclf") / "data" / "themes_check.jsonl"
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


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
    for row in zip(texts, intents, reason_list, strict=False):
        digest.update(json.dumps(row, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()


def near_duplicate_pairs(texts: Sequence[str], threshold: float = 0.8, n: int = 5) -> list[tuple[int, int, float]]:
    """Pairs of texts whose character n-gram sets overlap by at least ``threshold``.

    Overlap is the Jaccard index of the sets of character ``n``-grams of the
    NFKC-normalized texts, computed with sparse matrices, so a few thousand texts take
    about a second.

    Parameters
    ----------
    texts : sequence of str
        The texts to compare with each other.
    threshold : float, default=0.8
        Minimum Jaccard index of a reported pair.
    n : int, default=5
        Character n-gram size.

    Returns
    -------
    list of (int, int, float)
        ``(i, j, jaccard)`` with ``i < j``, in index order.

    Examples
    --------
    >>> near_duplicate_pairs(["定期便を解約したいです。", "定期便を解約したいです!", "送料は?"], 0.7)
    [(0, 1, 0.7778)]
    """
    import unicodedata

    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    if not texts:
        return []
    # Texts shorter than n are padded so each still has one n-gram (and equals its twins);
    # the pad is a private-use character because the vectorizer folds runs of spaces.
    normalized = [unicodedata.normalize("NFKC", t).ljust(n, "\ue000") for t in texts]
    vectorizer = CountVectorizer(analyzer="char", ngram_range=(n, n), binary=True, lowercase=False)
    grams = vectorizer.fit_transform(normalized).astype(np.float32)
    sizes = np.asarray(grams.sum(axis=1)).ravel()
    overlap = (grams @ grams.T).tocoo()
    pairs = []
    for i, j, shared in zip(overlap.row, overlap.col, overlap.data, strict=False):
        if i < j:
            jaccard = float(shared / (sizes[i] + sizes[j] - shared))
            if jaccard >= threshold:
                pairs.append((int(i), int(j), round(jaccard, 4)))
    return sorted(pairs)

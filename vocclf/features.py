"""Feature extraction: word TF-IDF over Sudachi tokens beside character n-gram TF-IDF."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from vocclf.tokenizer import SudachiTokenizer, normalize_text

__all__ = ["make_features"]

# float32 halves the feature matrices' memory; linear models lose nothing measurable by it.
_DTYPE = np.float32


def make_features(
    *,
    tokenizer_mode: str = "C",
    word_ngram_range: tuple[int, int] = (1, 2),
    char_ngram_range: tuple[int, int] = (1, 3),
    min_df: int = 1,
    max_features: int | None = None,
) -> FeatureUnion:
    """Build the (unfitted) feature union the classifier uses.

    Word features are uni- and bigrams of Sudachi normalized forms, so that
    ``解約 為る たい 無い`` (解約したくない) and ``解約 為る たい`` (解約したい) differ.
    Character n-grams over the normalized text catch typos, unknown words and casual
    chat that the dictionary splits badly. Both are sublinear TF-IDF, L2-normalized.

    Parameters
    ----------
    tokenizer_mode : {"A", "B", "C"}, default="C"
        Sudachi split mode for word features.
    word_ngram_range : tuple of int, default=(1, 2)
        Word n-gram sizes.
    char_ngram_range : tuple of int, default=(1, 3)
        Character n-gram sizes.
    min_df : int, default=1
        Minimum number of documents a feature must appear in.
    max_features : int or None, default=None
        Cap on each vectorizer's vocabulary, by term frequency.

    Returns
    -------
    sklearn.pipeline.FeatureUnion
        Transformer from raw texts to a sparse matrix, with feature names prefixed
        ``word__`` and ``char__``.
    """
    # Both normalize text themselves (lower-casing included), so sklearn's is off.
    shared = {"lowercase": False, "min_df": min_df, "max_features": max_features, "sublinear_tf": True, "dtype": _DTYPE}
    word = TfidfVectorizer(
        tokenizer=SudachiTokenizer(mode=tokenizer_mode), token_pattern=None, ngram_range=word_ngram_range, **shared
    )
    char = TfidfVectorizer(analyzer="char", preprocessor=normalize_text, ngram_range=char_ngram_range, **shared)
    return FeatureUnion([("word", word), ("char", char)])

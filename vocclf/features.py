"""Feature extraction: TF-IDF over word n-grams of Sudachi tokens and character n-grams.

The work is vectorized so that labeling runs close to the tokenizer's own speed: every
n-gram of a batch becomes an integer code computed with NumPy (token ids or code points
combined in base ``B``), codes are looked up in a hash table probed with NumPy, and
counts, TF-IDF and L2 norms are sparse-matrix operations. The only per-token Python work
left is the tokenizer's loop and one dictionary lookup per token.
scikit-learn's ``TfidfVectorizer`` builds and looks up a Python string for every n-gram,
which made it three times slower than tokenizing (docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from vocclf._validation import check_texts
from vocclf.tokenizer import SudachiTokenizer, normalize_text

__all__ = ["TextFeatures"]

# float32 halves the feature matrices' memory; linear models lose nothing measurable by it.
_DTYPE = np.float32
_WHITESPACE = re.compile(r"\s+")
# Characters are coded as code point + 1 (0 is never a code), so base 0x110001 keeps
# n-grams up to 3 characters exact in 64 bits; longer ones wrap, i.e. become a 64-bit hash.
_CHAR_BASE = 0x110001


@dataclass
class _Vocabulary:
    """The kept n-grams of one kind: sorted codes per n, their columns, names and IDF."""

    base: int
    codes: dict[int, np.ndarray]  # n -> sorted uint64 codes
    offsets: dict[int, int]  # n -> first column of the n-grams of that size
    names: list[str]
    idf: np.ndarray
    # Hash tables for lookups, built on first use in each process and never saved.
    _tables: dict[int, _CodeTable] = field(default_factory=dict, repr=False, compare=False)

    @property
    def size(self) -> int:
        return len(self.names)

    def columns(self, n: int, codes: np.ndarray) -> np.ndarray:
        """Column of each n-gram code, -1 where the n-gram is not in the vocabulary."""
        table = self._tables.get(n)
        if table is None:
            table = self._tables[n] = _CodeTable(self.codes[n])
        found = table.find(codes)
        return np.where(found >= 0, found + self.offsets[n], -1)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_tables"] = {}
        return state


class _CodeTable:
    """Open-addressing hash table from uint64 codes to their index, probed with NumPy.

    About 1.6 times faster than ``searchsorted`` on the sorted codes for the lookups of
    labeling, where every character bi- and trigram of a batch is looked up. Codes are
    never 0 (ids start at 1), so 0 marks an empty slot.
    """

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: 2**64 / golden ratio

    def __init__(self, codes: np.ndarray) -> None:
        self.bits = max(4, int(np.ceil(np.log2(max(len(codes), 1) * 4))))  # load factor <= 1/4
        self.keys = np.zeros(1 << self.bits, np.uint64)
        self.values = np.full(1 << self.bits, -1, np.int64)
        mask = (1 << self.bits) - 1
        slot = self._slots(codes)
        pending = np.arange(len(codes))
        while pending.size:
            s = slot[pending]
            free = self.keys[s] == 0
            # Several codes may want one free slot: the first takes it, the rest probe on.
            taken, first = np.unique(s[free], return_index=True)
            winners = pending[free][first]
            self.keys[taken] = codes[winners]
            self.values[taken] = winners
            placed = np.zeros(len(codes), bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            slot[pending] = (slot[pending] + 1) & mask

    def _slots(self, codes: np.ndarray) -> np.ndarray:
        return ((codes * self._MULTIPLIER) >> np.uint64(64 - self.bits)).astype(np.int64)

    def find(self, codes: np.ndarray) -> np.ndarray:
        """Index of each code in the table's codes, -1 for codes not in it."""
        mask = (1 << self.bits) - 1
        slot = self._slots(codes)
        out = np.full(len(codes), -1, np.int64)
        pending = np.arange(len(codes))
        while pending.size:
            s = slot[pending]
            keys = self.keys[s]
            hit = keys == codes[pending]
            out[pending[hit]] = self.values[s[hit]]
            # Probe on past occupied slots holding another code; an empty slot ends the search.
            go_on = (keys != 0) & ~hit
            pending = pending[go_on]
            slot[pending] = (s[go_on] + 1) & mask
        return out


@dataclass
class _Sequences:
    """A batch of documents as one array of symbol ids and the document of each position."""

    ids: np.ndarray  # uint64
    doc_of: np.ndarray  # intp, non-decreasing
    n_docs: int


def _ngram_codes(seq: _Sequences, n: int, base: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the n-grams that lie within one document, and where each starts."""
    count = len(seq.ids) - n + 1
    if count <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.intp)
    codes = seq.ids[:count].copy()
    for k in range(1, n):  # uint64 arithmetic wraps silently, by design for long n-grams
        codes = codes * np.uint64(base) + seq.ids[k : k + count]
    starts = np.flatnonzero(seq.doc_of[:count] == seq.doc_of[n - 1 :])
    return codes[starts], starts


def _fit_vocabulary(
    seq: _Sequences,
    ngram_range: tuple[int, int],
    base: int,
    min_df: int,
    max_features: int | None,
    name_of: Callable[[int, int], str],
) -> tuple[_Vocabulary, sp.csr_matrix]:
    """Learn the vocabulary of one kind of n-gram and count it in the training batch."""
    found = []
    for n in range(ngram_range[0], ngram_range[1] + 1):
        codes, starts = _ngram_codes(seq, n, base)
        uniq, inverse = np.unique(codes, return_inverse=True)
        counts = _count_matrix([seq.doc_of[starts]], [inverse], seq.n_docs, len(uniq))
        # After summing, each stored entry is one (document, n-gram) pair.
        df = np.bincount(counts.indices, minlength=len(uniq))
        first = np.empty(len(uniq), np.intp)
        first[inverse[::-1]] = starts[::-1]  # the last write wins: the first occurrence
        found.append((n, uniq, first, counts, df))
    keep = [df >= min_df for *_, df in found]
    if max_features is not None:
        # Like scikit-learn: the most frequent n-grams over the corpus, all sizes together.
        tf_all = np.concatenate([np.asarray(counts.sum(axis=0)).ravel() for _, _, _, counts, _ in found])
        kept_all = np.concatenate(keep)
        order = np.argsort(-np.where(kept_all, tf_all, -1), kind="stable")[:max_features]
        chosen = np.zeros(len(tf_all), bool)
        chosen[order[kept_all[order]]] = True
        keep = np.split(chosen, np.cumsum([len(k) for k in keep])[:-1])
    codes_by_n: dict[int, np.ndarray] = {}
    offsets: dict[int, int] = {}
    names: list[str] = []
    dfs, blocks = [], []
    for (n, uniq, first, counts, df), kept_mask in zip(found, keep, strict=True):
        kept = np.flatnonzero(kept_mask)
        offsets[n] = len(names)
        codes_by_n[n] = uniq[kept]
        names.extend(name_of(int(s), n) for s in first[kept])
        dfs.append(df[kept])
        blocks.append(counts[:, kept])
    df_all = np.concatenate(dfs)
    idf = (np.log((1 + seq.n_docs) / (1 + df_all)) + 1).astype(_DTYPE)
    vocabulary = _Vocabulary(base=base, codes=codes_by_n, offsets=offsets, names=names, idf=idf)
    return vocabulary, sp.hstack(blocks, format="csr", dtype=_DTYPE)


def _count(seq: _Sequences, vocabulary: _Vocabulary) -> sp.csr_matrix:
    """Count the vocabulary's n-grams in each document."""
    rows, cols = [], []
    for n in vocabulary.codes:
        codes, starts = _ngram_codes(seq, n, vocabulary.base)
        col = vocabulary.columns(n, codes)
        hit = col >= 0
        rows.append(seq.doc_of[starts[hit]])
        cols.append(col[hit])
    return _count_matrix(rows, cols, seq.n_docs, vocabulary.size)


def _count_matrix(rows: list[np.ndarray], cols: list[np.ndarray], n_docs: int, n_features: int) -> sp.csr_matrix:
    r = np.concatenate(rows) if rows else np.empty(0, np.intp)
    c = np.concatenate(cols) if cols else np.empty(0, np.intp)
    # Building from (row, col) pairs sums repeated pairs into counts.
    return sp.csr_matrix((np.ones(len(r), _DTYPE), (r, c)), shape=(n_docs, n_features))


def _tf_idf(counts: sp.csr_matrix, idf: np.ndarray, sublinear: bool) -> sp.csr_matrix:
    if sublinear:
        np.log(counts.data, out=counts.data)
        counts.data += 1
    counts.data *= idf[counts.indices]
    # A block can be empty (only punctuation in training, say); normalize refuses 0 columns.
    return normalize(counts, copy=False) if counts.shape[1] else counts


class TextFeatures(TransformerMixin, BaseEstimator):
    """Turn texts into TF-IDF features: Sudachi word n-grams beside character n-grams.

    Word features are n-grams of Sudachi normalized forms, so that ``解約 為る たい 無い``
    (解約したくない) and ``解約 為る たい`` (解約したい) differ. Character n-grams over the
    normalized text catch typos, unknown words and casual chat that the dictionary splits
    badly. Each block is sublinear TF-IDF (smooth IDF, as scikit-learn's default),
    L2-normalized on its own; the word block comes first.

    A scikit-learn transformer: it can sit in a ``Pipeline`` and its parameters can be
    searched with ``GridSearchCV``.

    Parameters
    ----------
    tokenizer_mode : {"A", "B", "C"}, default="C"
        Sudachi split mode of the word features.
    word_ngram_range : tuple of int, default=(1, 2)
        Word n-gram sizes; exact up to 3 tokens for vocabularies of up to 2.6 million
        tokens, a 64-bit hash beyond.
    char_ngram_range : tuple of int, default=(1, 3)
        Character n-gram sizes; exact up to 3, a 64-bit hash beyond. Runs of whitespace
        count as one space.
    min_df : int, default=1
        Minimum number of training documents a feature must appear in.
    max_features : int or None, default=None
        Cap on each block's vocabulary, most frequent first.
    sublinear_tf : bool, default=True
        Use ``1 + log(count)`` instead of the count.

    Attributes
    ----------
    tokenizer_ : SudachiTokenizer
        The word tokenizer (its Sudachi dictionary is created on first use per process).
    token_ids_ : dict of str to int
        Word tokens that occur in a kept word n-gram, with their ids.
    n_features_out_ : int
        Number of output columns.

    Examples
    --------
    >>> features = TextFeatures().fit(["解約したい", "解約したくない"])
    >>> "word__たい 無い" in features.get_feature_names_out()
    True
    """

    def __init__(
        self,
        tokenizer_mode: str = "C",
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (1, 3),
        min_df: int = 1,
        max_features: int | None = None,
        sublinear_tf: bool = True,
    ) -> None:
        self.tokenizer_mode = tokenizer_mode
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf

    def fit(self, X: Iterable[str], y: Any = None) -> TextFeatures:
        """Learn the vocabularies and document frequencies from texts."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X: Iterable[str], y: Any = None, **fit_params: Any) -> sp.csr_matrix:
        """Learn the vocabularies and return the training texts' features."""
        self._check_params()
        texts = [normalize_text(t) for t in check_texts(X)]
        self.tokenizer_ = SudachiTokenizer(mode=self.tokenizer_mode)
        token_ids: dict[str, int] = {}
        new_id = token_ids.setdefault
        words = self._word_sequences(texts, lambda tokens: [new_id(t, len(token_ids) + 1) for t in tokens])
        token_of = ["", *token_ids]
        ids = words.ids
        used: set[int] = set()

        def word_name(start: int, n: int) -> str:
            window = ids[start : start + n].tolist()
            used.update(window)
            return " ".join(token_of[i] for i in window)

        chars, joined = _char_sequences(texts)
        word_vocab, word_counts = _fit_vocabulary(
            words, self.word_ngram_range, len(token_ids) + 1, self.min_df, self.max_features, word_name
        )
        char_vocab, char_counts = _fit_vocabulary(
            chars, self.char_ngram_range, _CHAR_BASE, self.min_df, self.max_features, lambda s, n: joined[s : s + n]
        )
        if word_vocab.size + char_vocab.size == 0:
            raise ValueError("no n-gram occurs in enough documents (min_df); the vocabulary is empty")
        # Only tokens that appear in a kept n-gram can ever match: keep the model small.
        self.token_ids_ = {t: i for t, i in token_ids.items() if i in used}
        self.word_vocabulary_ = word_vocab
        self.char_vocabulary_ = char_vocab
        self.n_features_out_ = word_vocab.size + char_vocab.size
        return self._combine(word_counts, char_counts)

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """Features of texts: a sparse float32 matrix, one row per text."""
        check_is_fitted(self, "n_features_out_")
        texts = [normalize_text(t) for t in check_texts(X)]
        get = self.token_ids_.get
        words = self._word_sequences(texts, lambda tokens: list(map(get, tokens, repeat(0))))
        chars, _ = _char_sequences(texts)
        return self._combine(_count(words, self.word_vocabulary_), _count(chars, self.char_vocabulary_))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Feature names, ``word__`` + space-joined tokens or ``char__`` + characters."""
        check_is_fitted(self, "n_features_out_")
        names = [f"word__{n}" for n in self.word_vocabulary_.names]
        names += [f"char__{n}" for n in self.char_vocabulary_.names]
        return np.asarray(names, dtype=object)

    def _word_sequences(self, texts: list[str], to_ids: Callable[[list[str]], list[int]]) -> _Sequences:
        tokenize = self.tokenizer_.tokenize_normalized
        ids: list[int] = []
        lengths = []
        for text in texts:
            tokens = tokenize(text)
            lengths.append(len(tokens))
            ids += to_ids(tokens)
        return _sequences(np.asarray(ids, np.uint64), lengths)

    def _combine(self, word_counts: sp.csr_matrix, char_counts: sp.csr_matrix) -> sp.csr_matrix:
        word = _tf_idf(word_counts, self.word_vocabulary_.idf, self.sublinear_tf)
        char = _tf_idf(char_counts, self.char_vocabulary_.idf, self.sublinear_tf)
        return sp.hstack([word, char], format="csr", dtype=_DTYPE)

    def _check_params(self) -> None:
        for name in ("word_ngram_range", "char_ngram_range"):
            low, high = getattr(self, name)
            if not 1 <= low <= high:
                raise ValueError(f"{name} must be (low, high) with 1 <= low <= high, got {(low, high)}")
        if not isinstance(self.min_df, int) or self.min_df < 1:
            raise ValueError(f"min_df must be an int >= 1, got {self.min_df!r}")
        if self.max_features is not None and (not isinstance(self.max_features, int) or self.max_features < 1):
            raise ValueError(f"max_features must be a positive int or None, got {self.max_features!r}")


def _sequences(ids: np.ndarray, lengths: list[int]) -> _Sequences:
    return _Sequences(ids=ids, doc_of=np.repeat(np.arange(len(lengths)), lengths), n_docs=len(lengths))


def _char_sequences(texts: list[str]) -> tuple[_Sequences, str]:
    """Code points (+1) of the whitespace-collapsed texts, and the texts joined."""
    collapsed = [_WHITESPACE.sub(" ", t) for t in texts]
    joined = "".join(collapsed)
    ids = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.uint64) + np.uint64(1)
    return _sequences(ids, [len(t) for t in collapsed]), joined

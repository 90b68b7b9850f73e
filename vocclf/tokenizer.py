"""Japanese tokenization with SudachiPy, tuned for intent classification.

The tokenizer keeps what carries intent (negation, wish, request and question forms),
normalizes spelling variants, accepts text of any length and pickles without the native
Sudachi objects, which are rebuilt lazily once per process.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

__all__ = ["SudachiTokenizer", "normalize_text"]

# SudachiPy refuses input over 49,149 UTF-8 bytes per call; 12,000 characters stay below
# that even if every character takes four bytes.
_MAX_CHUNK_CHARS = 12_000
# Lone surrogates (which cannot be encoded) become U+FFFD; C0/C1 controls (but tab and
# newline) become spaces: they carry no meaning and some exports sprinkle NUL or form
# feeds into text fields. One pass finds both.
_UNSAFE = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")
_DIGITS = re.compile(r"[0-9]+")
# Sudachi gives out-of-vocabulary morphemes (numbers, unknown words) word ids from
# dictionary number 0xF upward; their forms vary, so they are never cached.
_OOV_WORD_IDS = 0xF000_0000
# Bound on the per-process cache of dictionary words (a few MB at most).
_MAX_KNOWN = 500_000

# Whitespace and punctuation are dropped from word features, except the question and
# exclamation marks, which signal questions and emphasis.
_DROPPED_POS = [("空白",), ("補助記号",)]
_KEPT_SYMBOLS = frozenset({"?", "!"})
# Sudachi normalizes the conditional たら to た, which would make 「解約したら」 (if I cancel)
# look like 「解約した」 (I cancelled); auxiliaries in conditional form keep a marker.
_CONDITIONAL_SUFFIX = "+仮定"


def normalize_text(text: str) -> str:
    """Normalize width, case and unsafe characters before tokenization.

    NFKC folds half-width katakana and full-width digits and Latin letters
    (``ｷｬﾝｾﾙ`` → ``キャンセル``, ``ＩＤ１２`` → ``ID12``); text is lower-cased; lone
    surrogates become U+FFFD and control characters become spaces.

    Parameters
    ----------
    text : str
        Raw text.

    Returns
    -------
    str
        The normalized text.

    Examples
    --------
    >>> normalize_text("ｷｬﾝｾﾙ　ＯＫ？")
    'キャンセル ok?'
    """
    text = _UNSAFE.sub(_replace_unsafe, text)
    return unicodedata.normalize("NFKC", text).lower()


def _replace_unsafe(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else " "


def _chunks(text: str) -> list[str]:
    """Split text into pieces SudachiPy accepts, at sentence ends where possible."""
    if len(text) <= _MAX_CHUNK_CHARS:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > _MAX_CHUNK_CHARS:  # one endless "sentence": cut it hard
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:_MAX_CHUNK_CHARS])
            sentence = sentence[_MAX_CHUNK_CHARS:]
        if len(current) + len(sentence) > _MAX_CHUNK_CHARS:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


class SudachiTokenizer:
    """Callable that turns text into Sudachi normalized forms.

    Conjugated forms meet at their normalized form (``したく`` and ``したい`` both give
    ``為る`` + ``たい``), auxiliaries and particles are kept because negation (``ない``,
    ``ず``, ``ません``), wishes (``たい``, ``ほしい``) and question markers (``か``, ``?``)
    decide intent, and runs of digits become ``0`` so order numbers do not become
    features.

    Instances hold only their settings; the Sudachi dictionary is created on first use in
    each process and dropped when pickling, so a fitted model saves with joblib and
    travels to worker processes.

    Parameters
    ----------
    mode : {"A", "B", "C"}, default="C"
        Sudachi split mode: short (A), middle (B) or long (C) units.
    dict_name : str, default="core"
        The Sudachi dictionary package (``sudachidict_<name>``).

    Examples
    --------
    >>> tok = SudachiTokenizer()
    >>> tok("解約したくないです")
    ['解約', '為る', 'たい', '無い', 'です']
    """

    def __init__(self, mode: str = "C", dict_name: str = "core") -> None:
        if mode not in ("A", "B", "C"):
            raise ValueError(f"mode must be 'A', 'B' or 'C', got {mode!r}")
        self.mode = mode
        self.dict_name = dict_name
        self._native: Any = None
        self._dropped_pos_ids: frozenset[int] = frozenset()
        self._conditional_pos_ids: frozenset[int] = frozenset()
        self._known: dict[int, str] = {}
        self._lock = threading.Lock()

    def _tokenizer(self) -> Any:
        if self._native is None:
            with self._lock:
                if self._native is None:
                    self._native = self._build()
        return self._native

    def _build(self) -> Any:
        from sudachipy import Dictionary, SplitMode

        dictionary = Dictionary(dict=self.dict_name)
        dropped = set(dictionary.pos_matcher(_DROPPED_POS))
        # Compare integer ids per morpheme instead of building POS tuples: cheaper.
        all_pos = [dictionary.pos_of(pos_id) for pos_id in range(_pos_count(dictionary))]
        self._dropped_pos_ids = frozenset(i for i, pos in enumerate(all_pos) if pos in dropped)
        self._conditional_pos_ids = frozenset(
            i for i, pos in enumerate(all_pos) if pos[0] == "助動詞" and pos[5].startswith("仮定形")
        )
        mode = {"A": SplitMode.A, "B": SplitMode.B, "C": SplitMode.C}[self.mode]
        return dictionary.tokenizer(mode=mode, fields={"normalized_form", "pos"})

    def __call__(self, text: str) -> list[str]:
        """Tokenize one text (normalized first) into a list of feature tokens."""
        return self.tokenize_normalized(normalize_text(text))

    def tokenize_normalized(self, text: str) -> list[str]:
        """Tokenize text that already went through :func:`normalize_text`."""
        tokenizer = self._tokenizer()
        # A dictionary word's normalized form and part of speech depend on its word id
        # alone, so each word is worked out once; the hot loop is one call and one lookup.
        known = self._known
        tokens: list[str] = []
        append = tokens.append
        for chunk in _chunks(text):
            for m in tokenizer.tokenize(chunk):
                word_id = m.word_id()
                token = known.get(word_id)
                if token is None:
                    token = self._token(m)
                    if word_id < _OOV_WORD_IDS and len(known) < _MAX_KNOWN:
                        known[word_id] = token
                if token:
                    append(token)
        return tokens

    def _token(self, m: Any) -> str:
        """The feature token of one morpheme; "" for one that is dropped."""
        pos_id = m.part_of_speech_id()
        form: str = m.normalized_form()
        if pos_id in self._dropped_pos_ids:
            return form if form in _KEPT_SYMBOLS else ""
        if pos_id in self._conditional_pos_ids:
            return form + _CONDITIONAL_SUFFIX
        if form[:1].isdigit():
            return _DIGITS.sub("0", form)
        return form

    def __getstate__(self) -> dict[str, Any]:
        return {"mode": self.mode, "dict_name": self.dict_name}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"SudachiTokenizer(mode={self.mode!r}, dict_name={self.dict_name!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SudachiTokenizer) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash((self.mode, self.dict_name))


def _pos_count(dictionary: Any) -> int:
    """Number of part-of-speech ids in the dictionary (``pos_of`` gives None past the end)."""
    count = 0
    while dictionary.pos_of(count) is not None:
        count += 1
    return count

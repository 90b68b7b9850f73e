"""Content words for people to read: what a group of messages is about.

The classifier's tokens (normalized forms, particles and auxiliaries kept) suit a model,
not a reader. Reports and themes show content words instead: nouns, verbs and
adjectives in their dictionary form, with a negation kept attached (届かない, 使えません),
and without greetings, honorifics, numbers or personal names.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from vocclf.pii import PII_PLACEHOLDERS
from vocclf.tokenizer import _chunks, normalize_text

__all__ = ["central_members", "content_words", "distinctive_terms", "term_lists"]

# Words of business-mail boilerplate and light verbs: frequent everywhere, telling nothing.
_BOILERPLATE = frozenset(
    """世話 連絡 問い合わせ 問合せ 問い合わせる 件 方 際 度 様 皆様 何卒 宜しい よろしい お願い
    願い 願う 失礼 本日 今回 以下 下記 上記 こと 事 もの 物 ため 為 よう 私 わたし 当方
    貴社 御社 弊社 こちら そちら 確認 対応 メール 返信 返事 いつも 大変 申し訳 申し訳ない
    恐れ入る 恐縮 ありがとう 有り難い 思う 考える 言う いう する ある いる なる できる 出来る
    頂く いただく 下さる くださる 致す いたす 参る 申す 申し上げる おる 居る 有る 成る 為る
    くれる もらう 貰う 行う みる 見る 思い 感じ 今 今日 先日 以前 現在 場合 時 とき 中 内容
    お客様 客 担当 担当者 お手数 手数 ところ 所 まま 件名 ほう 気 なし 無い ない よい 良い
    いい 多い 少し ちょっと 大丈夫 お世話 宜しく よろしく 様子 他 ほか 全て すべて 以上""".split()
)
_CONTENT_POS = ("名詞", "動詞", "形容詞", "形状詞")
_DIGIT = re.compile(r"\d")
_NEGATIONS = frozenset({"ない", "ず", "ぬ", "ん"})


class _Analyzer:
    """A Sudachi tokenizer with the fields content words need, one per process."""

    def __init__(self) -> None:
        self._native: Any = None
        self._lock = threading.Lock()

    def tokenize(self, text: str) -> Any:
        if self._native is None:
            with self._lock:
                if self._native is None:
                    from sudachipy import Dictionary, SplitMode

                    self._native = Dictionary(dict="core").tokenizer(
                        mode=SplitMode.C, fields={"pos", "dictionary_form"}
                    )
        return self._native.tokenize(text)


_ANALYZER = _Analyzer()


def _keep(pos: tuple[str, ...], form: str) -> bool:
    if pos[0] not in _CONTENT_POS or form in _BOILERPLATE:
        return False
    if pos[0] == "名詞" and (pos[1] in ("数詞", "代名詞") or pos[2] == "人名" or pos[2] == "助数詞可能"):
        return False
    if pos[1] == "非自立可能" or _DIGIT.search(form):
        return False
    # One character is a word only when it is a kanji (箱, 味, 肌); not a lone kana or letter.
    return len(form) > 1 or "一" <= form <= "龥"


def content_words(text: str) -> list[str]:
    """The content words of ``text``, in order, for people to read.

    Parameters
    ----------
    text : str
        Any text (normalized as for classification first).

    Returns
    -------
    list of str
        Nouns, verbs, adjectives and adjectival nouns in dictionary form; a verb or
        adjective followed by a negation keeps it as written (``届かない``), because
        「届く」 would say the opposite.

    Examples
    --------
    >>> content_words("お世話になっております。商品がまだ届かないのですが、確認をお願いします")
    ['商品', '届かない']
    """
    words: list[str] = []
    for chunk in _chunks(normalize_text(text)):
        morphemes = list(_ANALYZER.tokenize(chunk))
        for i, m in enumerate(morphemes):
            pos = m.part_of_speech()
            form = m.dictionary_form()
            if not _keep(pos, form):
                continue
            if pos[0] in ("動詞", "形容詞"):
                negated = _negated(morphemes, i)
                if negated:
                    form = negated
            words.append(form)
    return words


def _negated(morphemes: list[Any], i: int) -> str | None:
    """``届か`` + ``ない`` → ``届かない``; ``届き`` + ``ませ`` + ``ん`` → ``届きません``."""
    surface = morphemes[i].surface()
    for j in range(i + 1, min(i + 3, len(morphemes))):
        m = morphemes[j]
        if m.part_of_speech()[0] != "助動詞":
            return None
        surface += m.surface()
        if m.dictionary_form() in _NEGATIONS:
            return surface
    return None


_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PII_PLACEHOLDERS.values()))
# Record lines of mail footers and forms (注文番号：123…, 会員ID: A-1…, TEL 090…): they say
# who wrote, not what about, so their labels (注文, 番号, 会員) must not become words.
_RECORD_LINE = re.compile(
    r"^[ \t　]*(?:[^\s:：。、]{1,12}[ \t　]*[:：][ \t　]*\S*[0-9０-９A-Za-z\[][^\n]*"
    r"|(?:tel|fax|電話|携帯|mobile)[ \t　.:：]*[0-9０-９(\[+][^\n]*)$",
    re.I | re.M,
)


# A number's label in running text (会員番号 [番号], 注文番号：12345): which record, not what about.
_LABELED_VALUE = re.compile(
    r"[^\s、。,.]{0,6}(?:番号|ID|ＩＤ|No\.?)[ \t　]*[:：]?[ \t　]*"
    r"(?:\[[^\]\s]{1,8}\]|[0-9０-９A-Za-z][0-9０-９A-Za-z\-]*)"
)


def term_lists(texts: Iterable[str | None], phrases: bool = False) -> list[list[str]]:
    """The content words of each text (none for a missing one); masking placeholders
    ([電話番号] …) and record lines (注文番号：…, TEL …) are ignored, since they are not
    what customers talk about.

    With ``phrases``, each pair of adjacent content words is added joined (``次回`` +
    ``お届け`` → ``次回お届け``): short phrases read better than single words in a label.
    """
    out = []
    for text in texts:
        if isinstance(text, str):
            text = _LABELED_VALUE.sub(" ", _RECORD_LINE.sub("", text))
            words = content_words(_PLACEHOLDER.sub(" ", text))
        else:
            words = []
        if phrases:
            words = words + [a + b for a, b in itertools.pairwise(words)]
        out.append(words)
    return out


def distinctive_terms(
    present: Any, members: Sequence[int], vocabulary: Sequence[str], n: int, pool: Sequence[int] | None = None
) -> list[str]:
    """Terms that set the rows ``members`` apart from the other rows of ``pool`` (all rows when None).

    ``present`` is a 0/1 documents × terms sparse matrix. Score: the share of members
    using the term × log(that share / the share among the others); a term needs two
    members (or all of them, when fewer).
    """
    import numpy as np

    rows = present if pool is None else present[list(pool)]
    count = len(members)
    if pool is not None:
        position = {row: i for i, row in enumerate(pool)}
        members = [position[m] for m in members]
    df_all = np.asarray(rows.sum(axis=0)).ravel()
    df_in = np.asarray(rows[list(members)].sum(axis=0)).ravel()
    p_in = df_in / max(count, 1)
    p_out = (df_all - df_in + 0.5) / max(rows.shape[0] - count, 1)
    score = p_in * np.log((p_in + 1e-9) / p_out)
    score[df_in < min(2, count)] = -np.inf
    return [str(vocabulary[j]) for j in np.argsort(-score, kind="stable")[:n] if np.isfinite(score[j]) and score[j] > 0]


def central_members(matrix: Any, members: Sequence[int]) -> list[int]:
    """``members`` ordered by closeness to their centroid in ``matrix`` (most typical first)."""
    import numpy as np

    block = matrix[list(members)]
    centroid = np.asarray(block.mean(axis=0)).ravel()
    closeness = np.asarray(block @ centroid).ravel()
    return [members[j] for j in np.argsort(-closeness, kind="stable")]

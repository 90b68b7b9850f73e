"""The shipped corpus follows the label guide and the corpus rules."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter

import pytest

from vocclf.datasets import CORPUS_FIELDS, corpus_path, load_corpus, near_duplicate_pairs

INTENTS = {"cancellation", "complaint", "request", "question"}
REASONS = {"no_effect", "excess_stock", "improved", "financial_burden", "switching", "other"}
CHANNELS = {"email", "chat", "webform", "phone_memo", "sns"}


def test_file_is_utf8_jsonl_with_all_fields() -> None:
    raw = corpus_path().read_bytes()
    lines = raw.decode("utf-8").splitlines()  # strict: fails on anything but UTF-8
    assert not raw.startswith(b"\xef\xbb\xbf")
    for n, line in enumerate(lines, 1):
        record = json.loads(line)
        assert tuple(record) == CORPUS_FIELDS, f"line {n}"


def test_labels_are_valid(corpus: list[dict]) -> None:
    for r in corpus:
        assert r["intent"] in INTENTS, r["id"]
        assert (r["reason"] in REASONS) if r["intent"] == "cancellation" else r["reason"] is None, r["id"]
        assert r["channel"] in CHANNELS, r["id"]
        assert r["split"] in ("train", "test"), r["id"]
        assert isinstance(r["industry"], str), r["id"]
        assert r["industry"], r["id"]
        assert r["text"], r["id"]
        assert r["text"].strip() == r["text"], r["id"]


def test_ids_unique(corpus: list[dict]) -> None:
    ids = [r["id"] for r in corpus]
    assert len(ids) == len(set(ids))


def test_sizes_meet_the_minimums(corpus: list[dict]) -> None:
    assert len(corpus) >= 4000
    intents = Counter(r["intent"] for r in corpus)
    assert min(intents[i] for i in INTENTS) >= 900, intents
    reasons = Counter(r["reason"] for r in corpus if r["intent"] == "cancellation")
    assert min(reasons[r] for r in REASONS) >= 150, reasons


def test_no_exact_duplicates(corpus: list[dict]) -> None:
    texts = Counter(unicodedata.normalize("NFKC", r["text"]) for r in corpus)
    assert [t[:20] for t, k in texts.items() if k > 1] == []


def test_near_duplicates_are_rare_and_never_cross_the_split(corpus: list[dict]) -> None:
    pairs = near_duplicate_pairs([r["text"] for r in corpus], threshold=0.8)
    involved = {i for i, _, _ in pairs} | {j for _, j, _ in pairs}
    assert len(involved) <= 0.01 * len(corpus)
    leaks = [(corpus[i]["id"], corpus[j]["id"]) for i, j, _ in pairs if corpus[i]["split"] != corpus[j]["split"]]
    assert leaks == []


def test_test_split_is_stratified(corpus: list[dict]) -> None:
    for key in sorted(INTENTS | REASONS):
        rows = [r for r in corpus if key in (r["intent"], r["reason"])]
        share = sum(r["split"] == "test" for r in rows) / len(rows)
        assert 0.15 <= share <= 0.25, (key, share)


def test_lengths_cover_all_bands(corpus: list[dict]) -> None:
    bands = Counter(
        "short" if len(t) < 40 else "medium" if len(t) <= 200 else "long"
        for t in (unicodedata.normalize("NFKC", r["text"]) for r in corpus)
    )
    for band in ("short", "medium", "long"):
        assert bands[band] >= 0.2 * len(corpus), bands


def test_load_corpus_splits_and_frame() -> None:
    train, test = load_corpus("train"), load_corpus("test")
    assert len(train) + len(test) == len(load_corpus())
    with pytest.raises(ValueError, match="split"):
        load_corpus("dev")
    pd = pytest.importorskip("pandas")
    frame = load_corpus("test", as_frame=True)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(CORPUS_FIELDS)
    assert len(frame) == len(test)


def test_near_duplicate_pairs_finds_twins() -> None:
    texts = ["定期便を解約したいです。よろしくお願いします", "定期便を解約したいです。よろしくお願いします!", "送料"]
    assert [(i, j) for i, j, _ in near_duplicate_pairs(texts)] == [(0, 1)]
    assert near_duplicate_pairs([]) == []
    assert near_duplicate_pairs(["ab", "ab"]) == [(0, 1, 1.0)]

"""Shared fixtures: the real shipped model, the real corpus, a small model trained here."""

from __future__ import annotations

import pytest

import vocclf


@pytest.fixture(scope="session")
def default_model() -> vocclf.VocClassifier:
    return vocclf.load()


@pytest.fixture(scope="session")
def corpus() -> list[dict]:
    return vocclf.load_corpus()


@pytest.fixture(scope="session")
def small_data(corpus: list[dict]) -> tuple[list[str], list[str], list[str | None]]:
    """Every fourth train item: enough for all labels, quick to train."""
    rows = [r for r in corpus if r["split"] == "train"][::4]
    return [r["text"] for r in rows], [r["intent"] for r in rows], [r["reason"] for r in rows]


@pytest.fixture(scope="session")
def small_model(small_data: tuple[list[str], list[str], list[str | None]]) -> vocclf.VocClassifier:
    return vocclf.train(*small_data)

"""Charts render Japanese without missing glyphs."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import vocclf

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from vocclf import plots  # noqa: E402


def _render(fig: object, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph ("tofu") is a UserWarning
        fig.savefig(path)  # type: ignore[attr-defined]
    plt.close("all")


def test_japanese_font_is_registered() -> None:
    name = plots.japanese_font()
    assert name
    assert matplotlib.rcParams["font.family"] == [name]


def test_all_charts_render(default_model: vocclf.VocClassifier, tmp_path: Path) -> None:
    texts = ["解約したい", "届いた瓶が割れていた", "配送日を変えてください", "送料は？"]
    intents = ["cancellation", "complaint", "request", "question"]
    report = default_model.evaluate(texts, intents)
    fig, axes = plt.subplots(2, 2, figsize=(10, 8))
    plots.plot_confusion(report.intent, ax=axes[0][0])
    plots.plot_coverage(vocclf.coverage_curve(default_model, texts, intents), ax=axes[0][1])
    curve = [
        {"n_train": 100, "intent_macro_f1": 0.8, "intent_macro_f1_std": 0.02},
        {"n_train": 400, "intent_macro_f1": 0.9, "intent_macro_f1_std": 0.01},
    ]
    plots.plot_learning_curve(curve, ax=axes[1][0])
    result = vocclf.ActiveLearningResult((100, 200), (0.8, 0.9), (0.8, 0.85))
    plots.plot_active_learning(result, ax=axes[1][1])
    assert axes[0][0].get_xlabel() == "予測 (predicted)"
    assert "+0.050" in axes[1][1].get_title()
    _render(fig, tmp_path / "charts.png")
    assert (tmp_path / "charts.png").stat().st_size > 10_000


def test_plot_without_axes_creates_one() -> None:
    ax = plots.plot_learning_curve([{"n_train": 10, "intent_macro_f1": 0.5, "intent_macro_f1_std": 0.0}])
    assert ax.get_title() == "学習曲線 (learning curve)"
    plt.close("all")

"""Charts for notebooks: confusion matrix, coverage, learning and active-learning curves.

Needs matplotlib and a Japanese font: ``pip install "vocclf[notebooks]"`` brings both
(the font is the IPAex Gothic file that the japanize-matplotlib package ships; it is
registered directly, without importing that package, which needs the ``distutils``
module removed in Python 3.12).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vocclf.active import ActiveLearningResult
    from vocclf.evaluation import ClassReport

__all__ = ["japanese_font", "plot_active_learning", "plot_confusion", "plot_coverage", "plot_learning_curve"]

_INSTALL = 'pip install "vocclf[notebooks]"'
_SYSTEM_FONTS = ("Noto Sans CJK JP", "IPAexGothic", "IPAGothic", "TakaoGothic", "Hiragino Sans", "Yu Gothic")


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(f"vocclf.plots needs matplotlib: {_INSTALL}") from exc
    return plt


def japanese_font() -> str:
    """Make matplotlib draw Japanese (解約, 苦情 …) without tofu boxes; return the font name.

    Uses the IPAex Gothic file shipped by japanize-matplotlib when installed, else a
    Japanese system font (e.g. Debian's ``fonts-noto-cjk``).

    Raises
    ------
    ImportError
        When neither is available, naming the install command.
    """
    _pyplot()
    from matplotlib import font_manager, rcParams

    spec = importlib.util.find_spec("japanize_matplotlib")
    if spec is not None and spec.submodule_search_locations:
        font_file = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
        if font_file.is_file():
            font_manager.fontManager.addfont(str(font_file))
            name = font_manager.FontProperties(fname=str(font_file)).get_name()
            rcParams["font.family"] = name
            return name
    available = {f.name for f in font_manager.fontManager.ttflist}
    for name in _SYSTEM_FONTS:
        if name in available:
            rcParams["font.family"] = name
            return name
    raise ImportError(f"no Japanese font found for the charts: {_INSTALL} (or apt-get install fonts-noto-cjk)")


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    japanese_font()
    return _pyplot().subplots(figsize=(6, 4.5))[1]


def plot_confusion(report: ClassReport, ax: Any = None, normalize: bool = True, title: str | None = None) -> Any:
    """Heat map of a :class:`~vocclf.ClassReport`'s confusion matrix (rows: true labels).

    ``normalize=True`` shows each row as shares of the true label (recall on the
    diagonal); the counts are printed in the cells either way.
    """
    import numpy as np

    ax = _axes(ax)
    counts = np.asarray(report.confusion, dtype=float)
    shown = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) if normalize else counts
    ax.imshow(shown, cmap="Blues", vmin=0, vmax=1 if normalize else None)
    labels = list(report.labels)
    ax.set_xticks(range(len(labels)), labels, rotation=35, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(j, i, f"{int(counts[i, j])}", ha="center", va="center",
                    color="white" if shown[i, j] > 0.6 * shown.max() else "black")  # fmt: skip
    ax.set_xlabel("予測 (predicted)")
    ax.set_ylabel("正解 (true)")
    ax.set_title(title or f"混同行列 macro-F1 {report.macro_f1:.3f}")
    return ax


def plot_coverage(points: Sequence[dict[str, float]], ax: Any = None) -> Any:
    """Coverage against accuracy over review thresholds (from :func:`vocclf.coverage_curve`)."""
    ax = _axes(ax)
    ax.plot([p["coverage"] for p in points], [p["accuracy"] for p in points], marker="o")
    for p in points[:: max(1, len(points) // 5)]:
        ax.annotate(f"{p['threshold']:.2f}", (p["coverage"], p["accuracy"]), textcoords="offset points", xytext=(4, 4))
    ax.set_xlabel("自動で付けた割合 (coverage)")
    ax.set_ylabel("その正解率 (accuracy)")
    ax.set_title("レビューしきい値の選び方 (labels: threshold)")
    return ax


def plot_learning_curve(points: Sequence[dict[str, float]], ax: Any = None) -> Any:
    """Macro-F1 against the number of training labels (from :func:`vocclf.learning_curve`)."""
    ax = _axes(ax)
    x = [p["n_train"] for p in points]
    y = [p["intent_macro_f1"] for p in points]
    err = [p["intent_macro_f1_std"] for p in points]
    ax.errorbar(x, y, yerr=err, marker="o", capsize=3)
    ax.set_xscale("log")
    ax.set_xlabel("学習データ件数 (training labels)")
    ax.set_ylabel("意図 macro-F1")
    ax.set_title("学習曲線 (learning curve)")
    return ax


def plot_active_learning(result: ActiveLearningResult, ax: Any = None) -> Any:
    """Uncertainty picks against random picks (from :func:`vocclf.simulate_active_learning`)."""
    ax = _axes(ax)
    ax.plot(result.labeled, result.uncertain_f1, marker="o", label="不確実な順 (uncertainty)")
    ax.plot(result.labeled, result.random_f1, marker="s", label="ランダム (random)")
    ax.set_xlabel("ラベル付け件数 (labeled)")
    ax.set_ylabel("意図 macro-F1")
    ax.set_title(f"次に何をラベル付けするか: 平均 +{result.gain:.3f}")
    ax.legend()
    return ax

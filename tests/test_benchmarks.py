"""The benchmark runs end to end on tiny data, so it does not rot (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_smoke_run(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--tiny", "-o", str(tmp_path)], check=True)
    results = json.loads((tmp_path / "benchmarks.json").read_text(encoding="utf-8"))
    assert results["tiny"] is True
    assert set(results["throughput"]["runs"]) == {
        "sudachi_tokenize",
        "sudachi_tokenize_surfaces",
        "vocclf_tokenizer",
        "predict_many_1",
        "predict_many_2",
    }
    assert all(run["rows_out"] == run["rows"] for run in results["label_cli"])
    assert set(results["alternatives"]) == {"vocclf", "janome_tfidf_svm", "fasttext_sudachi", "keyword_rules"}
    for scores in results["alternatives"].values():
        assert 0 <= scores["intent_macro_f1"] <= 1
        assert scores["texts_per_s"] > 0
    assert [r["distinct"] for r in results["training"]] == [False, False, True, True]
    report = (tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    assert "## Targets" in report
    assert "| model load < 0.5 s |" in report
    assert (tmp_path / "benchmarks.png").stat().st_size > 10_000


def test_themes_benchmark_smoke_run(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "themes.py"), "--tiny", "-o", str(tmp_path)], check=True)
    results = json.loads((tmp_path / "themes.json").read_text(encoding="utf-8"))
    assert set(results["methods"]) == {"spectral", "kmeans", "nmf"}
    for scores in results["methods"].values():
        assert 0 <= scores["nmi"] <= 1
    assert results["scale"]["n"] == 2_000
    assert results["scale"]["themes"] >= 1
    assert "## 100,000 messages" in (tmp_path / "themes.md").read_text(encoding="utf-8")


def test_engines_benchmark_smoke_run(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "engines.py"), "--tiny", "-o", str(tmp_path)], check=True)
    results = json.loads((tmp_path / "engines.json").read_text(encoding="utf-8"))
    assert set(results["runs"]) == {
        "predict_many_1", "label_frame_1", "dask_1", "dask_2", "dask_files_2", "spark_1", "spark_2"
    }  # fmt: skip
    assert all(run["texts_per_s"] > 0 for run in results["runs"].values())
    assert results["speedup"]["dask_2_vs_1"] > 0

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

"""Labeling on a real Spark session (local[2]) matches predict_many."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import vocclf
from vocclf import clean_text

pyspark_sql = pytest.importorskip("pyspark.sql")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (JDK 17): none found on PATH or in JAVA_HOME", allow_module_level=True)

import vocclf.spark  # noqa: E402  (after the skips: needs pyspark)

HOSTILE = ["", None, "解約したいです" * 80_000, "🙏🙏🙏", "定期\x00を\x07解約\x1bしたい"]


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers need this environment's vocclf
    # Workers inherit the environment: each model load appends its pid here.
    os.environ["VOCCLF_LOAD_LOG"] = str(tmp_path_factory.mktemp("spark") / "loads.txt")
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("vocclf-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "500")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    texts: list[str | None] = [r["text"] for r in vocclf.load_corpus("test")] * 2
    texts[50:50] = HOSTILE
    return pd.DataFrame({"ticket": [f"T{i:05d}" for i in range(len(texts))], "body": texts})


def test_same_labels_as_predict_many(spark: object, frame: pd.DataFrame) -> None:
    sdf = spark.createDataFrame(frame).repartition(6)  # type: ignore[attr-defined]
    out = vocclf.spark.label_frame(sdf, "body", id_column="ticket").toPandas().sort_values("ticket")
    assert list(out["ticket"]) == list(frame["ticket"])  # rows in = rows out (ids kept; sorted back)
    texts = frame["body"].tolist()
    ok = [isinstance(t, str) and clean_text(t).strip() != "" for t in texts]
    expected = vocclf.load().predict_many([clean_text(t) for t, good in zip(texts, ok, strict=True) if good])
    got = out[ok]
    assert list(got["intent"]) == [p.intent for p in expected]
    assert [None if pd.isna(r) else r for r in got["reason"]] == [p.reason for p in expected]
    np.testing.assert_allclose(got["confidence"].to_numpy(), [p.confidence for p in expected], rtol=0, atol=1e-9)
    bad = out[[not good for good in ok]]
    assert bad["intent"].isna().all()
    assert set(bad["error"]) == {"empty text", "text is missing, not a string"}


def test_model_is_loaded_once_per_python_worker(spark: object, frame: pd.DataFrame) -> None:
    log = os.environ["VOCCLF_LOAD_LOG"]
    Path(log).write_text("", encoding="utf-8")
    sdf = spark.createDataFrame(frame).repartition(8)  # type: ignore[attr-defined]
    assert vocclf.spark.label_frame(sdf, "body", distribute=True).count() == len(frame)
    pids = [line.split()[0] for line in Path(log).read_text(encoding="utf-8").splitlines()]
    assert pids  # the model was loaded in the workers …
    assert len(pids) == len(set(pids))  # … at most once in each Python worker
    assert len(pids) < 8  # … which serve several of the 8 partitions


def test_columns_are_checked(spark: object) -> None:
    sdf = spark.createDataFrame(pd.DataFrame({"body": ["解約したい"], "intent": ["x"]}))  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="already has"):
        vocclf.spark.label_frame(sdf, "body")
    with pytest.raises(KeyError, match="no column 'text'"):
        vocclf.spark.label_frame(sdf, "text")

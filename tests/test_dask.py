"""Labeling on a real dask.distributed cluster (2 worker processes) matches predict_many."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

import vocclf
from vocclf import clean_text

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import vocclf.dask  # noqa: E402  (after the skip: needs dask)
from vocclf import _worker_cache  # noqa: E402

HOSTILE = ["", None, "解約したいです" * 80_000, "🙏🙏🙏", "定期\x00を\x07解約\x1bしたい", float("nan"), 42]


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    texts: list[object] = [r["text"] for r in vocclf.load_corpus("test")] * 3
    texts[100:100] = HOSTILE
    return pd.DataFrame({"ticket": [f"T{i:05d}" for i in range(len(texts))], "body": texts})


def test_same_labels_as_predict_many(client: distributed.Client, frame: pd.DataFrame) -> None:
    labeled = vocclf.dask.label_frame(dd.from_pandas(frame, npartitions=8), "body", id_column="ticket")
    out = labeled.compute()
    assert list(out["ticket"]) == list(frame["ticket"])  # rows in = rows out, order kept
    assert dict(out.dtypes[-6:]) == {k: pd.api.types.pandas_dtype(v) for k, v in vocclf.labeling.LABEL_DTYPES.items()}
    # Dask may turn the object column into strings (42 -> "42", None -> <NA>): compare
    # with the texts as the partitions received them.
    texts = out["body"].astype(object).where(out["body"].notna(), None).tolist()
    ok = [isinstance(t, str) and clean_text(t).strip() != "" for t in texts]
    expected = vocclf.load().predict_many([clean_text(t) for t, good in zip(texts, ok, strict=True) if good])
    got = out[ok]
    assert list(got["intent"]) == [p.intent for p in expected]
    assert list(got["reason"].astype(object).where(got["reason"].notna(), None)) == [p.reason for p in expected]
    np.testing.assert_allclose(got["confidence"].to_numpy(), [p.confidence for p in expected], rtol=0, atol=1e-9)
    bad = out[[not good for good in ok]]
    assert bad["intent"].isna().all()
    assert bad["error"].notna().all()
    assert set(bad["error"]) >= {"empty text", "text is missing, not a string"}


def test_model_is_loaded_once_per_worker_not_per_partition(client: distributed.Client, frame: pd.DataFrame) -> None:
    before = client.run(_worker_cache.load_count)
    vocclf.dask.label_frame(dd.from_pandas(frame, npartitions=16), "body").compute()
    after = client.run(_worker_cache.load_count)
    assert set(after.values()) <= {1}  # 16 partitions, at most one load in each worker process
    assert sum(after.values()) >= 1
    assert all(after[w] >= before.get(w, 0) for w in after)


def test_a_killed_worker_loses_no_row(client: distributed.Client, frame: pd.DataFrame) -> None:
    persisted = vocclf.dask.label_frame(dd.from_pandas(frame, npartitions=24), "body", id_column="ticket").persist()
    futures = distributed.futures_of(persisted)
    next(iter(distributed.as_completed(futures)))  # the job is running: some partitions are done
    victim = next(iter(client.run(os.getpid).values()))
    os.kill(victim, signal.SIGKILL)  # the nanny restarts it; Dask reruns its tasks
    out = persisted.compute()
    assert list(out["ticket"]) == list(frame["ticket"])  # every row exactly once, in order
    assert (out["intent"].notna() != out["error"].notna()).all()  # each labeled or with its error
    local = vocclf.label_frame(out[["ticket", "body"]], "body")
    assert out["intent"].equals(local["intent"])


def test_model_object_is_refused_with_the_way_out() -> None:
    with pytest.raises(TypeError, match="folder"):
        vocclf.dask.label_frame(dd.from_pandas(pd.DataFrame({"t": ["a"]}), npartitions=1), "t", vocclf.load())
    with pytest.raises(KeyError, match="no column 'body'"):
        vocclf.dask.label_frame(dd.from_pandas(pd.DataFrame({"t": ["a"]}), npartitions=1), "body")

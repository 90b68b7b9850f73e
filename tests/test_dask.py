"""Labeling on a real dask.distributed cluster (2 worker processes) matches predict_many."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import vocclf
from vocclf import clean_text
from vocclf.cli import main
from vocclf.io import read_records

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


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory, frame: pd.DataFrame) -> Path:
    """A Parquet dataset of two files (several row groups), a broken file and a CP932 CSV."""
    root = tmp_path_factory.mktemp("lake")
    (root / "tickets" / "year=2025").mkdir(parents=True)
    texts = frame["body"].where(frame["body"].map(lambda t: isinstance(t, str)), None)
    head = pd.DataFrame({"ticket_id": frame["ticket"], "本文": texts})
    head.iloc[:1500].to_parquet(root / "tickets" / "year=2025" / "a.parquet", row_group_size=400)
    head.iloc[1500:].to_parquet(root / "tickets" / "year=2025" / "b.parquet", row_group_size=300)
    (root / "tickets" / "broken.parquet").write_bytes(b"PAR1 not really")
    (root / "desk.csv").write_bytes("番号,内容\n1,解約したいです\n2,届いた箱が潰れていました\n".encode("cp932"))
    return root


def _read_folder(folder: Path) -> pd.DataFrame:
    files = sorted(folder.glob("part-*.parquet"))
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


def _values(column: pd.Series) -> list[object]:
    return [None if pd.isna(v) else v for v in column]


def test_label_files_gives_the_rows_of_vocclf_label(
    client: distributed.Client, lake: Path, tmp_path: Path, default_model: vocclf.VocClassifier
) -> None:
    inputs = [str(lake / "tickets"), str(lake / "desk.csv")]
    seen: list[vocclf.dask.PartResult] = []
    summary = vocclf.dask.label_files(inputs, tmp_path / "out", client=client, rows_per_part=500, on_part=seen.append)
    out = _read_folder(tmp_path / "out")
    expected = pd.DataFrame(vocclf.label_records((r for p in inputs for r in read_records(p)), default_model))
    assert len(seen) == len(list((tmp_path / "out").glob("part-*.parquet"))) > 4  # split by row groups
    assert list(out["id"]) == list(expected["id"])  # every row once, in input order
    assert list(out["source"]) == list(expected["source"])
    assert _values(out["intent"]) == _values(expected["intent"])
    labeled = expected["intent"].notna().to_numpy()
    np.testing.assert_allclose(
        out["confidence"].to_numpy()[labeled], expected["confidence"].to_numpy(dtype=float)[labeled], rtol=0, atol=1e-9
    )
    assert _values(out["error"]) == _values(expected["error"])
    assert summary.rows == len(out)
    assert summary.failed == int((~labeled).sum()) > 0
    assert any("cannot read as Parquet" in e for r in seen for _, _, e in r.problems)
    assert not list((tmp_path / "out").glob(".*"))  # no temporary file left


def test_label_files_after_a_killed_worker_has_every_row_once(
    client: distributed.Client, lake: Path, tmp_path: Path
) -> None:
    killed: list[int] = []

    def kill_one_worker(result: vocclf.dask.PartResult) -> None:
        if not killed:  # the run is under way: kill a worker that holds more parts
            killed.append(next(iter(client.run(os.getpid).values())))
            os.kill(killed[0], signal.SIGKILL)

    inputs = [str(lake / "tickets")]
    vocclf.dask.label_files(inputs, tmp_path / "out", client=client, rows_per_part=200, on_part=kill_one_worker)
    out = _read_folder(tmp_path / "out")
    assert killed
    assert list(out["id"]) == [r.id for r in read_records(inputs[0])]
    assert not list((tmp_path / "out").glob(".*"))


def test_label_engine_dask_on_the_command_line(
    client: distributed.Client, lake: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "labeled"
    args = ["label", str(lake / "desk.csv"), "--engine", "dask", "--scheduler", client.scheduler.address]
    assert main([*args, "-o", str(out), "--include-text", "--mask-pii"]) == 0
    labeled = _read_folder(out)
    assert list(labeled["id"]) == ["1", "2"]
    assert list(labeled["intent"]) == ["cancellation", "complaint"]
    assert "2 rows: 2 labeled, 0 failed" in capsys.readouterr().err
    assert main([*args, "-o", str(out)]) == 1  # the folder is not empty: nothing is overwritten
    assert "not an empty folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main([*args, "-o", str(tmp_path / "x.csv")])
    assert usage.value.code == 2
    assert main(["label", str(lake / "tickets"), "--engine", "dask", "--scheduler", client.scheduler.address,
                 "-q", "-o", str(tmp_path / "lake_out")]) == 3  # fmt: skip

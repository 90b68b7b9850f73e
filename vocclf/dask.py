"""Label on any dask.distributed cluster: a Dask DataFrame, or files into Parquet parts.

    import dask.dataframe as dd
    import vocclf.dask

    ddf = dd.read_parquet("tickets/")
    labeled = vocclf.dask.label_frame(ddf, "body", id_column="ticket_id")
    labeled.to_parquet("labeled/")

    # or, as `vocclf label tickets/ --engine dask -o labeled/` does:
    vocclf.dask.label_files(["tickets/"], "labeled/")

Needs ``pip install "vocclf[dask]"``. Importing ``vocclf`` never imports Dask.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vocclf._worker_cache import ModelRef, cached_model
from vocclf.io.parquet import write_parquet
from vocclf.io.parts import Part, plan_parts, read_part
from vocclf.io.writers import OUTPUT_FIELDS
from vocclf.labeling import LABEL_DTYPES, LabelSummary, check_text_column, label_records
from vocclf.labeling import label_frame as _label_pandas

__all__ = ["PartResult", "label_files", "label_frame"]

_MAX_PROBLEMS = 20


def label_frame(
    ddf: Any,
    text_column: str,
    model: str | os.PathLike[str] | None = None,
    id_column: str | None = None,
    *,
    clean: bool = True,
) -> Any:
    """Label a Dask DataFrame lazily; each partition goes through :func:`vocclf.label_frame`.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        The data; partitions are labeled where they live.
    text_column : str
        Column with the texts; a missing or non-string value gives its row an ``error``.
    model : str or path-like, optional
        Model folder, readable by every worker (a shared file system or the same path
        on each machine); the shipped model when None. Each worker process loads it
        once, checked against the SHA-256 seen when the job was built.
    id_column : str, optional
        Column used as the row id in error messages.
    clean : bool, default=True
        Strip quoted replies and signatures first.

    Returns
    -------
    dask.dataframe.DataFrame
        ``ddf`` with ``intent``, ``confidence``, ``reason``, ``reason_confidence``,
        ``needs_review`` and ``error`` added (dtypes of ``vocclf.labeling.LABEL_DTYPES``);
        nothing runs until it is computed or written.
    """
    import pandas as pd

    check_text_column(ddf.columns, text_column)
    ref = ModelRef.of(model)
    meta = ddf._meta.copy()
    for column, dtype in LABEL_DTYPES.items():
        meta[column] = pd.Series([], dtype=dtype)
    return ddf.map_partitions(_label_partition, text_column, ref, id_column, clean, meta=meta)


def _label_partition(df: Any, text_column: str, ref: ModelRef, id_column: str | None, clean: bool) -> Any:
    return _label_pandas(df, text_column, cached_model(ref), id_column, clean=clean)


@dataclass(frozen=True)
class _PartJob:
    """What every part task needs besides its part: small, sent with each task."""

    output: str
    width: int
    ref: ModelRef
    text_column: str | None
    id_column: str | None
    encoding: str | None
    include_text: bool
    mask_pii: bool
    clean: bool


@dataclass
class PartResult:
    """What one labeled part reports back to the client.

    Attributes
    ----------
    part : Part
        The stretch of input.
    file : str
        The Parquet file written.
    summary : LabelSummary
        Its counts.
    problems : list of (source, id, error)
        Its first rows with an ``error`` (at most 20), for warnings by file and id.
    """

    part: Part
    file: str
    summary: LabelSummary
    problems: list[tuple[str, str, str]] = field(default_factory=list)


def label_files(
    inputs: Sequence[str],
    output: str | os.PathLike[str],
    *,
    model: str | os.PathLike[str] | None = None,
    client: Any = None,
    n_workers: int | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    encoding: str | None = None,
    include_text: bool = False,
    mask_pii: bool = False,
    clean: bool = True,
    rows_per_part: int = 50_000,
    on_part: Callable[[PartResult], None] | None = None,
) -> LabelSummary:
    """Label files on a Dask cluster into a folder of Parquet files, one per input part.

    The same readers and the same output rows as ``vocclf label``, run as one task per
    part (a Parquet file is split by row groups, a folder of ``.eml`` by chunks of
    files, any other file is one part). Each task reads its part on a worker, labels it
    with the worker's cached model and writes ``part-NNNNN.parquet`` atomically, so a
    task rerun after a lost worker replaces its file: every input row is in the output
    exactly once, and reading the folder in file-name order gives the input order.

    Parameters
    ----------
    inputs : sequence of str
        Files and folders as for ``vocclf label`` (not ``-``); workers must see them at
        the same paths (a shared file system on a real cluster).
    output : str or path-like
        Folder to create (or an empty one); workers must be able to write there.
    model : str or path-like, optional
        Model folder readable by the workers; the shipped model when None.
    client : distributed.Client, optional
        The cluster to use; by default the current client, else a local cluster of
        single-threaded worker processes, closed afterwards.
    n_workers : int, optional
        Worker processes of that local cluster; one per core when None.
    text_column, id_column, encoding, include_text, mask_pii, clean
        As for ``vocclf label`` (see :func:`vocclf.labeling.label_records`).
    rows_per_part : int, default=50000
        Target rows per Parquet part (whole row groups are kept together).
    on_part : callable, optional
        Called in the client with each :class:`PartResult` as parts finish (in
        completion order), e.g. for progress.

    Returns
    -------
    LabelSummary
        The counts of the whole run.

    Raises
    ------
    ValueError
        When ``output`` exists and is not an empty folder, or an input cannot be split.
    """
    import distributed

    out = Path(output)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(f"{out} exists and is not an empty folder; give a new folder for the Parquet parts")
    if mask_pii and not include_text:
        raise ValueError("mask_pii masks the text column: use it with include_text=True")
    parts = plan_parts(inputs, rows_per_part)
    out.mkdir(parents=True, exist_ok=True)
    job = _PartJob(
        str(out.resolve()),
        max(5, len(str(len(parts)))),
        ModelRef.of(model),
        text_column,
        id_column,
        encoding,
        include_text,
        mask_pii,
        clean,
    )
    with contextlib.ExitStack() as stack:
        if client is None:
            try:
                client = distributed.default_client()
            except ValueError:  # no client yet: a cluster for this call only
                cluster = stack.enter_context(
                    distributed.LocalCluster(
                        n_workers=n_workers or os.cpu_count() or 1,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                    )
                )
                client = stack.enter_context(distributed.Client(cluster))
        summary = LabelSummary()
        futures = client.map(_label_part, parts, job=job, pure=False)
        for future in distributed.as_completed(futures):
            result: PartResult = future.result()
            summary.merge(result.summary)
            if on_part is not None:
                on_part(result)
    for leftover in out.glob(".part-*.part"):  # from a task that died mid-write and was rerun
        leftover.unlink(missing_ok=True)
    return summary


def _label_part(part: Part, job: _PartJob) -> PartResult:
    records = read_part(part, text_column=job.text_column, id_column=job.id_column, encoding=job.encoding)
    rows = label_records(
        records, cached_model(job.ref), clean=job.clean, include_text=job.include_text, mask=job.mask_pii
    )
    result = PartResult(part, os.path.join(job.output, f"part-{part.index:0{job.width}d}.parquet"), LabelSummary())

    def accounted(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            result.summary.add(row)
            if row["error"] is not None and len(result.problems) < _MAX_PROBLEMS:
                result.problems.append((str(row["source"]), str(row["id"]), str(row["error"])))
            yield row

    fields = OUTPUT_FIELDS + (("text",) if job.include_text else ())
    write_parquet(accounted(rows), result.file, fields)
    return result

"""Label a Dask DataFrame on any dask.distributed cluster: one pandas batch per partition.

    import dask.dataframe as dd
    import vocclf.dask

    ddf = dd.read_parquet("tickets/")
    labeled = vocclf.dask.label_frame(ddf, "body", id_column="ticket_id")
    labeled.to_parquet("labeled/")

Needs ``pip install "vocclf[dask]"``. Importing ``vocclf`` never imports Dask.
"""

from __future__ import annotations

import os
from typing import Any

from vocclf._worker_cache import ModelRef, cached_model
from vocclf.labeling import LABEL_DTYPES, check_text_column
from vocclf.labeling import label_frame as _label_pandas

__all__ = ["label_frame"]


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

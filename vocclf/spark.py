"""Label a Spark DataFrame with an Arrow-backed ``mapInPandas``: one pandas batch at a time.

    import vocclf.spark

    sdf = spark.read.parquet("s3://lake/tickets/")
    labeled = vocclf.spark.label_frame(sdf, "body", model="/dbfs/models/vocclf", id_column="ticket_id")
    labeled.write.parquet("s3://lake/labeled/")

Needs ``pip install "vocclf[spark]"`` on the driver and the executors. Importing
``vocclf`` never imports PySpark.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from vocclf._worker_cache import ModelRef, cached_model
from vocclf.labeling import LABEL_DTYPES, check_text_column
from vocclf.labeling import label_frame as _label_pandas

__all__ = ["label_frame"]


def label_frame(
    sdf: Any,
    text_column: str,
    model: str | os.PathLike[str] | None = None,
    id_column: str | None = None,
    *,
    distribute: bool = False,
    clean: bool = True,
) -> Any:
    """Label a Spark DataFrame lazily; each Arrow batch goes through :func:`vocclf.label_frame`.

    Parameters
    ----------
    sdf : pyspark.sql.DataFrame
        The data.
    text_column : str
        Column with the texts; a null gives its row an ``error``.
    model : str or path-like, optional
        Model folder; the shipped model when None. Executors read it from the same path
        (a shared or mounted file system such as ``/dbfs/…``), or, with
        ``distribute=True``, from a copy Spark ships to each executor
        (``SparkContext.addFile``). Each executor's Python worker loads it once.
    id_column : str, optional
        Column used as the row id in error messages.
    distribute : bool, default=False
        Ship the model folder to the executors with ``SparkContext.addFile``.
    clean : bool, default=True
        Strip quoted replies and signatures first.

    Returns
    -------
    pyspark.sql.DataFrame
        ``sdf`` with ``intent`` (string), ``confidence`` (double), ``reason`` (string),
        ``reason_confidence`` (double), ``needs_review`` (boolean) and ``error``
        (string) added; nothing runs until an action.
    """
    from pyspark.sql.types import BooleanType, DoubleType, StringType, StructField, StructType

    check_text_column(sdf.columns, text_column)
    clash = [c for c in LABEL_DTYPES if c in sdf.columns]
    if clash:
        raise ValueError(f"the frame already has {clash}; rename or drop them first")
    ref = ModelRef.of(model)
    if distribute:
        sdf.sparkSession.sparkContext.addFile(ref.path, recursive=True)
    spark_type = {"string": StringType(), "float64": DoubleType(), "boolean": BooleanType()}
    schema = StructType(
        [*sdf.schema.fields, *(StructField(c, spark_type[t], nullable=True) for c, t in LABEL_DTYPES.items())]
    )

    def label_batches(batches: Iterator[Any]) -> Iterator[Any]:
        model = cached_model(_on_executor(ref, distribute))
        for batch in batches:
            yield _label_pandas(batch, text_column, model, id_column, clean=clean)

    return sdf.mapInPandas(label_batches, schema)


def _on_executor(ref: ModelRef, distributed: bool) -> ModelRef:
    """The model's path on this executor: the shipped copy when it was distributed."""
    if not distributed:
        return ref
    from pyspark import SparkFiles

    return ModelRef(SparkFiles.get(os.path.basename(ref.path)), ref.sha256)

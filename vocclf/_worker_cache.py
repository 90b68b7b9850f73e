"""One model per worker process, known by its folder and its file's SHA-256.

Engine adapters (Dask, Spark) send workers this small reference instead of the model:
each worker process loads the model on its first batch and keeps it, so the model is
never pickled per partition, and a model folder changed on disk is noticed by its hash.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vocclf.model import VocClassifier

__all__ = ["ModelRef", "cached_model", "load_count"]

_MODELS: dict[ModelRef, VocClassifier] = {}
_LOADS: Counter[ModelRef] = Counter()
_LOCK = threading.Lock()


@dataclass(frozen=True)
class ModelRef:
    """Where a worker finds the model: folder path and the model file's SHA-256 from its card."""

    path: str
    sha256: str

    @classmethod
    def of(cls, model: str | os.PathLike[str] | None) -> ModelRef:
        """Reference to the model folder ``model`` (the shipped model when None)."""
        from vocclf.model import VocClassifier
        from vocclf.persistence import default_model_path, read_card

        if isinstance(model, VocClassifier):
            raise TypeError(
                "pass the model's folder (vocclf.save(model, path)), not the model object: "
                "each worker loads it once from there instead of receiving a copy per partition"
            )
        path = os.path.abspath(default_model_path() if model is None else model)
        return cls(path, str(read_card(path)["model_sha256"]))


def cached_model(ref: ModelRef) -> VocClassifier:
    """The model of ``ref``, loaded (hash checked) on first use in this process."""
    model = _MODELS.get(ref)
    if model is None:
        with _LOCK:
            model = _MODELS.get(ref)
            if model is None:
                from vocclf.persistence import load, read_card

                sha = read_card(ref.path)["model_sha256"]
                if sha != ref.sha256:
                    raise RuntimeError(
                        f"the model in {ref.path} changed since the job started (SHA-256 {sha[:12]}…, "
                        f"expected {ref.sha256[:12]}…); rerun the job"
                    )
                model = _MODELS[ref] = load(ref.path)
                _LOADS[ref] += 1
                _log_load(ref)
    return model


def _log_load(ref: ModelRef) -> None:
    """Append "pid path" to the file named by VOCCLF_LOAD_LOG, if set: loads are counted
    across worker processes that no client can query (Spark's Python workers)."""
    log = os.environ.get("VOCCLF_LOAD_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {ref.path}\n")


def load_count(ref: ModelRef | None = None) -> int:
    """How many times this process loaded a model (``ref``'s, or any): for tests and monitoring."""
    return _LOADS[ref] if ref is not None else sum(_LOADS.values())

"""Saving and loading models, with a JSON model card that pins versions and hashes.

A model is a folder holding ``model.joblib`` and ``model_card.json``. joblib files are
pickles: loading one runs code, so load only models you trust. ``load`` checks the file's
SHA-256 against its card before unpickling, which catches corruption and tampering with
the file alone (not someone who rewrites both); :func:`verify_model` does that check
without loading.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import warnings
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib
import sklearn
from sklearn.exceptions import InconsistentVersionWarning

from vocclf._files import temp_file_beside

if TYPE_CHECKING:
    from vocclf.evaluation import EvaluationReport
    from vocclf.model import VocClassifier

__all__ = [
    "CARD_FILE",
    "MODEL_FILE",
    "ModelIntegrityError",
    "ModelVersionWarning",
    "default_model_path",
    "load",
    "read_card",
    "save",
    "verify_model",
]

MODEL_FILE = "model.joblib"
CARD_FILE = "model_card.json"
CARD_FORMAT = 1


class ModelIntegrityError(ValueError):
    """A model file does not match its card, or the card is missing or unreadable."""


class ModelVersionWarning(UserWarning):
    """A model was saved with another scikit-learn version than the one running."""


def default_model_path() -> Path:
    """Folder of the shipped default model.

    Installed from a wheel it lies inside the package (``vocclf/_models/default``); in a
    source checkout or an editable install it is the repository's ``models/default``.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_models" / "default", here.parent / "models" / "default"):
        if (candidate / MODEL_FILE).is_file():
            return candidate
    raise FileNotFoundError(
        "the default model is not installed (looked in vocclf/_models/default and models/default); "
        "reinstall vocclf, or build it with: vocclf train --with-default-corpus -o models/default"
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def save(model: VocClassifier, path: str | os.PathLike[str], *, evaluation: EvaluationReport | None = None) -> Path:
    """Save a fitted model and its card into the folder ``path``.

    The card records the vocclf, scikit-learn, SudachiPy, dictionary, NumPy and Python
    versions, the label sets, the parameters, the SHA-256 of the training data and of
    the model file, the evaluation (if given) and the creation time. Files are written
    to temporary names and renamed, so an interrupted save leaves no half-written model.

    Parameters
    ----------
    model : VocClassifier
        A fitted model.
    path : str or path-like
        Folder to create or overwrite.
    evaluation : EvaluationReport, optional
        Scores on held-out data, recorded in the card.

    Returns
    -------
    pathlib.Path
        The folder.
    """
    from sklearn.utils.validation import check_is_fitted

    from vocclf import __version__

    check_is_fitted(model)
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder} exists and is not a folder; a model is saved as a folder")
    folder.mkdir(parents=True, exist_ok=True)
    model_tmp = _write_atomic(folder, MODEL_FILE, lambda f: joblib.dump(model, f, compress=3))
    dict_name = model.features_.tokenizer_.dict_name
    card = {
        "format": CARD_FORMAT,
        "vocclf_version": __version__,
        "sklearn_version": sklearn.__version__,
        "sudachipy_version": _version("sudachipy"),
        "sudachi_dictionary": f"sudachidict_{dict_name}",
        "sudachi_dictionary_version": _version(f"sudachidict-{dict_name}"),
        "numpy_version": _version("numpy"),
        "python_version": platform.python_version(),
        "created_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "model_file": MODEL_FILE,
        "model_sha256": _sha256(model_tmp),
        "intent_labels": [str(c) for c in model.classes_],
        "reason_labels": None if model.reason_classes_ is None else [str(c) for c in model.reason_classes_],
        "cancellation_label": model.cancellation_label,
        "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()},
        "training_data": {"sha256": model.training_data_sha256_, "n_items": model.n_training_items_},
        "evaluation": None if evaluation is None else evaluation.to_dict(),
    }
    card_tmp = _write_atomic(
        folder, CARD_FILE, lambda f: f.write(json.dumps(card, ensure_ascii=False, indent=2).encode() + b"\n")
    )
    os.replace(model_tmp, folder / MODEL_FILE)
    os.replace(card_tmp, folder / CARD_FILE)
    return folder


def _write_atomic(folder: Path, name: str, write: Any) -> Path:
    """Write to a temporary file in ``folder``; the caller renames it into place."""
    fd, tmp = temp_file_beside(folder / name)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
    except BaseException:
        tmp.unlink()
        raise
    return tmp


def _locate(path: str | os.PathLike[str] | None) -> tuple[Path, Path]:
    folder = default_model_path() if path is None else Path(path)
    if folder.is_file():  # the joblib file itself was given
        folder = folder.parent
    if not folder.exists():
        raise FileNotFoundError(f"no model at {folder}")
    return folder / MODEL_FILE, folder / CARD_FILE


def read_card(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Read a model's card (the default model's when ``path`` is None)."""
    _, card_path = _locate(path)
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelIntegrityError(
            f"no model card at {card_path}; a model is a folder with {MODEL_FILE} and {CARD_FILE}"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelIntegrityError(f"the model card {card_path} is not valid JSON ({exc})") from None
    if not isinstance(card, dict) or "model_sha256" not in card:
        raise ModelIntegrityError(f"the model card {card_path} has no model_sha256 field")
    return card


def verify_model(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Check a model file's SHA-256 against its card, without loading (unpickling) it.

    Parameters
    ----------
    path : str or path-like, optional
        The model folder; None checks the shipped default model.

    Returns
    -------
    dict
        The card, when the file matches it.

    Raises
    ------
    ModelIntegrityError
        When the card is missing or unreadable, or the file's hash differs.
    FileNotFoundError
        When there is no model at ``path``.
    """
    model_path, _ = _locate(path)
    card = read_card(path)
    if not model_path.is_file():
        raise FileNotFoundError(f"no {MODEL_FILE} in {model_path.parent}")
    actual = _sha256(model_path)
    if actual != card["model_sha256"]:
        raise ModelIntegrityError(
            f"{model_path} does not match its card (SHA-256 {actual[:12]}…, card says "
            f"{str(card['model_sha256'])[:12]}…): the file was changed or damaged after saving. "
            "Do not load it; save or download the model again."
        )
    return card


def load(path: str | os.PathLike[str] | None = None, *, verify: bool = True) -> VocClassifier:
    """Load a saved model; with no path, the shipped default model.

    Loading unpickles the file, which can run code: load only models you trust.

    Parameters
    ----------
    path : str or path-like, optional
        A model folder made by :func:`save` (or its ``model.joblib``).
    verify : bool, default=True
        Check the file's SHA-256 against the card first and refuse a mismatch.

    Returns
    -------
    VocClassifier

    Raises
    ------
    ModelIntegrityError
        The file does not match its card, or is not a vocclf model.
    FileNotFoundError
        There is no model at ``path``.

    Warns
    -----
    ModelVersionWarning
        The model was saved with another scikit-learn version; it may fail or behave
        differently. Retrain it with the running version.
    """
    from vocclf.model import VocClassifier

    model_path, _ = _locate(path)
    card = verify_model(path) if verify else {}
    saved_with = card.get("sklearn_version")
    with warnings.catch_warnings():
        # Replaced by one clearer warning below.
        warnings.filterwarnings("ignore", category=InconsistentVersionWarning)
        try:
            model = joblib.load(model_path)
        except Exception as exc:  # a damaged pickle can raise almost anything
            raise ModelIntegrityError(f"could not read the model {model_path}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(model, VocClassifier):
        raise ModelIntegrityError(f"{model_path} holds a {type(model).__name__}, not a vocclf model")
    if card and card.get("intent_labels") != [str(c) for c in model.classes_]:
        raise ModelIntegrityError(
            f"the card of {model_path.parent} lists intents {card.get('intent_labels')}, the model has "
            f"{[str(c) for c in model.classes_]}: the card belongs to another model"
        )
    if saved_with is not None and saved_with != sklearn.__version__:
        warnings.warn(
            f"the model at {model_path.parent} was saved with scikit-learn {saved_with}, but "
            f"{sklearn.__version__} is running; predictions may differ or fail. Retrain it with "
            f"this version (vocclf train ... -o {model_path.parent}) or install scikit-learn=={saved_with}.",
            ModelVersionWarning,
            stacklevel=2,
        )
    return model

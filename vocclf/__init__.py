"""vocclf: label Japanese customer inquiries (VOC) by intent and cancellation reason.

Examples
--------
>>> import vocclf
>>> clf = vocclf.load()
>>> p = clf.predict("効果を感じられないので定期を解約したいです")
>>> p.intent, p.reason
('cancellation', 'no_effect')
"""

from vocclf._version import __version__
from vocclf.datasets import fingerprint, load_corpus
from vocclf.evaluation import ClassReport, CrossValidationResult, EvaluationReport, cross_validate, evaluate
from vocclf.model import VocClassifier, train
from vocclf.persistence import (
    ModelIntegrityError,
    ModelVersionWarning,
    load,
    read_card,
    save,
    verify_model,
)
from vocclf.prediction import Explanation, Prediction
from vocclf.tokenizer import SudachiTokenizer, normalize_text

__all__ = [
    "ClassReport",
    "CrossValidationResult",
    "EvaluationReport",
    "Explanation",
    "ModelIntegrityError",
    "ModelVersionWarning",
    "Prediction",
    "SudachiTokenizer",
    "VocClassifier",
    "__version__",
    "cross_validate",
    "evaluate",
    "fingerprint",
    "load",
    "load_corpus",
    "normalize_text",
    "read_card",
    "save",
    "train",
    "verify_model",
]

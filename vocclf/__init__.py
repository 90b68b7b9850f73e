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
from vocclf.cleaning import clean_text
from vocclf.datasets import fingerprint, load_corpus
from vocclf.evaluation import ClassReport, CrossValidationResult, EvaluationReport, cross_validate, evaluate
from vocclf.io import Record, read_records
from vocclf.labeling import label_frame, label_records
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
    "Record",
    "SudachiTokenizer",
    "VocClassifier",
    "__version__",
    "clean_text",
    "cross_validate",
    "evaluate",
    "fingerprint",
    "label_frame",
    "label_records",
    "load",
    "load_corpus",
    "normalize_text",
    "read_card",
    "read_records",
    "save",
    "train",
    "verify_model",
]

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
from vocclf.active import ActiveLearningResult, rank_uncertain, simulate_active_learning, uncertainty
from vocclf.cleaning import clean_text
from vocclf.datasets import fingerprint, load_corpus, load_themes_check
from vocclf.evaluation import (
    ClassReport,
    CrossValidationResult,
    EvaluationReport,
    coverage_curve,
    cross_validate,
    evaluate,
    learning_curve,
    misclassified,
)
from vocclf.features import TextFeatures
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
from vocclf.pii import mask_pii
from vocclf.prediction import Explanation, Prediction
from vocclf.report import VocReport, build_report, read_labeled_rows
from vocclf.terms import content_words
from vocclf.themes import Theme, Themes, find_themes, theme_groups
from vocclf.tokenizer import SudachiTokenizer, normalize_text

__all__ = [
    "ActiveLearningResult",
    "ClassReport",
    "CrossValidationResult",
    "EvaluationReport",
    "Explanation",
    "ModelIntegrityError",
    "ModelVersionWarning",
    "Prediction",
    "Record",
    "SudachiTokenizer",
    "TextFeatures",
    "Theme",
    "Themes",
    "VocClassifier",
    "VocReport",
    "__version__",
    "build_report",
    "clean_text",
    "content_words",
    "coverage_curve",
    "cross_validate",
    "evaluate",
    "find_themes",
    "fingerprint",
    "label_frame",
    "label_records",
    "learning_curve",
    "load",
    "load_corpus",
    "load_themes_check",
    "mask_pii",
    "misclassified",
    "normalize_text",
    "rank_uncertain",
    "read_card",
    "read_labeled_rows",
    "read_records",
    "save",
    "simulate_active_learning",
    "theme_groups",
    "train",
    "uncertainty",
    "verify_model",
]

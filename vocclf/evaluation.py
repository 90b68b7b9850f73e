"""Quality reports: per-class precision/recall/F1, macro-F1 and confusion matrices."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from vocclf._validation import check_labels, check_texts

if TYPE_CHECKING:
    from vocclf.model import VocClassifier

__all__ = ["ClassReport", "EvaluationReport", "class_report", "evaluate"]


@dataclass(frozen=True)
class ClassReport:
    """Scores of one head (intent or reason).

    Attributes
    ----------
    labels : tuple of str
        The labels, in the order of the confusion matrix rows and columns.
    precision, recall, f1 : dict of str to float
        Per-label scores.
    support : dict of str to int
        Per-label number of true examples.
    macro_f1 : float
        Unweighted mean of the per-label F1.
    accuracy : float
        Share of correct labels.
    confusion : tuple of tuple of int
        ``confusion[i][j]``: examples of ``labels[i]`` predicted as ``labels[j]``.
    """

    labels: tuple[str, ...]
    precision: dict[str, float]
    recall: dict[str, float]
    f1: dict[str, float]
    support: dict[str, int]
    macro_f1: float
    accuracy: float
    confusion: tuple[tuple[int, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serializable form."""
        return {
            "labels": list(self.labels),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
            "confusion": [list(r) for r in self.confusion],
        }

    def to_text(self, title: str) -> str:
        """A fixed-width table, as printed by ``vocclf evaluate``."""
        width = max(12, *(len(label) for label in self.labels))
        lines = [f"{title}: macro-F1 {self.macro_f1:.3f}, accuracy {self.accuracy:.3f}"]
        lines.append(f"  {'label':<{width}} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
        for label in self.labels:
            lines.append(
                f"  {label:<{width}} {self.precision[label]:>9.3f} {self.recall[label]:>7.3f}"
                f" {self.f1[label]:>6.3f} {self.support[label]:>8d}"
            )
        lines.append("  confusion (rows: true, columns: predicted)")
        lines.append("  " + " " * width + "".join(f" {label[:8]:>8}" for label in self.labels))
        for label, row in zip(self.labels, self.confusion, strict=False):
            lines.append(f"  {label:<{width}}" + "".join(f" {n:>8d}" for n in row))
        return "\n".join(lines)


@dataclass(frozen=True)
class EvaluationReport:
    """How a model scores on labeled data.

    Attributes
    ----------
    n_items : int
        Number of evaluated texts.
    intent : ClassReport
        Intent scores over all texts.
    reason : ClassReport or None
        Reason-head scores over the texts whose *true* intent is cancellation (so the
        reason head is judged on its own, not on the intent head's mistakes); None when
        no reasons were given or the model has no reason head.
    """

    n_items: int
    intent: ClassReport
    reason: ClassReport | None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serializable form."""
        return {
            "n_items": self.n_items,
            "intent": self.intent.to_dict(),
            "reason": None if self.reason is None else self.reason.to_dict(),
        }

    def __str__(self) -> str:
        parts = [f"{self.n_items} items", self.intent.to_text("intent")]
        if self.reason is not None:
            parts.append(self.reason.to_text("cancellation reason"))
        return "\n".join(parts)


def class_report(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None) -> ClassReport:
    """Per-class scores and confusion matrix of one labeling.

    Parameters
    ----------
    y_true, y_pred : sequence of str
        True and predicted labels.
    labels : sequence of str, optional
        Label order; defaults to the sorted union of both.

    Returns
    -------
    ClassReport
    """
    label_list = sorted(set(y_true) | set(y_pred)) if labels is None else list(labels)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=label_list, zero_division=0)
    cm = confusion_matrix(y_true, y_pred, labels=label_list)
    return ClassReport(
        labels=tuple(label_list),
        precision={k: float(v) for k, v in zip(label_list, p, strict=False)},
        recall={k: float(v) for k, v in zip(label_list, r, strict=False)},
        f1={k: float(v) for k, v in zip(label_list, f, strict=False)},
        support={k: int(v) for k, v in zip(label_list, s, strict=False)},
        macro_f1=float(np.mean(f)) if len(f) else 0.0,
        accuracy=float(np.mean(np.asarray(y_true) == np.asarray(y_pred))) if len(y_true) else 0.0,
        confusion=tuple(tuple(int(n) for n in row) for row in cm),
    )


def evaluate(
    model: VocClassifier, texts: Iterable[str], intents: Iterable[str], reasons: Iterable[Any] | None = None
) -> EvaluationReport:
    """Score a fitted model on labeled texts.

    Parameters
    ----------
    model : VocClassifier
        A fitted model.
    texts : iterable of str
        Texts to label.
    intents : iterable of str
        True intents.
    reasons : iterable, optional
        True reasons (None on non-cancellation rows).

    Returns
    -------
    EvaluationReport
    """
    text_list = check_texts(texts)
    intent_list, reason_list = check_labels(text_list, intents, reasons, model.cancellation_label)
    intent_p, reason_p = model._probabilities(text_list, all_reasons=True)
    predicted = [str(c) for c in model.classes_[intent_p.argmax(axis=1)]]
    intent_labels = sorted(set(map(str, model.classes_)) | set(intent_list))
    intent_report = class_report(intent_list, predicted, intent_labels)
    reason_report = None
    if reason_list is not None and reason_p is not None and model.reason_classes_ is not None:
        rows = [i for i, y in enumerate(intent_list) if y == model.cancellation_label]
        if rows:
            true = [str(reason_list[i]) for i in rows]
            pred = [str(c) for c in model.reason_classes_[reason_p[rows].argmax(axis=1)]]
            labels = sorted(set(map(str, model.reason_classes_)) | set(true))
            reason_report = class_report(true, pred, labels)
    return EvaluationReport(n_items=len(text_list), intent=intent_report, reason=reason_report)


@dataclass(frozen=True)
class CrossValidationResult:
    """Scores from stratified k-fold cross-validation.

    Attributes
    ----------
    folds : tuple of EvaluationReport
        One report per held-out fold.
    intent_macro_f1 : float
        Mean intent macro-F1 over the folds.
    intent_macro_f1_std : float
        Its standard deviation.
    reason_macro_f1 : float or None
        Mean reason macro-F1 over the folds (None without reasons).
    predicted_intents : tuple of str
        Out-of-fold intent predictions, aligned with the input: each text labeled by
        the model that did not see it. Use them to list the misclassified examples.
    """

    folds: tuple[EvaluationReport, ...]
    intent_macro_f1: float
    intent_macro_f1_std: float
    reason_macro_f1: float | None
    predicted_intents: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serializable form (fold reports included)."""
        return {
            "intent_macro_f1": self.intent_macro_f1,
            "intent_macro_f1_std": self.intent_macro_f1_std,
            "reason_macro_f1": self.reason_macro_f1,
            "folds": [f.to_dict() for f in self.folds],
        }


def cross_validate(
    texts: Iterable[str],
    intents: Iterable[str],
    reasons: Iterable[Any] | None = None,
    *,
    cv: int = 5,
    random_state: int = 0,
    **params: Any,
) -> CrossValidationResult:
    """Stratified k-fold cross-validation of a :class:`VocClassifier` configuration.

    Parameters
    ----------
    texts, intents, reasons
        Labeled data, as for :func:`vocclf.train`.
    cv : int, default=5
        Number of folds. Every intent label needs at least ``cv`` examples.
    random_state : int, default=0
        Seed of the fold shuffle.
    **params
        :class:`VocClassifier` parameters.

    Returns
    -------
    CrossValidationResult
    """
    from sklearn.model_selection import StratifiedKFold

    from vocclf.model import VocClassifier

    text_list = check_texts(texts)
    cancellation = params.get("cancellation_label", "cancellation")
    intent_list, reason_list = check_labels(text_list, intents, reasons, cancellation)
    counts = {label: intent_list.count(label) for label in set(intent_list)}
    few = sorted(f"{label!r} ({n})" for label, n in counts.items() if n < cv)
    if few:
        raise ValueError(
            f"{cv}-fold cross-validation needs at least {cv} examples per intent; too few: {', '.join(few)}"
        )
    folds = StratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    reports = []
    predicted = [""] * len(text_list)
    for train_idx, test_idx in folds.split(text_list, intent_list):
        model = VocClassifier(**params).fit(
            [text_list[i] for i in train_idx],
            [intent_list[i] for i in train_idx],
            None if reason_list is None else [reason_list[i] for i in train_idx],
        )
        held_out = [text_list[i] for i in test_idx]
        report = evaluate(
            model,
            held_out,
            [intent_list[i] for i in test_idx],
            None if reason_list is None else [reason_list[i] for i in test_idx],
        )
        reports.append(report)
        for i, label in zip(test_idx, model.predict(held_out), strict=True):
            predicted[i] = str(label)
    intent_f1 = [r.intent.macro_f1 for r in reports]
    reason_f1 = [r.reason.macro_f1 for r in reports if r.reason is not None]
    return CrossValidationResult(
        folds=tuple(reports),
        intent_macro_f1=float(np.mean(intent_f1)),
        intent_macro_f1_std=float(np.std(intent_f1)),
        reason_macro_f1=float(np.mean(reason_f1)) if reason_f1 else None,
        predicted_intents=tuple(predicted),
    )


def coverage_curve(
    model: VocClassifier, texts: Iterable[str], intents: Iterable[str], thresholds: Sequence[float] | None = None
) -> list[dict[str, float]]:
    """Accuracy of the predictions kept automatically, for each review threshold.

    For a threshold t, texts whose intent confidence is at least t are labeled
    automatically (coverage = their share) and the rest go to a person. Use it to pick
    ``review_threshold``: the lowest t whose accuracy your desk accepts.

    Returns
    -------
    list of dict
        ``{"threshold", "coverage", "accuracy", "n_kept"}`` per threshold (accuracy is
        NaN where nothing is kept).
    """
    text_list = check_texts(texts)
    truth = np.asarray(list(intents))
    proba = model.predict_proba(text_list)
    predicted = model.classes_[proba.argmax(axis=1)]
    confidence = proba.max(axis=1)
    points = []
    for t in np.linspace(0.25, 0.95, 15) if thresholds is None else thresholds:
        kept = confidence >= t
        n_kept = int(kept.sum())
        accuracy = float((predicted[kept] == truth[kept]).mean()) if n_kept else float("nan")
        points.append(
            {"threshold": float(t), "coverage": n_kept / max(len(text_list), 1), "accuracy": accuracy, "n_kept": n_kept}
        )
    return points


def misclassified(
    model: VocClassifier, texts: Sequence[str], intents: Sequence[str], ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The texts whose predicted intent differs from the label, most confident first.

    Returns
    -------
    list of dict
        ``{"id", "text", "label", "predicted", "confidence"}``; most confident mistakes
        first, which are the likeliest labeling errors or missing patterns.
    """
    text_list = check_texts(texts)
    predictions = model.predict_many(text_list)
    rows = [
        {"id": ids[i] if ids is not None else str(i), "text": text, "label": label,
         "predicted": p.intent, "confidence": p.confidence}
        for i, (text, label, p) in enumerate(zip(text_list, intents, predictions, strict=True))
        if p.intent != label
    ]  # fmt: skip
    return sorted(rows, key=lambda r: -r["confidence"])


def learning_curve(
    texts: Sequence[str],
    intents: Sequence[str],
    *,
    sizes: Sequence[int] = (250, 500, 1000, 2000),
    cv: int = 3,
    random_state: int = 0,
    **params: Any,
) -> list[dict[str, float]]:
    """Cross-validated intent macro-F1 when training on growing random subsets.

    Tells how many labeled examples are worth it: where the curve flattens, more of the
    same kind of labels buys little. Sizes above the training part of a fold are skipped.
    Each subset holds the minimum examples per label that training needs (so a rare
    custom label survives small sizes) and is filled up at random. Only the intent head
    is trained (small subsets rarely hold every reason).

    Returns
    -------
    list of dict
        ``{"n_train", "intent_macro_f1", "intent_macro_f1_std"}`` per size.
    """
    from sklearn.model_selection import StratifiedKFold

    from vocclf.model import VocClassifier

    text_list = check_texts(texts)
    intent_list, _ = check_labels(text_list, intents, None, "")
    folds = list(StratifiedKFold(cv, shuffle=True, random_state=random_state).split(text_list, intent_list))
    minimum = VocClassifier(**params)._min_per_class()
    rng = np.random.default_rng(random_state)
    points = []
    for size in sizes:
        scores = []
        for train_idx, test_idx in folds:
            if size > len(train_idx):
                break
            shuffled = [int(i) for i in rng.permutation(train_idx)]
            subset = []
            for label in sorted(set(intent_list)):
                subset += [i for i in shuffled if intent_list[i] == label][:minimum]
            taken = set(subset)
            subset += [i for i in shuffled if i not in taken][: max(0, size - len(subset))]
            model = VocClassifier(**params).fit([text_list[i] for i in subset], [intent_list[i] for i in subset])
            predicted = [str(y) for y in model.predict([text_list[i] for i in test_idx])]
            scores.append(class_report([intent_list[i] for i in test_idx], predicted).macro_f1)
        if len(scores) == len(folds):
            points.append({"n_train": size, "intent_macro_f1": float(np.mean(scores)),
                           "intent_macro_f1_std": float(np.std(scores))})  # fmt: skip
    return points

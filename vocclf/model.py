"""The two-level classifier: intent over all inquiries, reason over cancellations."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from vocclf._validation import check_labels, check_text, check_texts, too_few
from vocclf.datasets import fingerprint
from vocclf.features import TextFeatures
from vocclf.prediction import Explanation, Prediction

if TYPE_CHECKING:
    from vocclf.evaluation import EvaluationReport

__all__ = ["VocClassifier", "train"]

# Texts per task sent to a worker process: large enough to amortize the round trip.
_CHUNK = 500


class VocClassifier(ClassifierMixin, BaseEstimator):
    """Classify Japanese customer inquiries by intent and cancellation reason.

    A scikit-learn estimator: word TF-IDF over SudachiPy tokens and character n-gram
    TF-IDF feed a linear classifier with calibrated probabilities. A second linear head,
    trained on the cancellations only, gives the reason. Labels are learned from the
    training data (``classes_``, ``reason_classes_``), so a team can retrain with its own.

    ``predict`` follows scikit-learn on a list of texts (an array of intent labels, for
    ``GridSearchCV`` and friends) and returns a :class:`Prediction` for a single string.

    Parameters
    ----------
    classifier : {"svm", "logreg"}, default="svm"
        ``"svm"``: LinearSVC with probabilities calibrated by sigmoid
        CalibratedClassifierCV over 3 folds (needs 3 examples per label).
        ``"logreg"``: multinomial LogisticRegression (2 examples per label). The
        default was chosen by cross-validated macro-F1 (docs/model_selection.md).
    C : float, default=3.0
        Inverse regularization strength of the intent head.
    reason_C : float or None, default=None
        The same for the reason head; None uses ``C``.
    class_weight : {"balanced"} or None, default=None
        Class weighting for both heads.
    tokenizer_mode : {"A", "B", "C"}, default="C"
        Sudachi split mode of the word features.
    word_ngram_range, char_ngram_range : tuple of int
        N-gram sizes of the word and character features.
    min_df : int, default=2
        Minimum document frequency of a feature; 2 drops one-off n-grams (order
        numbers, names, typos), which halves the model's size at no loss in CV.
    max_features : int or None, default=None
        Cap on each vectorizer's vocabulary.
    review_threshold : float, default=0.5
        Predictions whose intent confidence is below this get ``needs_review=True``.
    cancellation_label : str, default="cancellation"
        The intent whose rows train the reason head and get a reason.
    random_state : int, default=0
        Seed for the SVM and the calibration folds: the same data gives the same model.

    Attributes
    ----------
    classes_ : ndarray of str
        Intent labels.
    reason_classes_ : ndarray of str or None
        Reason labels; None when the model was trained without reasons.
    features_ : TextFeatures
        The fitted word and character n-gram features.
    intent_model_, reason_model_ : estimator
        The fitted linear heads (``reason_model_`` is None without reasons).
    training_data_sha256_ : str
        Fingerprint of the training texts and labels (see :func:`vocclf.fingerprint`).
    n_training_items_ : int
        Number of training items.

    Examples
    --------
    >>> import vocclf
    >>> clf = vocclf.load()
    >>> clf.predict("効果を感じられないので定期を解約したいです").intent
    'cancellation'
    """

    def __init__(
        self,
        classifier: str = "svm",
        C: float = 3.0,
        reason_C: float | None = None,
        class_weight: str | None = None,
        tokenizer_mode: str = "C",
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (1, 3),
        min_df: int = 2,
        max_features: int | None = None,
        review_threshold: float = 0.5,
        cancellation_label: str = "cancellation",
        random_state: int = 0,
    ) -> None:
        self.classifier = classifier
        self.C = C
        self.reason_C = reason_C
        self.class_weight = class_weight
        self.tokenizer_mode = tokenizer_mode
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.review_threshold = review_threshold
        self.cancellation_label = cancellation_label
        self.random_state = random_state

    # ------------------------------------------------------------------ fitting
    def fit(self, X: Iterable[str], y: Iterable[str], reasons: Iterable[Any] | None = None) -> VocClassifier:
        """Fit both heads.

        Parameters
        ----------
        X : iterable of str
            Inquiry texts.
        y : iterable of str
            Intent labels.
        reasons : iterable of str or None, optional
            Cancellation reasons, aligned with ``X``: a label where ``y`` is
            ``cancellation_label``, None (or NaN, or "") elsewhere. Without it the model
            predicts no reasons.

        Returns
        -------
        self : VocClassifier
        """
        if self.classifier not in ("logreg", "svm"):
            raise ValueError(f"classifier must be 'logreg' or 'svm', got {self.classifier!r}")
        texts = check_texts(X)
        intents, reason_list = check_labels(texts, y, reasons, self.cancellation_label)
        # Identical labeled rows (auto-replies, resubmitted forms) are learned once with
        # their count as weight: the same loss as the repeats for the linear heads, one
        # tokenization, and no copy of a row on both sides of a calibration fold.
        reason_of = reason_list if reason_list is not None else [None] * len(texts)
        weights = Counter(zip(texts, intents, reason_of, strict=True))
        u_texts = [t for t, _, _ in weights]
        u_intents = [y for _, y, _ in weights]
        u_reasons = [r for _, _, r in weights]
        u_weights = np.fromiter(weights.values(), float, len(weights))
        _check_trainable(u_intents, "intent", self._min_per_class())
        self.features_ = TextFeatures(
            tokenizer_mode=self.tokenizer_mode,
            word_ngram_range=self.word_ngram_range,
            char_ngram_range=self.char_ngram_range,
            min_df=self.min_df,
            max_features=self.max_features,
        )
        try:
            matrix = self.features_.fit_transform(u_texts)
        except ValueError as exc:  # the vocabulary came out empty
            raise ValueError(
                f"too little text to learn from ({exc}); add training texts or lower min_df (now {self.min_df})"
            ) from exc
        self.intent_model_ = self._linear(self.C).fit(matrix, u_intents, sample_weight=u_weights)
        self.classes_ = self.intent_model_.classes_
        self.reason_model_: Any = None
        self.reason_classes_: np.ndarray | None = None
        if reason_list is not None:
            rows = [i for i, yi in enumerate(u_intents) if yi == self.cancellation_label]
            if rows:
                labels = [u_reasons[i] for i in rows]
                _check_trainable(labels, "reason", self._min_per_class())
                c = self.C if self.reason_C is None else self.reason_C
                self.reason_model_ = self._linear(c).fit(matrix[rows], labels, sample_weight=u_weights[rows])
                self.reason_classes_ = self.reason_model_.classes_
        self.training_data_sha256_ = fingerprint(texts, intents, reason_list)
        self.n_training_items_ = len(texts)
        return self

    def _min_per_class(self) -> int:
        return 2 if self.classifier == "logreg" else 3

    def _linear(self, c: float) -> Any:
        if self.classifier == "logreg":
            return LogisticRegression(C=c, class_weight=self.class_weight, max_iter=2000)
        svm = LinearSVC(C=c, class_weight=self.class_weight, random_state=self.random_state)
        folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=self.random_state)
        return CalibratedClassifierCV(svm, method="sigmoid", cv=folds)

    # --------------------------------------------------------------- predicting
    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Intent probabilities, one row per text, columns in ``classes_`` order."""
        check_is_fitted(self)
        return self._probabilities(check_texts(X))[0]

    def predict(self, X: str | Iterable[str]) -> Any:  # Prediction or ndarray
        """Label one text, or a list of texts the scikit-learn way.

        Parameters
        ----------
        X : str or iterable of str
            One inquiry, or several.

        Returns
        -------
        Prediction or ndarray
            For a single ``str``, a :class:`Prediction` with intent, reason and
            probabilities. For an iterable, an array of intent labels, as scikit-learn
            estimators return (use :meth:`predict_many` for Prediction objects).

        Raises
        ------
        TypeError
            If a text is None, bytes or not a str.
        """
        if isinstance(X, str):
            return self.predict_many([X])[0]
        if X is None or isinstance(X, (bytes, bytearray)):
            check_text(X, "X")  # raises, naming the problem
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]

    def predict_many(self, texts: Iterable[str], n_jobs: int = 1) -> list[Prediction]:
        """Label many texts, keeping their order.

        Parameters
        ----------
        texts : iterable of str
            The inquiries.
        n_jobs : int, default=1
            Worker processes; -1 uses every core. Workers are forked where the platform
            allows, so the model is not copied or reloaded.

        Returns
        -------
        list of Prediction
            One per text, in input order. Empty or whitespace-only texts get the model's
            answer for no evidence, with ``needs_review=True``.

        Raises
        ------
        TypeError
            If any text is not a str (the message names its index).
        RuntimeError
            If a worker process dies; no partial result is returned.
        """
        check_is_fitted(self)
        texts = check_texts(texts)
        with _Predictor(self, _effective_jobs(n_jobs, len(texts))) as predictor:
            return predictor.submit(texts)()

    def _probabilities(self, texts: list[str], all_reasons: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """Intent and reason probabilities; reasons only for predicted cancellations
        (other rows NaN) unless ``all_reasons``, as evaluation against true labels needs."""
        n_reasons = 0 if self.reason_classes_ is None else len(self.reason_classes_)
        if not texts:
            return np.empty((0, len(self.classes_))), (None if self.reason_model_ is None else np.empty((0, n_reasons)))
        matrix = self.features_.transform(texts)
        intent_p = _as_distribution(self.intent_model_.predict_proba(matrix))
        if self.reason_model_ is None:
            return intent_p, None
        if all_reasons:
            return intent_p, _as_distribution(self.reason_model_.predict_proba(matrix))
        rows = np.flatnonzero(self.classes_[intent_p.argmax(axis=1)] == self.cancellation_label)
        reason_p = np.full((len(texts), n_reasons), np.nan)
        if len(rows):
            reason_p[rows] = _as_distribution(self.reason_model_.predict_proba(matrix[rows]))
        return intent_p, reason_p

    def _to_predictions(
        self, texts: Sequence[str], intent_p: np.ndarray, reason_p: np.ndarray | None
    ) -> list[Prediction]:
        labels = [str(c) for c in self.classes_]
        reason_labels = None if self.reason_classes_ is None else [str(c) for c in self.reason_classes_]
        best = intent_p.argmax(axis=1)
        out = []
        for i, text in enumerate(texts):
            k = int(best[i])
            intent, confidence = labels[k], float(intent_p[i, k])
            reason = reason_conf = None
            if intent == self.cancellation_label and reason_p is not None and reason_labels is not None:
                r = int(reason_p[i].argmax())
                reason, reason_conf = reason_labels[r], float(reason_p[i, r])
            out.append(
                Prediction(
                    intent=intent,
                    confidence=confidence,
                    reason=reason,
                    reason_confidence=reason_conf,
                    needs_review=confidence < self.review_threshold or not text.strip(),
                    probabilities=dict(zip(labels, intent_p[i].tolist(), strict=False)),
                )
            )
        return out

    # -------------------------------------------------------------- explaining
    def explain(self, text: str, top: int = 10) -> Explanation:
        """Show the features of ``text`` that pushed its intent and reason.

        Parameters
        ----------
        text : str
            One inquiry.
        top : int, default=10
            How many features to list per head, strongest first.

        Returns
        -------
        Explanation
            The prediction and, per head, the text's features with their contribution
            (TF-IDF value × the class's weight in the linear model).
        """
        prediction = self.predict(check_text(text))
        row = self.features_.transform([text])
        names = self._feature_names()
        intent_feats = _contributions(self.intent_model_, row, prediction.intent, names, top)
        reason_feats: tuple[tuple[str, float], ...] = ()
        if prediction.reason is not None:
            reason_feats = _contributions(self.reason_model_, row, prediction.reason, names, top)
        return Explanation(prediction, intent_feats, reason_feats)

    def top_features(self, n: int = 15, head: str = "intent") -> dict[str, list[tuple[str, float]]]:
        """The features with the largest weight toward each label: what the model learned.

        Parameters
        ----------
        n : int, default=15
            Features per label.
        head : {"intent", "reason"}, default="intent"
            Which head.

        Returns
        -------
        dict of str to list of (str, float)
            Per label, ``(feature name, weight)`` strongest first.
        """
        check_is_fitted(self)
        if head not in ("intent", "reason"):
            raise ValueError(f"head must be 'intent' or 'reason', got {head!r}")
        model, labels = (
            (self.intent_model_, self.classes_) if head == "intent" else (self.reason_model_, self.reason_classes_)
        )
        if model is None or labels is None:
            raise ValueError("this model was trained without reasons")
        names = self._feature_names()
        out = {}
        for label in labels:
            weights = _class_weights(model, str(label))
            best = np.argsort(-weights)[:n]
            out[str(label)] = [(str(names[j]), float(weights[j])) for j in best]
        return out

    def _feature_names(self) -> np.ndarray:
        names = getattr(self, "_names_cache", None)
        if names is None:
            names = self.features_.get_feature_names_out()
            self._names_cache = names
        return names

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_names_cache", None)  # derived, and large: rebuilt on demand
        return state

    # -------------------------------------------------------------- evaluating
    def evaluate(
        self, texts: Iterable[str], intents: Iterable[str], reasons: Iterable[Any] | None = None
    ) -> EvaluationReport:
        """Score the model on labeled data; see :func:`vocclf.evaluate`."""
        from vocclf.evaluation import evaluate

        return evaluate(self, texts, intents, reasons)

    def save(self, path: str | os.PathLike[str], *, evaluation: EvaluationReport | None = None) -> None:
        """Save the model and its card into the folder ``path``; see :func:`vocclf.save`."""
        from vocclf.persistence import save

        save(self, path, evaluation=evaluation)


def _as_distribution(proba: np.ndarray) -> np.ndarray:
    """float64 rows that sum to 1: the float32 features leave sums off by ~1e-8."""
    proba = proba.astype(np.float64)
    return proba / proba.sum(axis=1, keepdims=True)


def _check_trainable(labels: list[Any], what: str, minimum: int) -> None:
    counts = Counter(labels)
    if len(counts) < 2:
        raise ValueError(f"training needs at least two {what} labels, got {sorted(counts)}")
    few = too_few(labels, minimum)
    if few:
        raise ValueError(f"each {what} label needs at least {minimum} distinct examples; too few: {', '.join(few)}")


def _effective_jobs(n_jobs: int, n_texts: int | None = None) -> int:
    """Validate ``n_jobs`` (-1: every core), capped so each worker gets two chunks of ``n_texts``."""
    if not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive int or -1, got {n_jobs!r}")
    jobs = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
    if n_texts is None:
        return jobs
    # Below two chunks per worker, starting processes costs more than it saves.
    return max(1, min(jobs, n_texts // _CHUNK))


def _contributions(model: Any, row: Any, label: str, names: np.ndarray, top: int) -> tuple[tuple[str, float], ...]:
    weights = _class_weights(model, label)
    row = row.tocsr()
    values = row.data * weights[row.indices]
    order = np.argsort(-values)[:top]
    return tuple((str(names[row.indices[j]]), float(values[j])) for j in order)


def _class_weights(model: Any, label: str) -> np.ndarray:
    """The linear weight vector pushing toward ``label`` (averaged over calibration folds)."""
    if isinstance(model, CalibratedClassifierCV):
        estimators = [c.estimator for c in model.calibrated_classifiers_]
    else:
        estimators = [model]
    vectors = []
    for est in estimators:
        k = list(est.classes_).index(label)
        coef = est.coef_
        vectors.append(coef[0] * (1 if k == 1 else -1) if coef.shape[0] == 1 else coef[k])
    return np.mean(vectors, axis=0)


class _Predictor:
    """Labels batches on one pool of worker processes kept for a whole run.

    ``submit`` sends a batch and returns a function that waits for its predictions, so a
    caller can read and clean the next batch, or write the previous one, while the
    workers label this one. With one job it labels in the calling process.
    """

    def __init__(self, model: VocClassifier, n_jobs: int) -> None:
        self.model = model
        self.n_jobs = n_jobs
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Predictor:
        if self.n_jobs > 1:
            # Forked workers inherit the model instead of unpickling a copy each.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self.pool = ProcessPoolExecutor(
                self.n_jobs,
                mp_context=multiprocessing.get_context(method),
                initializer=_init_worker,
                initargs=(self.model,),
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def submit(self, texts: list[str]) -> Callable[[], list[Prediction]]:
        """Start labeling ``texts``; the returned function waits and gives the predictions."""
        model = self.model
        if self.pool is None or not texts:
            predictions = model._to_predictions(texts, *model._probabilities(texts))
            return lambda: predictions
        try:
            futures = [
                self.pool.submit(_worker_probabilities, texts[i : i + _CHUNK]) for i in range(0, len(texts), _CHUNK)
            ]
        except BrokenProcessPool as exc:
            raise _worker_died() from exc

        def result() -> list[Prediction]:
            try:
                parts = [future.result() for future in futures]
            except BrokenProcessPool as exc:
                raise _worker_died() from exc
            intent_p = np.vstack([intent for intent, _ in parts])
            reasons = [reason for _, reason in parts if reason is not None]
            return model._to_predictions(texts, intent_p, np.vstack(reasons) if reasons else None)

        return result


def _worker_died() -> RuntimeError:
    return RuntimeError(
        "a worker process died while labeling (killed, or out of memory); "
        "no rows were returned. Retry with n_jobs=1 or fewer texts per call."
    )


# Worker-process state: set once per process by the pool initializer.
_WORKER_MODEL: VocClassifier | None = None


def _init_worker(model: VocClassifier) -> None:
    global _WORKER_MODEL
    _WORKER_MODEL = model


def _worker_probabilities(texts: list[str]) -> tuple[np.ndarray, np.ndarray | None]:
    assert _WORKER_MODEL is not None
    return _WORKER_MODEL._probabilities(texts)


def train(
    texts: Iterable[str], intents: Iterable[str], reasons: Iterable[Any] | None = None, **params: Any
) -> VocClassifier:
    """Train a classifier on labeled inquiries.

    Parameters
    ----------
    texts : iterable of str
        Inquiry texts.
    intents : iterable of str
        Intent labels (any label set; at least two labels, three examples each with
        the default classifier).
    reasons : iterable of str or None, optional
        Cancellation reasons: a label on ``cancellation`` rows, None elsewhere.
    **params
        :class:`VocClassifier` parameters, e.g. ``C=10`` or ``classifier="svm"``.

    Returns
    -------
    VocClassifier
        The fitted model.

    Raises
    ------
    ValueError
        On inconsistent or insufficient labels, with the offending rows.

    Examples
    --------
    >>> clf = vocclf.train(texts, intents, reasons)  # doctest: +SKIP
    """
    return VocClassifier(**params).fit(texts, intents, reasons)

"""Recurring themes: what many customers ask, request or complain about, found without a list.

Within each group of messages (an intent, or a cancellation reason) the messages are
grouped by what they talk about: the content words of each message (nouns, verbs,
adjectives, negations kept; greetings, signatures, names and masked personal data
dropped), the short phrases they form and the kanji they are written with (割れる and
破損 share nothing, 漏れる and 液漏れ share 漏), weighted by TF-IDF over all the
messages, so words every group uses (商品, 定期) weigh little. The groups are found by
spectral clustering of the graph that links each message to its nearest neighbours, the
number of themes chosen by modularity within bounds; themes too small to recur, and
messages far from every theme, go to その他. Each theme is named by its most
characteristic terms, with its size, share, representative messages (masked) and, when
dates are given, its trend and whether it is rising now. docs/themes.md compares the
method with k-means and NMF on a check set written for it.
"""

from __future__ import annotations

import csv
import json
import logging
import math
import os
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from vocclf._validation import is_missing
from vocclf.pii import excerpt, mask_pii
from vocclf.terms import central_members, distinctive_terms, term_lists
from vocclf.trends import all_periods, choose_unit, parse_date, period_key, rises

__all__ = ["OTHER", "Theme", "Themes", "find_themes", "theme_groups"]

logger = logging.getLogger(__name__)

OTHER = "その他"
METHODS = ("spectral", "kmeans", "nmf")
_LABEL_TERMS = 3
_TERMS = 8
_EXAMPLES = 5
_LSA_DIMS = 100
_SAMPLE = 2_000  # messages per group the clusters are found on; the rest join the closest
_NEIGHBOURS = 8
# Second Laplacian eigenvalue above which a group is one theme: on the check set, single
# known themes measured 0.35-0.54 and groups of several themes 0.13-0.19.
_ONE_THEME = 0.3
_TERM_CHUNK = 2_000
_KANJI = "字:"  # prefix of the kanji features: they group messages but never name a theme


@dataclass
class Theme:
    """One recurring theme within a group.

    Attributes
    ----------
    group : str
        The group (an intent, or ``cancellation/<reason>``).
    id : str
        ``<group>/<n>``, numbered by size from 1; ``<group>/その他`` for the rest.
    label : str
        A short readable name from the most characteristic terms (``届かない・配送``), or
        the seed's name, or ``その他``.
    terms : list of str
        The terms that set the theme apart from the rest of its group.
    size : int
        Messages in the theme.
    share : float
        ``size`` over the group's messages.
    examples : list of str
        Representative messages (closest to the theme's center), masked and shortened.
    members : list of int
        Positions of its messages in the input.
    trend : dict of str to int
        Messages per period (every period of the input, gaps as 0); empty without dates.
    previous, current : int or None
        Messages in the last period but one, and in the last period.
    rising : bool
        The last period is a sudden rise (same rule as the VOC report's).
    seed : str or None
        The seed theme's name when the theme came from ``seeds``.
    """

    group: str
    id: str
    label: str
    terms: list[str]
    size: int
    share: float
    examples: list[str]
    members: list[int] = field(repr=False)
    trend: dict[str, int] = field(default_factory=dict, repr=False)
    previous: int | None = None
    current: int | None = None
    rising: bool = False
    seed: str | None = None

    @property
    def is_other(self) -> bool:
        """The rest of the group, not a theme of its own."""
        return self.id.endswith("/" + OTHER)

    @property
    def change(self) -> int | None:
        """``current - previous`` (None without dates)."""
        return None if self.current is None or self.previous is None else self.current - self.previous


@dataclass
class Themes:
    """The themes of every group, and each message's theme.

    Attributes
    ----------
    themes : list of Theme
        Group by group (in order of size); within a group, rising themes first, then by
        size, その他 last.
    assignments : list of str or None
        The theme id of each input message; None for a message without text.
    group_sizes : Counter
        Messages per group.
    period : {"week", "month"} or None
        The trend unit; None without dates.
    periods : list of str
        Every period of the input, oldest first.
    """

    themes: list[Theme]
    assignments: list[str | None]
    group_sizes: Counter = field(default_factory=Counter)
    period: str | None = None
    periods: list[str] = field(default_factory=list)

    def __iter__(self) -> Any:
        return iter(self.themes)

    def __len__(self) -> int:
        return len(self.themes)

    def in_group(self, group: str) -> list[Theme]:
        """The themes of ``group``, in display order."""
        return [t for t in self.themes if t.group == group]

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per theme (members left out), for CSV and JSON."""
        records = []
        for theme in self.themes:
            record = asdict(theme)
            del record["members"]
            record["change"] = theme.change
            records.append(record)
        return records

    def to_frame(self) -> Any:
        """The themes as a pandas DataFrame (needs pandas)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.to_records())

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the themes to ``.csv`` (UTF-8 with BOM, for Excel) or ``.json``, atomically."""
        from vocclf.io.writers import atomic_output

        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".json"):
            raise ValueError(f"themes are written as .csv or .json, not {path.name!r}")
        records = self.to_records()
        if suffix == ".json":
            with atomic_output(str(path), "utf-8") as f:
                payload = {"period": self.period, "periods": self.periods, "themes": records}
                f.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
            return path
        columns = ["group", "id", "label", "size", "share", "terms", "previous", "current", "change", "rising",
                   "seed", "examples", "trend"]  # fmt: skip
        with atomic_output(str(path), "utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for r in records:
                cells = {
                    **r,
                    "terms": "・".join(r["terms"]),
                    "examples": "\n".join(r["examples"]),
                    "trend": " ".join(f"{k}:{v}" for k, v in r["trend"].items()),
                    "share": f"{r['share']:.4f}",
                }
                writer.writerow(["" if cells[c] is None else cells[c] for c in columns])
        return path


def theme_groups(
    intents: Sequence[Any], reasons: Sequence[Any] | None = None, cancellation: str = "cancellation"
) -> list[str | None]:
    """The default groups: the intent, and ``cancellation/<reason>`` for cancellations.

    Missing intents give None (the message is left out).
    """
    groups: list[str | None] = []
    for i, intent in enumerate(intents):
        if is_missing(intent):
            groups.append(None)
            continue
        reason = None if reasons is None or is_missing(reasons[i]) else str(reasons[i])
        groups.append(f"{intent}/{reason}" if str(intent) == cancellation and reason else str(intent))
    return groups


def find_themes(
    texts: Any,
    groups: Sequence[Any] | None = None,
    dates: Sequence[Any] | None = None,
    *,
    seeds: Mapping[str, Sequence[str]] | None = None,
    max_themes: int = 10,
    min_size: int | None = None,
    method: str = "spectral",
    period: str = "auto",
    random_state: int = 0,
    n_jobs: int = 1,
) -> Themes:
    """Group messages into recurring themes, within each group.

    Parameters
    ----------
    texts : sequence of str, or pandas.DataFrame
        The messages (a missing or empty one gets no theme). A DataFrame is labeled
        output (``vocclf label --include-text``, :func:`vocclf.label_frame`): its
        ``text`` column, and ``intent``/``reason``/``date`` when the other arguments are None.
    groups : sequence, optional
        The group of each message, e.g. its intent; None puts all in one group ``all``
        (or, for a DataFrame, :func:`theme_groups` of its intents and reasons). A message
        whose group is missing gets no theme.
    dates : sequence, optional
        The date of each message (dates, datetimes or text such as ``2026-05-01``), for
        each theme's trend.
    seeds : mapping of str to sequence of str, optional
        Themes you name in advance: ``{"配送": ["配送", "届かない", "遅延"]}``. A message
        using any of a seed's terms (as a word or in its text) joins that theme (the seed
        with most matching terms wins; ties go to the first seed); the rest is grouped as usual.
    max_themes : int, default=10
        Most themes per group, besides その他.
    min_size : int, optional
        Fewest messages for a theme; smaller ones join その他. Default: 3, or 2 % of the
        group when that is more.
    method : {"spectral", "kmeans", "nmf"}, default="spectral"
        How messages are grouped (docs/themes.md compares them): spectral clustering of
        the nearest-neighbour graph (themes counted by modularity), k-means on LSA or
        NMF topics (themes counted by silhouette).
    period : {"auto", "week", "month"}, default="auto"
        Trend unit; ``auto`` takes weeks for spans up to 16 weeks, else months.
    random_state : int, default=0
        Seed: the same input gives the same themes.
    n_jobs : int, default=1
        Processes that read the messages' words (the slow part); -1 uses every core.

    Returns
    -------
    Themes

    Examples
    --------
    >>> texts = ["商品がまだ届かない", "注文した品が届きません", "荷物が届かないです",
    ...          "容器が割れていた", "ボトルが割れて液漏れ", "割れた容器が届いた"]
    >>> themes = find_themes(texts, min_size=2)
    >>> sorted(t.size for t in themes if not t.is_other)
    [3, 3]
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if max_themes < 1:
        raise ValueError(f"max_themes must be at least 1, got {max_themes}")
    if min_size is not None and min_size < 1:
        raise ValueError(f"min_size must be at least 1, got {min_size}")
    texts, groups, dates = _columns(texts, groups, dates)
    n = len(texts)
    for name, values in (("groups", groups), ("dates", dates)):
        if values is not None and len(values) != n:
            raise ValueError(f"got {n} texts but {len(values)} {name}")
    seed_terms = _check_seeds(seeds)
    terms = _terms(texts, n_jobs)
    keys: list[str | None] = [
        None if not isinstance(t, str) or not t.strip() else ("all" if groups is None else _group(groups[i]))
        for i, t in enumerate(texts)
    ]
    group_sizes = Counter(k for k in keys if k is not None)
    if not group_sizes:
        return Themes([], [None] * n)
    matrix, vocabulary = _weights(terms, keys)
    present = (matrix > 0).astype(np.float64)
    found: list[Theme] = []
    assignments: list[str | None] = [None] * n
    for group, size in group_sizes.most_common():
        members = [i for i, k in enumerate(keys) if k == group]
        smallest = min_size if min_size is not None else max(3, math.ceil(0.02 * size))
        parts = _seeded(members, terms, texts, seed_terms)
        rest = parts.pop(None)
        parts.update(_cluster(matrix, rest, max_themes, smallest, method, random_state))
        intent = group.split("/")[0]
        family = [i for i, k in enumerate(keys) if k is not None and k.split("/")[0] == intent]
        themes = _describe(group, family, parts, matrix, present, vocabulary, texts, members, smallest)
        for theme in themes:
            for i in theme.members:
                assignments[i] = theme.id
        found.extend(themes)
        logger.info("themes: group %s, %d messages, %d themes", group, size, sum(not t.is_other for t in themes))
    result = Themes(found, assignments, group_sizes)
    if dates is not None:
        _trends(result, dates, period)
    return result


# ------------------------------------------------------------------ inputs
def _columns(texts: Any, groups: Any, dates: Any) -> tuple[list[Any], Any, Any]:
    if hasattr(texts, "columns") and hasattr(texts, "to_dict"):  # a DataFrame of labeled rows
        frame = texts
        if "text" not in frame.columns:
            raise KeyError("the table has no 'text' column: label with --include-text (and --mask-pii) to find themes")
        if groups is None and "intent" in frame.columns:
            reasons = list(frame["reason"]) if "reason" in frame.columns else None
            groups = theme_groups(list(frame["intent"]), reasons)
        if dates is None and "date" in frame.columns:
            dates = list(frame["date"])
        return list(frame["text"]), groups, dates
    if isinstance(texts, str):
        raise TypeError("texts must be a sequence of strings, not one string")
    return list(texts), None if groups is None else list(groups), None if dates is None else list(dates)


def _group(value: Any) -> str | None:
    return None if is_missing(value) else str(value)


def _check_seeds(seeds: Mapping[str, Sequence[str]] | None) -> list[tuple[str, list[str]]]:
    if not seeds:
        return []
    checked = []
    for name, words in seeds.items():
        if isinstance(words, str):
            words = [words]
        words = [w.strip() for w in words if isinstance(w, str) and w.strip()]
        if not isinstance(name, str) or not name.strip() or not words:
            raise ValueError(f"a seed needs a name and at least one term, got {name!r}: {words!r}")
        checked.append((name.strip(), words))
    return checked


# --------------------------------------------------------------- features
def _terms(texts: list[Any], n_jobs: int) -> list[list[str]]:
    """Each text's words and phrases, read once per distinct text, in ``n_jobs`` processes."""
    from vocclf.model import _effective_jobs

    distinct = list(dict.fromkeys(t for t in texts if isinstance(t, str)))
    jobs = _effective_jobs(n_jobs, len(distinct))
    if jobs == 1:
        found = _masked_terms(distinct)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        chunks = [distinct[i : i + _TERM_CHUNK] for i in range(0, len(distinct), _TERM_CHUNK)]
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
            found = [words for part in pool.map(_masked_terms, chunks) for words in part]
    by_text = dict(zip(distinct, found, strict=True))
    return [by_text[t] if isinstance(t, str) else [] for t in texts]


def _masked_terms(texts: list[str]) -> list[list[str]]:
    # Masked first: names, addresses and numbers must never become a theme's words.
    # Interned, so each word is one object (and one pickled string per chunk), not one per use.
    return [[sys.intern(w) for w in words] for words in term_lists([mask_pii(t) for t in texts], phrases=True)]


def _weights(terms: list[list[str]], keys: list[str | None]) -> tuple[Any, list[str]]:
    """TF-IDF of the terms and their kanji, with IDF over every grouped message: words all
    groups use weigh little. The kanji features are made on the fly, never stored."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    used = sum(k is not None for k in keys)
    vectorizer = TfidfVectorizer(analyzer=_with_kanji, sublinear_tf=True, min_df=min(2, max(used, 1)))
    try:
        matrix = vectorizer.fit_transform(t if k is not None else [] for t, k in zip(terms, keys, strict=True))
    except ValueError:  # no term in any message: every theme is その他
        from scipy import sparse

        return sparse.csr_matrix((len(terms), 0)), []
    return matrix.tocsr(), list(vectorizer.get_feature_names_out())


def _with_kanji(words: list[str]) -> list[str]:
    return words + [_KANJI + c for w in words for c in w if "一" <= c <= "龥"]


def _seeded(
    members: list[int], terms: list[list[str]], texts: list[Any], seeds: list[tuple[str, list[str]]]
) -> dict[str | int | None, list[int]]:
    """Members split into seed themes (by name) and the rest (key None)."""
    parts: dict[str | int | None, list[int]] = {name: [] for name, _ in seeds}
    parts[None] = []
    for i in members:
        words = set(terms[i])
        best, hits = None, 0
        for name, seed_words in seeds:
            count = sum(w in words or w in texts[i] for w in seed_words)
            if count > hits:
                best, hits = name, count
        parts[best].append(i)
    return parts


# -------------------------------------------------------------- clustering
def _cluster(
    matrix: Any, members: list[int], max_themes: int, smallest: int, method: str, random_state: int
) -> dict[str | int | None, list[int]]:
    """Members split into clusters (int keys ``0, 1 …``, never equal to a seed's name) and the rest (``OTHER``).

    The clusters are found on a sample of at most 2,000 messages (time and memory stay
    bounded however large the group); every message then joins the closest cluster.
    """
    filled = np.diff(matrix.indptr) > 0  # rows with at least one term (read off the CSR structure)
    with_terms = [i for i in members if filled[i]]
    out: dict[str | int | None, list[int]] = {OTHER: [i for i in members if not filled[i]]}
    if len(with_terms) < smallest:
        out[OTHER] += with_terms
        return out
    rng = np.random.default_rng(random_state)
    sample = sorted(rng.choice(with_terms, _SAMPLE, replace=False)) if len(with_terms) > _SAMPLE else with_terms
    block = matrix[sample]
    distinct = _distinct_rows(block, max_themes + 1)
    top = min(max_themes, len(sample) // smallest, distinct)
    if top < 2:  # one theme: nothing to tell apart
        labels = np.zeros(len(sample), dtype=int)
    else:
        labels = _partition(block, top, method, random_state)
    centers = _centers(block, labels)
    closeness = np.asarray(matrix[with_terms] @ centers.T)
    assigned = closeness.argmax(axis=1)
    best = closeness[np.arange(len(with_terms)), assigned]
    for c in range(centers.shape[0]):
        rows = np.flatnonzero(assigned == c)
        # Far below the theme's typical closeness (a robust low fence): not really of it.
        q1, q3 = np.percentile(best[rows], [25, 75]) if len(rows) >= 4 else (0.0, 0.0)
        keep = rows[best[rows] >= q1 - 1.5 * (q3 - q1)]
        out[OTHER] += [with_terms[j] for j in np.setdiff1d(rows, keep)]
        chosen = [with_terms[j] for j in keep]
        if len(chosen) < smallest:
            out[OTHER] += chosen
        else:
            out[c] = chosen
    return out


def _distinct_rows(block: Any, enough: int) -> int:
    """How many different rows ``block`` has, counting up to ``enough``."""
    seen: set[tuple[tuple[int, ...], tuple[float, ...]]] = set()
    for r in range(block.shape[0]):
        row = block[r]
        seen.add((tuple(row.indices), tuple(np.round(row.data, 6))))
        if len(seen) >= enough:
            break
    return len(seen)


def _centers(block: Any, labels: np.ndarray) -> np.ndarray:
    """Each cluster's mean row, unit length: cosine closeness is then a dot product."""
    from sklearn.preprocessing import normalize

    clusters = np.unique(labels)
    return normalize(np.vstack([np.asarray(block[labels == c].mean(axis=0)) for c in clusters]))


def _partition(block: Any, top: int, method: str, random_state: int) -> np.ndarray:
    """Cluster labels for the rows of ``block``, the number of clusters chosen in 2 … ``top``."""
    if method == "spectral":
        return _spectral(block, top, random_state)
    from sklearn.metrics import silhouette_score

    reduced = _lsa(block, random_state)
    best, best_score = np.zeros(block.shape[0], dtype=int), -np.inf
    for k in range(2, top + 1):
        if method == "nmf":
            from sklearn.decomposition import NMF

            labels = NMF(k, init="nndsvda", random_state=random_state, max_iter=400).fit_transform(block).argmax(axis=1)
        else:
            from sklearn.cluster import KMeans

            labels = KMeans(k, random_state=random_state, n_init=4).fit_predict(reduced)
        if len(np.unique(labels)) < 2:
            continue
        score = silhouette_score(reduced, labels, metric="cosine")
        if score > best_score:
            best, best_score = np.asarray(labels), score
    return best


def _lsa(block: Any, random_state: int) -> np.ndarray:
    """Rows in a reduced space (unit length), where k-means and cosine distances behave."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    dims = min(_LSA_DIMS, block.shape[0] - 1, block.shape[1] - 1)
    if dims < 2:
        return normalize(block.toarray())
    return normalize(TruncatedSVD(dims, random_state=random_state).fit_transform(block))


def _spectral(block: Any, top: int, random_state: int) -> np.ndarray:
    """Spectral clustering of the graph linking each message to its nearest neighbours.

    Messages of one theme share few words each but are each other's neighbours; the graph
    keeps that, where one center per theme (k-means on the words) does not. The number of
    clusters is the one whose partition has the highest modularity on that graph; when
    even the second eigenvalue of its normalized Laplacian is large, no part of the graph
    is only weakly linked to the rest and the messages stay one theme.
    """
    from sklearn.cluster import KMeans
    from sklearn.neighbors import kneighbors_graph
    from sklearn.preprocessing import normalize

    n = block.shape[0]
    graph = kneighbors_graph(block, min(_NEIGHBOURS, max(2, n // 3)), metric="cosine", include_self=False)
    graph = (0.5 * (graph + graph.T)).tocsr()
    eigenvalues, vectors = _laplacian_eigen(graph, top, random_state)
    if eigenvalues[1] > _ONE_THEME:
        return np.zeros(n, dtype=int)
    best, best_score = np.zeros(n, dtype=int), -np.inf
    for k in range(2, top + 1):
        labels = KMeans(k, n_init=3, random_state=random_state).fit_predict(normalize(vectors[:, :k]))
        score = _modularity(graph, labels)
        if score > best_score:
            best, best_score = labels, score
    return best


def _laplacian_eigen(graph: Any, k: int, random_state: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` smallest eigenvalues of the graph's normalized Laplacian, ascending, and
    their eigenvectors (columns): from the largest of D^-1/2 A D^-1/2, which converge fast."""
    from scipy import sparse
    from scipy.sparse.linalg import eigsh

    degree = np.asarray(graph.sum(axis=1)).ravel()
    scale = sparse.diags(1.0 / np.sqrt(np.maximum(degree, 1e-12)))
    similarity = scale @ graph @ scale
    n = graph.shape[0]
    if n <= 4 * k + 20:  # small: the dense solver is exact and quick
        values, vectors = np.linalg.eigh(similarity.toarray())
        values, vectors = values[::-1][:k], vectors[:, ::-1][:, :k]
    else:
        start = np.random.default_rng(random_state).uniform(0.5, 1.5, n)  # a fixed start: same input, same result
        values, vectors = eigsh(similarity, k=k, which="LA", v0=start)
        order = np.argsort(-values)
        values, vectors = values[order], vectors[:, order]
    return 1.0 - values, vectors


def _modularity(graph: Any, labels: np.ndarray) -> float:
    """Newman's modularity of a partition: links inside clusters beyond what chance gives."""
    total = graph.sum()
    degree = np.asarray(graph.sum(axis=1)).ravel()
    score = 0.0
    for c in np.unique(labels):
        rows = np.flatnonzero(labels == c)
        score += graph[rows][:, rows].sum() / total - (degree[rows].sum() / total) ** 2
    return float(score)


# ------------------------------------------------------------- description
def _describe(
    group: str,
    family: list[int],
    parts: dict[str | int | None, list[int]],
    matrix: Any,
    present: Any,
    vocabulary: Sequence[str],
    texts: list[Any],
    members: list[int],
    smallest: int,
) -> list[Theme]:
    size = len(members)
    themes: list[Theme] = []
    other = list(parts.pop(OTHER, []))
    named: list[tuple[str | None, list[int]]] = []
    for key, rows in parts.items():
        if not rows:
            continue
        if key is None or isinstance(key, int):
            if len(rows) < smallest:
                other += rows
                continue
            named.append((None, rows))
        else:  # a seed theme keeps its name whatever its size
            named.append((key, rows))
    named.sort(key=lambda item: -len(item[1]))
    for number, (seed, rows) in enumerate(named, 1):
        # Set apart from the rest of the group; a theme that is most of its group, from the
        # intent's other groups (cancellation/no_effect against the other cancellations), else from all.
        pool = members if len(rows) < 0.8 * size else family if len(rows) < 0.8 * len(family) else None
        ranked = distinctive_terms(present, rows, vocabulary, 3 * _TERMS, pool=pool) if len(vocabulary) else []
        terms = [t for t in ranked if not t.startswith(_KANJI)][:_TERMS]
        theme = Theme(group, f"{group}/{number}", seed or _label(terms), terms, len(rows), len(rows) / size,
                      _examples(matrix, rows, texts), sorted(rows), seed=seed)  # fmt: skip
        themes.append(theme)
    if other:
        themes.append(Theme(group, f"{group}/{OTHER}", OTHER, [], len(other), len(other) / size,
                            _examples(matrix, other, texts), sorted(other)))  # fmt: skip
    return themes


def _label(terms: list[str]) -> str:
    """Up to three terms, phrases first, without a word a chosen phrase already holds."""
    chosen: list[str] = []
    for term in sorted(terms[:6], key=lambda t: -len(t) if len(t) >= 4 else 0):
        if any(term in c or c in term for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == _LABEL_TERMS:
            break
    # Keep the terms' own order of importance.
    return "・".join(sorted(chosen, key=terms.index)) if chosen else OTHER


def _examples(matrix: Any, rows: list[int], texts: list[Any]) -> list[str]:
    examples: list[str] = []
    for i in central_members(matrix, rows) if matrix.shape[1] else rows:
        text = excerpt(str(texts[i]), 140)
        if text and text not in examples:
            examples.append(text)
        if len(examples) == _EXAMPLES:
            break
    return examples


def _trends(result: Themes, dates: Sequence[Any], period: str) -> None:
    days = [parse_date(d) for d in dates]
    known = [d for d in days if d is not None]
    if not known:
        return
    unit = choose_unit(min(known), max(known), period)
    result.period = unit
    result.periods = all_periods(min(known), max(known), unit)
    for theme in result.themes:
        counts = Counter(period_key(days[i], unit) for i in theme.members if days[i] is not None)  # type: ignore[arg-type]
        theme.trend = {k: counts[k] for k in result.periods}
        series = list(theme.trend.values())
        theme.current = series[-1]
        theme.previous = series[-2] if len(series) > 1 else None
        last = result.periods[-1]
        theme.rising = not theme.is_other and any(
            r.period == last for r in rises("theme", {k: Counter({theme.id: v}) for k, v in theme.trend.items()})
        )
    # Within each group: rising themes first, then by size; その他 stays last.
    result.themes.sort(key=lambda t: (t.is_other, not t.rising, -t.size))
    order = {g: i for i, (g, _) in enumerate(result.group_sizes.most_common())}
    result.themes.sort(key=lambda t: order[t.group])

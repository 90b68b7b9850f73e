"""The VOC report: one offline HTML page a CS manager can share with product teams.

It reads labeled rows (the output of ``vocclf label``, a DataFrame, or predictions) and
shows totals per intent, the cancellation reasons, the trend per week or month with
sudden rises marked, the words that set each intent and reason apart with a few
representative messages (personal data masked), and the rows per source file and errors.
Charts are inline SVG; the page loads nothing from the network.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vocclf._validation import is_missing
from vocclf.pii import excerpt
from vocclf.trends import Rise, all_periods, choose_unit, parse_date, period_key, rises

if TYPE_CHECKING:
    from vocclf.model import VocClassifier
    from vocclf.themes import Themes

__all__ = ["Rise", "VocReport", "build_report", "read_labeled_rows"]

INTENT_NAMES = {"complaint": "苦情", "request": "要望", "question": "質問", "cancellation": "解約"}
REASON_NAMES = {
    "no_effect": "効果を感じない",
    "excess_stock": "在庫が余っている",
    "improved": "改善した・不要になった",
    "financial_burden": "経済的な負担",
    "switching": "他社への乗り換え",
    "other": "その他",
}
_COLORS = ["#d1495b", "#2e86ab", "#edae49", "#00798c", "#6a4c93", "#8d99ae", "#3d405b", "#81b29a"]


def label_name(label: str) -> str:
    """Japanese name of a known intent or reason, with the label itself: ``解約 (cancellation)``."""
    name = INTENT_NAMES.get(label) or REASON_NAMES.get(label)
    return f"{name} ({label})" if name else label


@dataclass
class GroupView:
    """What one intent or reason is about: distinctive words and representative messages."""

    label: str
    count: int
    terms: list[str]
    examples: list[str]
    terms_from: str  # "texts" or "model"


@dataclass
class VocReport:
    """The numbers behind the page; :meth:`to_html` renders them.

    Attributes
    ----------
    n_rows : int
        Rows read.
    n_labeled : int
        Rows with an intent.
    n_review : int
        Labeled rows marked ``needs_review``.
    n_errors : int
        Rows without a label (unreadable, empty), counted by message in ``errors``.
    intents, reasons : Counter
        Rows per intent, and per reason among cancellations.
    period : {"week", "month"} or None
        The trend's unit; None when no row has a readable date.
    trend, reason_trend : dict of str to Counter
        Per period (``2024-05`` or the Monday ``2024-05-06``), rows per intent / reason.
    rises : list of Rise
        Sudden rises, the latest period first.
    sources : Counter
        Rows per source file.
    groups : list of GroupView
        Per intent, then per reason.
    themes : Themes or None
        Recurring themes per intent and per cancellation reason (:func:`vocclf.find_themes`);
        None when the rows carry no text.
    undated : int
        Labeled rows without a readable date.
    """

    n_rows: int = 0
    n_labeled: int = 0
    n_review: int = 0
    n_errors: int = 0
    intents: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    sources: Counter = field(default_factory=Counter)
    period: str | None = None
    trend: dict[str, Counter] = field(default_factory=dict)
    reason_trend: dict[str, Counter] = field(default_factory=dict)
    rises: list[Rise] = field(default_factory=list)
    groups: list[GroupView] = field(default_factory=list)
    themes: Themes | None = None
    undated: int = 0
    first_date: str | None = None
    last_date: str | None = None
    cancellation_label: str = "cancellation"

    def to_html(self, title: str = "VOC レポート") -> str:
        """The report as one self-contained HTML page (inline CSS and SVG, no scripts)."""
        return _render(self, title)

    def write(self, path: str | Path, title: str = "VOC レポート") -> Path:
        """Write the page to ``path`` (UTF-8) atomically and return the path."""
        from vocclf.io.writers import atomic_output

        with atomic_output(str(path), "utf-8") as f:
            f.write(self.to_html(title))
        return Path(path)


# --------------------------------------------------------------------- input
def read_labeled_rows(paths: str | Sequence[str], encoding: str | None = None) -> list[dict[str, Any]]:
    """Read labeled rows from CSV/TSV (UTF-8, UTF-8 with BOM or CP932) or JSONL files.

    Columns are found by name: ``intent`` (or 分類 …), ``reason`` (解約理由 …), a date
    column, ``needs_review``, ``error``, ``source`` and a text column when present. Each
    row also records the file it came from as ``file``.

    Raises
    ------
    ValueError
        When a file has no intent column, naming the file and its columns.
    """
    from vocclf.io.tables import DATE_COLUMNS, TEXT_COLUMNS, find_column, read_table
    from vocclf.training_data import INTENT_COLUMNS, REASON_COLUMNS

    out: list[dict[str, Any]] = []
    for path in [paths] if isinstance(paths, str) else list(paths):
        header, rows, problems = read_table(path, encoding)
        intent_i = find_column(header, None, INTENT_COLUMNS)
        if intent_i is None:
            raise ValueError(
                f"{path}: no intent column (columns: {', '.join(header)}); is it the output of vocclf label?"
            )
        columns = {
            "intent": intent_i,
            "reason": find_column(header, None, REASON_COLUMNS),
            "date": find_column(header, None, DATE_COLUMNS),
            "text": find_column(header, None, TEXT_COLUMNS),
            "needs_review": find_column(header, "needs_review", ()),
            "error": find_column(header, "error", ()),
            "source": find_column(header, "source", ()),
        }
        for _, cells in rows:
            row = {key: (None if i is None else cells[i]) for key, i in columns.items()}
            row["file"] = path
            out.append(row)
        out.extend({"intent": None, "error": problem, "file": path} for problem in problems)
    return out


def _as_rows(data: Any, texts: Sequence[str] | None) -> list[dict[str, Any]]:
    """Rows as dicts from labeled rows, a pandas DataFrame or Prediction objects."""
    from vocclf.prediction import Prediction

    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # a pandas DataFrame
        rows = data.to_dict(orient="records")
    else:
        rows = [p.to_dict() if isinstance(p, Prediction) else dict(p) for p in data]
    if texts is not None:
        if len(texts) != len(rows):
            raise ValueError(f"got {len(rows)} rows but {len(texts)} texts")
        for row, text in zip(rows, texts, strict=True):
            row["text"] = text
    return rows


# ------------------------------------------------------------------- numbers
def build_report(
    data: Iterable[Mapping[str, Any]] | Any,
    *,
    texts: Sequence[str] | None = None,
    model: VocClassifier | None = None,
    period: str = "auto",
    n_terms: int = 8,
    n_examples: int = 3,
    cancellation_label: str = "cancellation",
    themes: bool = True,
) -> VocReport:
    """Summarize labeled rows into a :class:`VocReport`.

    Parameters
    ----------
    data : iterable of mappings, pandas.DataFrame or list of Prediction
        Labeled rows with ``intent`` and optionally ``reason``, ``date``,
        ``needs_review``, ``error``, ``source``/``file`` and ``text`` (the output of
        ``vocclf label``, :func:`vocclf.label_frame` or :func:`read_labeled_rows`).
    texts : sequence of str, optional
        The texts, when ``data`` does not carry them (e.g. a list of predictions).
    model : VocClassifier, optional
        Without texts, each label's words come from this model's weights (the shipped
        model when None).
    period : {"auto", "week", "month"}, default="auto"
        Trend unit; ``auto`` takes weeks for spans up to 16 weeks, else months.
    n_terms, n_examples : int
        Distinctive words and representative messages per intent and reason.
    cancellation_label : str, default="cancellation"
        The intent whose rows carry reasons.
    themes : bool, default=True
        Find the recurring themes of each intent and reason (needs texts).

    Returns
    -------
    VocReport
    """
    if period not in ("auto", "week", "month"):
        raise ValueError(f"period must be 'auto', 'week' or 'month', got {period!r}")
    rows = _as_rows(data, texts)
    report = VocReport(n_rows=len(rows), cancellation_label=cancellation_label)
    dated: list[tuple[_dt.date, str, str | None]] = []
    for row in rows:
        report.sources[str(row.get("source") or row.get("file") or "(不明)")] += 1
        intent = row.get("intent")
        if is_missing(intent):
            report.n_errors += 1
            report.errors[_error_kind(row.get("error"))] += 1
            continue
        intent = str(intent)
        reason = None if is_missing(row.get("reason")) else str(row.get("reason"))
        report.n_labeled += 1
        report.intents[intent] += 1
        if intent == cancellation_label and reason is not None:
            report.reasons[reason] += 1
        if _truthy(row.get("needs_review")):
            report.n_review += 1
        day = parse_date(row.get("date"))
        if day is None:
            report.undated += 1
        else:
            dated.append((day, intent, reason if intent == cancellation_label else None))
    if dated:
        _trend(report, dated, period)
    labeled = [r for r in rows if not is_missing(r.get("intent"))]
    report.groups = _groups(labeled, report, model, n_terms, n_examples)
    if themes and any(isinstance(r.get("text"), str) for r in labeled):
        from vocclf.themes import find_themes, theme_groups

        report.themes = find_themes(
            [r.get("text") for r in labeled],
            groups=theme_groups([r["intent"] for r in labeled], [r.get("reason") for r in labeled], cancellation_label),
            dates=[r.get("date") for r in labeled],
            period=report.period or period,
        )
    return report


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "1", "yes"))


def _error_kind(error: Any) -> str:
    """The error message without row-specific detail, so that alike errors count together."""
    text = "(不明)" if is_missing(error) else str(error)
    return re.sub(r"\d+", "N", text)[:120]


def _trend(report: VocReport, dated: list[tuple[_dt.date, str, str | None]], period: str) -> None:
    first, last = min(d for d, _, _ in dated), max(d for d, _, _ in dated)
    unit = choose_unit(first, last, period)
    report.period, report.first_date, report.last_date = unit, first.isoformat(), last.isoformat()
    keys = all_periods(first, last, unit)
    report.trend = {k: Counter() for k in keys}
    report.reason_trend = {k: Counter() for k in keys}
    for day, intent, reason in dated:
        key = period_key(day, unit)
        report.trend[key][intent] += 1
        if reason is not None:
            report.reason_trend[key][reason] += 1
    found = rises("intent", report.trend) + rises("reason", report.reason_trend)
    report.rises = sorted(found, key=lambda r: (r.period, r.factor), reverse=True)


def _groups(
    rows: list[dict[str, Any]], report: VocReport, model: VocClassifier | None, n_terms: int, n_examples: int
) -> list[GroupView]:
    """Per intent and per reason: distinctive words and representative messages."""
    keys = [("intent", label) for label, _ in report.intents.most_common()]
    keys += [("reason", label) for label, _ in report.reasons.most_common()]
    has_text = any(isinstance(r.get("text"), str) and r["text"].strip() for r in rows)
    if has_text:
        return _groups_from_texts(rows, keys, report, n_terms, n_examples)
    if model is None:
        from vocclf.persistence import load

        model = load()
    views = []
    weights = {"intent": model.top_features(n=80)}
    if model.reason_classes_ is not None:
        weights["reason"] = model.top_features(n=80, head="reason")
    for kind, label in keys:
        count = report.intents[label] if kind == "intent" else report.reasons[label]
        words = [name.removeprefix("word__") for name, _ in weights.get(kind, {}).get(label, [])]
        readable = [w for w in words if not w.startswith("char__") and _readable_feature(w)]
        views.append(GroupView(label, count, readable[:n_terms], [], "model"))
    return views


def _readable_feature(name: str) -> bool:
    from vocclf.terms import content_words

    return bool(content_words(name.replace(" ", "")))


def _groups_from_texts(
    rows: list[dict[str, Any]], keys: list[tuple[str, str]], report: VocReport, n_terms: int, n_examples: int
) -> list[GroupView]:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from vocclf.terms import central_members, distinctive_terms, term_lists

    texts = [str(r["text"]) if isinstance(r.get("text"), str) else "" for r in rows]
    vectorizer = TfidfVectorizer(analyzer=lambda ws: ws, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(term_lists(texts))
    except ValueError:  # no content word anywhere
        return [GroupView(label, 0, [], [], "texts") for _, label in keys]
    vocabulary = vectorizer.get_feature_names_out()
    present = (matrix > 0).astype(np.float64)
    views = []
    for kind, label in keys:
        if kind == "intent":
            members = [i for i, r in enumerate(rows) if str(r.get("intent")) == label]
        else:
            members = [
                i
                for i, r in enumerate(rows)
                if str(r.get("intent")) == report.cancellation_label and str(r.get("reason")) == label
            ]
        terms = distinctive_terms(present, members, vocabulary, n_terms)
        examples: list[str] = []
        for i in central_members(matrix, members) if members else []:
            text = excerpt(texts[i])
            if text and text not in examples:
                examples.append(text)
            if len(examples) >= n_examples:
                break
        views.append(GroupView(label, len(members), terms, examples, "texts"))
    return views


# --------------------------------------------------------------------- page
def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _bar_chart(items: list[tuple[str, int]], total: int, color: str = "#2e86ab") -> str:
    """Horizontal bars with label, count and share: inline SVG."""
    if not items:
        return '<p class="muted">該当なし</p>'
    width, label_w, bar_w, row_h = 760, 290, 320, 26
    top = max(v for _, v in items) or 1
    parts = [f'<svg role="img" width="{width}" height="{row_h * len(items) + 8}">']
    for i, (label, value) in enumerate(items):
        y = i * row_h + 4
        w = max(1, round(bar_w * value / top))
        share = value / total if total else 0
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{_e(label_name(label))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 8}" fill="{color}" rx="2"/>'
            f'<text x="{label_w + w + 6}" y="{y + 17}">{value:,} 件 ({share:.1%})</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _line_chart(trend: dict[str, Counter], labels: list[str], rises: list[Rise], kind: str) -> str:
    """One line per label over the periods, sudden rises marked with ▲: inline SVG."""
    keys = list(trend)
    if len(keys) < 2 or not labels:
        return '<p class="muted">推移を描くには 2 期間以上の日付が必要です。</p>'
    width, height, left, right, top, bottom = 900, 300, 50, 290, 24, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(max(trend[k][label] for k in keys) for label in labels) or 1

    def x(i: int) -> float:
        return left + plot_w * i / (len(keys) - 1)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / peak)

    parts = [f'<svg role="img" width="{width}" height="{height}">']
    for frac in (0, 0.5, 1):
        v = peak * frac
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" class="axis">{v:,.0f}</text>'
        )
    step = max(1, math.ceil(len(keys) / 8))
    for i in range(0, len(keys), step):
        parts.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" class="axis">{_e(keys[i])}</text>'
        )
    marked = {(r.label, r.period) for r in rises if r.kind == kind}
    for n, label in enumerate(labels):
        color = _COLORS[n % len(_COLORS)]
        points = " ".join(f"{x(i):.1f},{y(trend[k][label]):.1f}" for i, k in enumerate(keys))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
        for i, k in enumerate(keys):
            if (label, k) in marked:
                parts.append(
                    f'<text x="{x(i):.1f}" y="{y(trend[k][label]) - 8:.1f}" text-anchor="middle" '
                    f'fill="{color}" class="rise">▲</text>'
                )
        ly = top + 16 + n * 20
        parts.append(
            f'<rect x="{left + plot_w + 16}" y="{ly - 10}" width="12" height="12" fill="{color}"/>'
            f'<text x="{left + plot_w + 34}" y="{ly}">{_e(label_name(label))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
body{font-family:"Hiragino Sans","Hiragino Kaku Gothic ProN","Yu Gothic","Meiryo","Noto Sans CJK JP",
"IPAexGothic",sans-serif;margin:2rem auto;max-width:980px;color:#222;line-height:1.6;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #2e86ab;padding-bottom:.2rem;margin-top:2.2rem}
.meta,.muted{color:#666;font-size:.9rem}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:8px;padding:.6rem 1rem;min-width:140px}
.card b{display:block;font-size:1.5rem}.alert{background:#fff4e5;border-left:4px solid #edae49;padding:.6rem 1rem}
table{border-collapse:collapse;margin:.6rem 0}td,th{border-bottom:1px solid #eee;padding:.25rem .8rem;text-align:left}
td.n{text-align:right}svg text{font-size:13px;font-family:inherit}svg .axis{font-size:11px;fill:#666}
svg .rise{font-size:14px}.group{border:1px solid #e3e3e3;border-radius:8px;padding:.4rem 1rem;margin:.8rem 0}
.terms span{display:inline-block;background:#eef5f9;border-radius:12px;padding:0 .6rem;margin:.15rem}
blockquote{margin:.4rem 0;padding:.2rem .8rem;border-left:3px solid #ccc;color:#333;font-size:.92rem}
table.themes{width:100%}table.themes th,table.themes td.n,table.themes td.c{white-space:nowrap}
"""


def _table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{c:,}</td>' if isinstance(c, int) else f"<td>{_e(c)}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _group_name(group: str) -> str:
    """``complaint`` → 苦情 (complaint); ``cancellation/no_effect`` → 解約: 効果を感じない (no_effect)."""
    intent, _, reason = group.partition("/")
    return f"{INTENT_NAMES.get(intent, intent)}: {label_name(reason)}" if reason else label_name(intent)


def _sparkline(counts: list[int]) -> str:
    """A tiny bar chart of a theme's counts per period (inline SVG)."""
    if not counts:
        return ""
    top = max(max(counts), 1)
    width, height, bar = 4 * len(counts) + 2, 22, 3
    bars = "".join(
        f'<rect x="{1 + 4 * i}" y="{height - 1 - 20 * c / top:.1f}" width="{bar}" height="{20 * c / top:.1f}"/>'
        for i, c in enumerate(counts)
    )
    return f'<svg width="{width}" height="{height}" role="img" fill="#2e86ab">{bars}</svg>'


def _themes_section(themes: Themes, per_group: int = 6) -> str:
    """Per intent and reason, its top themes: size, share, trend, and the most typical message."""
    out = [
        '<h2 id="themes">繰り返し寄せられている声（テーマ）</h2>',
        '<p class="muted">同じ種別・理由の中で、内容の近い問い合わせをまとめたものです（事前の定義なし）。'
        "ラベルは各テーマに特徴的な語です。▲ は最新の期間に急増しているテーマです。</p>",
    ]
    for group, size in themes.group_sizes.most_common():
        listed = [t for t in themes.in_group(group) if not t.is_other][:per_group]
        if not listed:
            continue
        rows = []
        for t in listed:
            mark = ' <span class="rise" style="color:#d1495b">▲</span>' if t.rising else ""
            change = "" if t.current is None else f"{t.previous if t.previous is not None else '—'} → {t.current}"
            quote = f"<blockquote>{_e(t.examples[0])}</blockquote>" if t.examples else ""
            rows.append(
                f'<tr><td><b>{_e(t.label)}</b>{mark}{quote}</td><td class="n">{t.size:,}</td>'
                f'<td class="n">{t.share:.0%}</td><td class="c">{_sparkline(list(t.trend.values()))}</td>'
                f'<td class="c">{_e(change)}</td></tr>'
            )
        other = next((t.size for t in themes.in_group(group) if t.is_other), 0)
        head = "<tr><th>テーマ</th><th>件数</th><th>割合</th><th>推移</th><th>前期間 → 最新</th></tr>"
        out.append(
            f'<div class="group"><h3>{_e(_group_name(group))} <span class="muted">{size:,} 件'
            f'（その他 {other:,} 件）</span></h3><table class="themes">{head}{"".join(rows)}</table></div>'
        )
    return "\n".join(out)


def _render(report: VocReport, title: str) -> str:
    from vocclf import __version__

    labeled = report.n_labeled
    n_cancel = report.intents.get(report.cancellation_label, 0)
    period_name = {"week": "週", "month": "月"}.get(report.period or "", "")
    span = f"{report.first_date} 〜 {report.last_date}" if report.first_date else "日付なし"
    out = [
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">期間: {_e(span)} ・ 作成: {_dt.date.today().isoformat()} ・ vocclf {__version__}</p>',
        '<div class="cards">',
        f'<div class="card">メッセージ<b id="n-rows">{report.n_rows:,}</b></div>',
        f'<div class="card">分類済み<b id="n-labeled">{labeled:,}</b></div>',
        f'<div class="card">要確認<b id="n-review">{report.n_review:,}</b>'
        f"{report.n_review / labeled if labeled else 0:.1%}</div>",
        f'<div class="card">解約<b id="n-cancellation">{n_cancel:,}</b></div>',
        f'<div class="card">エラー<b id="n-errors">{report.n_errors:,}</b></div>',
        "</div>",
    ]
    if report.rises:
        items = "".join(
            f"<li><b>{_e(r.period)}</b>: {_e(label_name(r.label))} が {r.count:,} 件"
            f"（直前の平均 {r.baseline:.1f} 件の {r.factor:.1f} 倍）</li>"
            for r in report.rises[:10]
        )
        out.append(f'<h2>急増</h2><div class="alert" id="rises"><ul>{items}</ul></div>')
    out.append("<h2>問い合わせの種別</h2>")
    out.append(_bar_chart(report.intents.most_common(), labeled))
    out.append(
        f'<p class="muted">要確認 (needs_review) は確信度がしきい値未満の行です: {report.n_review:,} 件'
        f"（{report.n_review / labeled if labeled else 0:.1%}）。</p>"
    )
    out.append("<h2>解約理由</h2>")
    out.append(_bar_chart(report.reasons.most_common(), sum(report.reasons.values()), color="#d1495b"))
    out.append(f"<h2>推移（{period_name or '—'}ごと）</h2>")
    if report.period:
        intents = [label for label, _ in report.intents.most_common()]
        reasons = [label for label, _ in report.reasons.most_common()]
        out.append("<h3>種別</h3>" + _line_chart(report.trend, intents, report.rises, "intent"))
        out.append("<h3>解約理由</h3>" + _line_chart(report.reason_trend, reasons, report.rises, "reason"))
        out.append(
            '<p class="muted">▲ は直前の期間の平均の 1.5 倍以上、かつ偶然では説明しにくい増加です。'
            f"日付のない行: {report.undated:,} 件。</p>"
        )
    else:
        out.append('<p class="muted">日付の列がないか読めないため、推移は表示できません。</p>')
    out.append("<h2>種別・理由ごとの特徴語と代表的な声</h2>")
    if any(g.terms_from == "model" for g in report.groups):
        out.append(
            '<p class="muted">入力に本文がないため、特徴語はモデルの重みから示しています。本文と代表的な声を載せるには '
            "<code>vocclf label --include-text --mask-pii</code> の出力を使ってください。</p>"
        )
    for group in report.groups:
        terms = "".join(f"<span>{_e(t)}</span>" for t in group.terms) or '<span class="muted">—</span>'
        quotes = "".join(f"<blockquote>{_e(x)}</blockquote>" for x in group.examples)
        out.append(
            f'<div class="group"><h3>{_e(label_name(group.label))} <span class="muted">{group.count:,} 件</span></h3>'
            f'<div class="terms">{terms}</div>{quotes}</div>'
        )
    if report.themes is not None:
        out.append(_themes_section(report.themes))
    out.append("<h2>ファイル別の件数とエラー</h2>")
    out.append(_table(["ファイル", "行数"], [[s, n] for s, n in report.sources.most_common()]))
    if report.errors:
        out.append(_table(["エラー", "件数"], [[e, n] for e, n in report.errors.most_common()]))
    out.append(
        '<p class="muted">本文中のメールアドレス・電話番号・郵便番号・カード番号・注文番号・様/さんの前の氏名は'
        "置き換えて表示しています。</p></body></html>"
    )
    return "\n".join(out)

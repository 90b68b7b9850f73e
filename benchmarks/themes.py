"""Themes: the grouping methods compared on the check set, and 100,000 messages timed.

    python benchmarks/themes.py                 # writes docs/themes.json and docs/themes.md
    python benchmarks/themes.py --tiny -o /tmp  # smoke run (tests use it)

The check set (``vocclf/data/themes_check.jsonl``, 559 messages written for this) has
five known themes per intent, 24 phrasings each by two authors, and 20 one-off messages
per intent (noise). Every method groups each intent's messages on its own; the scores
compare its themes with the known ones: NMI and purity over all messages (noise and
その他 count as one class and one theme each), and NMI over the themed messages alone.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import normalized_mutual_info_score

import vocclf
from vocclf.datasets import load_themes_check
from vocclf.themes import METHODS

ROOT = Path(__file__).resolve().parents[1]
INTENTS = ("complaint", "request", "question", "cancellation")


def purity(truth: list[str], found: list[str]) -> float:
    """Share of messages whose theme's majority known theme is their own."""
    by_theme: dict[str, Counter] = {}
    for t, f in zip(truth, found, strict=True):
        by_theme.setdefault(f, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in by_theme.values()) / len(truth)


def compare(rows: list[dict[str, Any]]) -> dict[str, Any]:
    texts = [r["text"] for r in rows]
    intents = [r["intent"] for r in rows]
    by_reason = vocclf.theme_groups(intents, [r["reason"] for r in rows])
    cancelled = [i for i, g in enumerate(intents) if g == "cancellation"]
    out: dict[str, Any] = {}
    for method in METHODS:
        start = time.perf_counter()
        themes = vocclf.find_themes(texts, groups=intents, method=method)
        seconds = time.perf_counter() - start
        as_report = vocclf.find_themes(texts, groups=by_reason, method=method)
        per_group = {}
        for intent in INTENTS:
            idx = [i for i, g in enumerate(intents) if g == intent]
            truth = [rows[i]["theme"] for i in idx]
            found = [str(themes.assignments[i]) for i in idx]
            themed = [j for j, t in enumerate(truth) if t != "noise"]
            noise_found = Counter(found[j] for j, t in enumerate(truth) if t == "noise")
            per_group[intent] = {
                "nmi": normalized_mutual_info_score(truth, found),
                "nmi_themed": normalized_mutual_info_score([truth[j] for j in themed], [found[j] for j in themed]),
                "purity": purity(truth, found),
                "themes": sum(not t.is_other for t in themes.in_group(intent)),
                "noise_in_other": noise_found[f"{intent}/その他"] / max(sum(noise_found.values()), 1),
                "labels": [(t.label, t.size) for t in themes.in_group(intent)],
            }
        out[method] = {
            "seconds": seconds,
            "cancellation_by_reason_nmi": normalized_mutual_info_score(
                [rows[i]["theme"] for i in cancelled], [str(as_report.assignments[i]) for i in cancelled]
            ),
            "nmi": float(np.mean([g["nmi"] for g in per_group.values()])),
            "nmi_themed": float(np.mean([g["nmi_themed"] for g in per_group.values()])),
            "purity": float(np.mean([g["purity"] for g in per_group.values()])),
            "groups": per_group,
        }
    return out


def neighbour_accuracy(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Per intent: how often 5 nearest neighbours (on find_themes' own features) vote for a
    message's known theme (4-fold cross-validation, noise left out): are themes local?"""
    from sklearn.model_selection import cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    from vocclf.themes import _terms, _weights

    out = {}
    for intent in INTENTS:
        group = [r for r in rows if r["intent"] == intent and r["theme"] != "noise"]
        matrix, _ = _weights(_terms([r["text"] for r in group], 1), ["x"] * len(group))
        knn = KNeighborsClassifier(5, metric="cosine")
        out[intent] = float(cross_val_score(knn, matrix, [r["theme"] for r in group], cv=4).mean())
    return out


def distinct_messages(n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """``n`` distinct messages: each joins sentences of two corpus messages of one intent."""
    rows = vocclf.load_corpus()
    by_intent: dict[str, list[list[str]]] = {}
    for r in rows:
        sentences = [s + "。" for s in r["text"].replace("\n", "").split("。") if s.strip()]
        by_intent.setdefault(r["intent"], []).append(sentences)
    rng = random.Random(seed)
    intents = sorted(by_intent)
    texts, labels, seen = [], [], set()
    while len(texts) < n:
        intent = rng.choice(intents)
        a, b = rng.sample(by_intent[intent], 2)
        text = "".join(a[: rng.randint(1, len(a))] + b[rng.randint(0, len(b) - 1) :])
        if text not in seen:
            seen.add(text)
            texts.append(text)
            labels.append(intent)
    return texts, labels


def scale(n: int) -> dict[str, Any]:
    texts, intents = distinct_messages(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    themes = vocclf.find_themes(texts, groups=intents, n_jobs=-1)
    seconds = time.perf_counter() - start
    # Peak resident memory (KiB on Linux) of this process and of the word-reading workers.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"n": n, "seconds": seconds, "rss_before_mb": before / 1024, "peak_rss_mb": peak / 1024,
            "worker_peak_rss_mb": workers / 1024, "themes": sum(not t.is_other for t in themes)}  # fmt: skip


def sample() -> dict[str, list[tuple[str, int, list[str]]]]:
    """Themes of the corpus test split grouped as the report does (intent, or cancellation/reason)."""
    test = vocclf.load_corpus("test")
    groups = vocclf.theme_groups([r["intent"] for r in test], [r["reason"] for r in test])
    themes = vocclf.find_themes([r["text"] for r in test], groups=groups)
    return {g: [(t.label, t.size, t.examples[:1]) for t in themes.in_group(g)] for g in themes.group_sizes}


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Themes: how messages are grouped",
        "",
        "Generated by `python benchmarks/themes.py` (one run; every figure below comes from it).",
        "",
        "## Methods on the check set",
        "",
        "`vocclf/data/themes_check.jsonl`: 559 messages, per intent five known themes × 24 phrasings "
        "(two authors, e-mail/chat/form/phone memo, a third with business-mail boilerplate) and 20 "
        "one-off messages (noise). Each intent is grouped on its own, the number of themes chosen "
        "by the method (1–10). NMI and purity count noise as one class and その他 as one theme; "
        "*NMI themed* leaves the noise messages out; *noise → その他*: share of noise messages put in その他; "
        "means over the four intents. The last score groups the cancellations by their reason first, as "
        "`vocclf themes` and the VOC report do.",
        "",
        "| method | NMI | NMI themed | purity | themes found (complaint, request, question, cancellation) "
        "| noise → その他 | cancellation, by reason: NMI | seconds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for method, r in results["methods"].items():
        groups = r["groups"]
        found = ", ".join(str(groups[g]["themes"]) for g in ("complaint", "request", "question", "cancellation"))
        noise = np.mean([g["noise_in_other"] for g in groups.values()])
        lines.append(
            f"| {method} | {r['nmi']:.3f} | {r['nmi_themed']:.3f} | {r['purity']:.3f} | {found} | {noise:.0%} "
            f"| {r['cancellation_by_reason_nmi']:.3f} | {r['seconds']:.1f} |"
        )
    lines += ["", "Per intent (NMI over all messages / over themed messages):", ""]
    lines += ["| method | " + " | ".join(INTENTS) + " |", "|---|" + "---|" * len(INTENTS)]
    for method, r in results["methods"].items():
        cells = [f"{r['groups'][g]['nmi']:.3f} / {r['groups'][g]['nmi_themed']:.3f}" for g in INTENTS]
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    knn = results["neighbours"]
    lines += [
        "",
        "Are themes local? 5-nearest-neighbour voting on the same features, trained on the known themes "
        "(4-fold cross-validation, noise left out), is right for "
        + ", ".join(f"{knn[g]:.0%} ({g})" for g in INTENTS)
        + " of the messages: neighbourhoods are mostly of one theme even where clusters are not.",
    ]
    chosen = results["methods"]["spectral"]["groups"]
    lines += ["", "Themes found by the default method, `spectral` (label, size):", ""]
    for intent, g in chosen.items():  # the default method
        lines.append(f"- **{intent}**: " + "; ".join(f"{label} ({size})" for label, size in g["labels"]))
    s = results["scale"]
    lines += [
        "",
        "## 100,000 messages",
        "",
        f"{s['n']:,} distinct messages (each joins sentences of two corpus messages of one intent), grouped "
        f"by intent with the default method and `n_jobs=-1`: **{s['seconds']:.1f} s** on "
        f"{results['machine']['cpu_count']} cores; peak resident memory {s['peak_rss_mb']:.0f} MB in the "
        f"main process ({s['rss_before_mb']:.0f} MB before the call, texts included) and "
        f"{s['worker_peak_rss_mb']:.0f} MB in a word-reading worker; {s['themes']} themes.",
        "",
        "## On the corpus test split",
        "",
        "Grouped as the VOC report does (intent; cancellations by reason), label (size):",
        "",
    ]
    for group, themes in results["sample"].items():
        lines.append(f"- **{group}**: " + "; ".join(f"{label} ({size})" for label, size, _ in themes))
    lines.append("")
    lines.append((Path(__file__).parent / "themes_notes.md").read_text(encoding="utf-8"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="smoke run: 2,000 messages for the timing")
    parser.add_argument("-o", "--out", default=str(ROOT / "docs"), help="folder for themes.json and themes.md")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).parent))
    import speed

    rows = load_themes_check()
    results = {"machine": speed.machine(), "tiny": args.tiny, "methods": compare(rows)}
    results["neighbours"] = neighbour_accuracy(rows)
    results["scale"] = scale(2_000 if args.tiny else 100_000)
    results["sample"] = sample()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "themes.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "themes.md").write_text(markdown(results), encoding="utf-8")
    print(f"wrote {out / 'themes.md'}")


if __name__ == "__main__":
    main()

"""Speed, memory and quality benchmarks: vocclf against the tokenizer ceiling and the alternatives.

One command measures everything in one run and writes docs/benchmarks.md (with the
figures as ratios measured side by side), docs/benchmarks.json and docs/benchmarks.png:

    python benchmarks/speed.py                 # the full run (about 25 minutes)
    python benchmarks/speed.py --tiny -o /tmp  # a smoke run on tiny data (tests use it)
    python benchmarks/speed.py --render docs/benchmarks.json   # redraw the page from saved results

Needs the ``bench`` extra: ``pip install -e ".[bench]"`` (Janome, fastText, psutil,
matplotlib). Timings on shared machines are noisy: throughput is measured in interleaved
rounds and the median of the per-round ratios is reported.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import vocclf
from vocclf.tokenizer import SudachiTokenizer, normalize_text

ROOT = Path(__file__).resolve().parents[1]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def corpus_split(split: str) -> tuple[list[str], list[str], list[str | None]]:
    rows = vocclf.load_corpus(split)
    return [r["text"] for r in rows], [r["intent"] for r in rows], [r["reason"] for r in rows]


def replicate(texts: list[str], n: int) -> list[str]:
    return [texts[i % len(texts)] for i in range(n)]


# ---------------------------------------------------------------- throughput
def throughput(model: vocclf.VocClassifier, texts: list[str], rounds: int) -> dict[str, Any]:
    """Raw SudachiPy against vocclf on the same texts, in interleaved rounds."""
    from sudachipy import Dictionary, SplitMode

    dictionary = Dictionary(dict="core")
    raw = dictionary.tokenizer(SplitMode.C)
    tokenizer = SudachiTokenizer()
    contenders: dict[str, Callable[[], Any]] = {
        "sudachi_tokenize": lambda: [raw.tokenize(t) for t in texts],
        "sudachi_tokenize_surfaces": lambda: [[m.surface() for m in raw.tokenize(t)] for t in texts],
        "vocclf_tokenizer": lambda: [tokenizer(t) for t in texts],
        "predict_many_1": lambda: model.predict_many(texts, n_jobs=1),
        "predict_many_2": lambda: model.predict_many(texts, n_jobs=2),
    }
    model.predict_many(texts[:50])  # warm up: Sudachi dictionary, caches
    tokenizer("warm up")
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            seconds[name].append(timed(fn)[0])
    chars = sum(map(len, texts))
    out: dict[str, Any] = {"n_texts": len(texts), "n_chars": chars, "rounds": rounds, "runs": {}}
    for name, times in seconds.items():
        med = statistics.median(times)
        out["runs"][name] = {"seconds": times, "texts_per_s": len(texts) / med, "chars_per_s": chars / med}

    def ratio(a: str, b: str) -> float:  # speed of a relative to b, per round
        return statistics.median(sb / sa for sa, sb in zip(seconds[a], seconds[b], strict=True))

    out["ratios"] = {
        "predict_many_1 / sudachi_tokenize": ratio("predict_many_1", "sudachi_tokenize"),
        "predict_many_1 / sudachi_tokenize_surfaces": ratio("predict_many_1", "sudachi_tokenize_surfaces"),
        "vocclf_tokenizer / sudachi_tokenize": ratio("vocclf_tokenizer", "sudachi_tokenize"),
        "predict_many_2 / predict_many_1": ratio("predict_many_2", "predict_many_1"),
    }
    return out


def breakdown(model: vocclf.VocClassifier, texts: list[str], rounds: int) -> dict[str, float]:
    """Where predict_many(n_jobs=1) spends its time: each stage timed on its own input,
    the fastest of ``rounds`` passes (the least disturbed by the machine's noise)."""
    from itertools import repeat

    from vocclf import features

    feats = model.features_
    tokenize = feats.tokenizer_.tokenize_normalized
    get = feats.token_ids_.get
    model.predict_many(texts[:50])
    normalized = [normalize_text(t) for t in texts]
    tokens = [tokenize(t) for t in normalized]
    matrix = feats.transform(texts)
    intent_p = model.intent_model_.predict_proba(matrix)
    cancel = np.flatnonzero(model.classes_[intent_p.argmax(axis=1)] == model.cancellation_label)
    probabilities = model._probabilities(texts)

    def ngrams() -> Any:
        ids = [i for toks in tokens for i in map(get, toks, repeat(0))]
        words = features._sequences(np.asarray(ids, np.uint64), [len(t) for t in tokens])
        chars, _ = features._char_sequences(normalized)
        return feats._combine(
            features._count(words, feats.word_vocabulary_), features._count(chars, feats.char_vocabulary_)
        )

    stages: dict[str, Callable[[], Any]] = {
        "normalize (NFKC, lower-case)": lambda: [normalize_text(t) for t in texts],
        "Sudachi + token loop": lambda: [tokenize(t) for t in normalized],
        "n-gram codes, lookups, TF-IDF": ngrams,
        "intent head": lambda: model.intent_model_.predict_proba(matrix),
        "reason head (predicted cancellations)": lambda: model.reason_model_.predict_proba(matrix[cancel]),
        "Prediction objects": lambda: model._to_predictions(texts, *probabilities),
    }
    return {name: min(timed(fn)[0] for _ in range(rounds)) for name, fn in stages.items()}


# -------------------------------------------------------------------- model
_LOAD_SCRIPT = """
import json, time
t0 = time.perf_counter()
import vocclf
t1 = time.perf_counter()
model = vocclf.load()
t2 = time.perf_counter()
model.predict("定期便を解約したいです")
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "first_predict": t3 - t2}))
"""


def model_load(repeats: int) -> dict[str, Any]:
    """Cold start in a new process: import, load (hash check + unpickle), first prediction."""
    runs = [
        json.loads(subprocess.check_output([sys.executable, "-c", _LOAD_SCRIPT], text=True)) for _ in range(repeats)
    ]
    from vocclf.persistence import default_model_path

    path = default_model_path()
    size = sum(f.stat().st_size for f in Path(path).iterdir())
    return {
        "runs": runs,
        **{k: statistics.median(r[k] for r in runs) for k in ("import", "load", "first_predict")},
        "size_bytes": size,
    }


# ----------------------------------------------------------------- training
_SENTENCES = re.compile(r"(?<=[。！？!?\n])")


def grow(n: int, distinct: bool, seed: int = 0) -> tuple[list[str], list[str], list[str | None]]:
    """n labeled training items from the train split, by resampling.

    ``distinct=False`` repeats items as they are. ``distinct=True`` makes every item a new
    text: the first sentences of one item joined to the last sentences of another item
    with the same intent and reason, so texts stay plausible and labels stay right.
    """
    texts, intents, reasons = corpus_split("train")
    rng = random.Random(seed)
    by_label: dict[tuple[str, str | None], list[int]] = {}
    for i, key in enumerate(zip(intents, reasons, strict=True)):
        by_label.setdefault(key, []).append(i)
    out_t, out_y, out_r = [], [], []
    seen: set[str] = set()
    while len(out_t) < n:
        i = rng.randrange(len(texts))
        text = texts[i]
        if distinct:
            j = rng.choice(by_label[(intents[i], reasons[i])])
            head, tail = _SENTENCES.split(texts[i]), _SENTENCES.split(texts[j])
            text = "".join(head[: max(1, len(head) // 2)]) + "".join(tail[len(tail) // 2 :])
            if text in seen:
                continue
            seen.add(text)
        out_t.append(text)
        out_y.append(intents[i])
        out_r.append(reasons[i])
    return out_t, out_y, out_r


def training(sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for distinct in (False, True):
        for n in sizes:
            texts, intents, reasons = grow(n, distinct)
            seconds, _ = timed(lambda t=texts, y=intents, r=reasons: vocclf.train(t, y, r))
            rows.append(
                {
                    "n": n,
                    "distinct": distinct,
                    "unique_texts": len(set(texts)),
                    "chars": sum(map(len, texts)),
                    "seconds": seconds,
                }
            )
            print(f"  train n={n} distinct={distinct}: {seconds:.1f} s", flush=True)
    return rows


# ------------------------------------------------------------- vocclf label
def label_cli(n_rows: int, workdir: Path, texts: list[str], n_jobs: int) -> dict[str, Any]:
    """`vocclf label` on an n-row CSV: wall time and the peak memory of its process tree.

    Memory is the proportional set size (PSS) summed over the process and its workers:
    forked workers share the model's pages, which plain RSS would count once per process.
    """
    import psutil

    source = workdir / f"tickets_{n_rows}.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        for i in range(n_rows):
            writer.writerow([f"T{i:08d}", texts[i % len(texts)]])
    target = workdir / f"labeled_{n_rows}.csv"
    cli = [sys.executable, "-m", "vocclf.cli", "label", str(source), "-o", str(target), "-q", "--n-jobs", str(n_jobs)]
    start = time.perf_counter()
    proc = psutil.Popen(cli)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_full_info().pss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"vocclf label exited with {proc.returncode}")
    with target.open(encoding="utf-8-sig") as f:
        rows_out = sum(1 for _ in f) - 1
    source.unlink()
    target.unlink()
    return {"rows": n_rows, "rows_out": rows_out, "seconds": seconds, "peak_pss_mb": peak / 2**20, "n_jobs": n_jobs}


# ------------------------------------------------------------- alternatives
# The hand-written rules a desk starts with: first match wins, in this order.
INTENT_RULES = [
    (
        "cancellation",
        r"解約|退会|やめたい|辞めたい|止めたい|やめます|辞めます|止めて|停止|キャンセル|退塾|もういらない",
    ),
    (
        "complaint",
        r"届かない|届いていない|壊れ|破損|ひどい|酷い|不良|おかしい|遅い|遅れ|困って|不満|最悪|返金|納得でき",
    ),
    ("question", r"\?|？|ですか|ますか|でしょうか|教えて|知りたい|どうすれば"),
    ("request", r"ください|下さい|お願い|希望|ほしい|欲しい|してもらえ|いただけ"),
]
REASON_RULES = [
    ("no_effect", r"効果|変化|実感|効か|合わな"),
    ("excess_stock", r"余って|余り|たまって|溜まって|残って|在庫|ストック|使い切れ"),
    ("improved", r"良くなった|よくなった|治った|改善|卒業|落ち着い|必要なくな"),
    ("financial_burden", r"高い|金銭|家計|余裕|値上げ|料金|負担|出費|節約"),
    ("switching", r"他社|乗り換え|乗換|別の|ほかの|他の"),
]


class KeywordRules:
    """Regex rules of the kind desks write by hand (解約 → cancellation, …)."""

    def __init__(self) -> None:
        self.intents = [(label, re.compile(p)) for label, p in INTENT_RULES]
        self.reasons = [(label, re.compile(p)) for label, p in REASON_RULES]

    def intent(self, text: str) -> str:
        return next((label for label, p in self.intents if p.search(text)), "question")

    def reason(self, text: str) -> str:
        return next((label for label, p in self.reasons if p.search(text)), "other")


def _macro_f1(true: list[Any], pred: list[Any]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(true, pred, average="macro"))


def _scores(
    predict_intents: Callable[[list[str]], list[str]],
    predict_reasons: Callable[[list[str]], list[str]],
    test: tuple[list[str], list[str], list[str | None]],
) -> dict[str, float]:
    texts, intents, reasons = test
    seconds, predicted = timed(lambda: predict_intents(texts))
    cancel = [i for i, y in enumerate(intents) if y == "cancellation"]
    reasons_pred = predict_reasons([texts[i] for i in cancel])
    return {
        "intent_macro_f1": _macro_f1(intents, predicted),
        "reason_macro_f1": _macro_f1([reasons[i] for i in cancel], reasons_pred),
        "texts_per_s": len(texts) / seconds,
    }


def alternatives(
    model: vocclf.VocClassifier, speed_texts: int, sample: int | None, rounds: int
) -> dict[str, dict[str, float]]:
    """Quality on the test split and speed on it (replicated), all trained on the train split.

    ``sample`` limits both splits to a random sample (the smoke run), else all items.
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    train = _sample(corpus_split("train"), sample)
    test = _sample(corpus_split("test"), None if sample is None else sample // 3)
    cancel_train = [i for i, y in enumerate(train[1]) if y == "cancellation"]
    results: dict[str, dict[str, float]] = {}

    def vocclf_intents(texts: list[str]) -> list[str]:
        return [p.intent for p in model.predict_many(texts)]

    def vocclf_reasons(texts: list[str]) -> list[str]:
        return [str(p) for p in model.reason_model_.predict(model.features_.transform(texts))]

    results["vocclf"] = _scores(vocclf_intents, vocclf_reasons, test)

    # (a) the asari recipe: Janome surface tokens, TF-IDF uni+bigrams, calibrated LinearSVC.
    from janome.tokenizer import Tokenizer as Janome

    janome = Janome(wakati=True)

    def janome_tokens(text: str) -> list[str]:
        return list(janome.tokenize(text))

    def janome_pipeline() -> Any:
        vectorizer = TfidfVectorizer(tokenizer=janome_tokens, token_pattern=None, ngram_range=(1, 2))
        return make_pipeline(vectorizer, CalibratedClassifierCV(LinearSVC()))

    j_intent = janome_pipeline().fit(train[0], train[1])
    j_reason = janome_pipeline().fit([train[0][i] for i in cancel_train], [train[2][i] for i in cancel_train])
    results["janome_tfidf_svm"] = _scores(
        lambda t: list(j_intent.predict(t)), lambda t: list(j_reason.predict(t)), test
    )

    # (b) fastText supervised on vocclf's Sudachi tokens (predict takes a list under NumPy 2).
    import fasttext

    tokenizer = SudachiTokenizer()

    def ft_model(texts: list[str], labels: list[Any], folder: Path) -> Any:
        path = folder / "train.txt"
        path.write_text("".join(f"__label__{y} {' '.join(tokenizer(t))}\n" for t, y in zip(texts, labels, strict=True)))
        return fasttext.train_supervised(str(path), epoch=25, wordNgrams=2, verbose=0, seed=0, thread=1)

    def ft_predict(ft: Any) -> Callable[[list[str]], list[str]]:
        def predict(texts: list[str]) -> list[str]:
            labels, _ = ft.predict([" ".join(tokenizer(t)) for t in texts])
            return [ls[0].removeprefix("__label__") for ls in labels]

        return predict

    with tempfile.TemporaryDirectory() as folder:
        ft_intent = ft_model(train[0], train[1], Path(folder))
        ft_reason = ft_model([train[0][i] for i in cancel_train], [train[2][i] for i in cancel_train], Path(folder))
    results["fasttext_sudachi"] = _scores(ft_predict(ft_intent), ft_predict(ft_reason), test)

    # (c) keyword rules.
    rules = KeywordRules()
    results["keyword_rules"] = _scores(
        lambda t: [rules.intent(x) for x in t], lambda t: [rules.reason(x) for x in t], test
    )

    # Speed: every contender on the same texts, in interleaved rounds; median per-round
    # ratio to vocclf, since the machine's noise moves all of a round together.
    batch = replicate(test[0], speed_texts)
    speed = {
        "vocclf": vocclf_intents,
        "janome_tfidf_svm": lambda t: list(j_intent.predict(t)),
        "fasttext_sudachi": ft_predict(ft_intent),
        "keyword_rules": lambda t: [rules.intent(x) for x in t],
    }
    seconds: dict[str, list[float]] = {name: [] for name in speed}
    for _ in range(rounds):
        for name, fn in speed.items():
            seconds[name].append(timed(lambda f=fn: f(batch))[0])
    for name, times in seconds.items():
        results[name]["texts_per_s"] = len(batch) / statistics.median(times)
        results[name]["vocclf_speedup"] = statistics.median(
            t / v for t, v in zip(times, seconds["vocclf"], strict=True)
        )
    return results


def _sample(split: tuple[list[str], list[str], list[str | None]], n: int | None) -> Any:
    if n is None:
        return split
    rows = random.Random(0).sample(range(len(split[0])), n)
    return tuple([column[i] for i in rows] for column in split)


# ------------------------------------------------------------------ report
def machine() -> dict[str, Any]:
    import sklearn
    import sudachipy

    return {
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "vocclf": vocclf.__version__,
        "scikit-learn": sklearn.__version__,
        "sudachipy": getattr(sudachipy, "__version__", "?"),
        "numpy": np.__version__,
        "date": time.strftime("%Y-%m-%d"),
    }


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from vocclf.plots import japanese_font

    japanese_font()
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(15, 4.2))
    runs = results["throughput"]["runs"]
    alt = results["alternatives"]
    names = [
        "Sudachi tokenize のみ",
        "vocclf n_jobs=1",
        "vocclf n_jobs=2",
        "Janome+TF-IDF+SVM",
        "fastText (Sudachi)",
        "キーワード規則",
    ]
    speeds = [
        runs["sudachi_tokenize"]["texts_per_s"],
        runs["predict_many_1"]["texts_per_s"],
        runs["predict_many_2"]["texts_per_s"],
        alt["janome_tfidf_svm"]["texts_per_s"],
        alt["fasttext_sudachi"]["texts_per_s"],
        alt["keyword_rules"]["texts_per_s"],
    ]
    ax1.barh(names[::-1], speeds[::-1], color="#4C72B0")
    ax1.set_xscale("log")
    ax1.set_xlabel("件/秒 (対数目盛)")
    ax1.set_title("処理速度")
    keys = ["vocclf", "janome_tfidf_svm", "fasttext_sudachi", "keyword_rules"]
    labels = ["vocclf", "Janome+TF-IDF+SVM", "fastText (Sudachi)", "キーワード規則"]
    x = np.arange(len(keys))
    ax2.bar(x - 0.2, [alt[k]["intent_macro_f1"] for k in keys], 0.4, label="問い合わせ種別")
    ax2.bar(x + 0.2, [alt[k]["reason_macro_f1"] for k in keys], 0.4, label="解約理由")
    ax2.set_xticks(x, labels, rotation=15)
    ax2.set_ylim(0, 1)
    ax2.set_ylabel("macro-F1 (テスト分割)")
    ax2.set_title("精度")
    ax2.legend(loc="lower left")
    label_runs = results["label_cli"]
    ax3.plot([r["rows"] for r in label_runs], [r["peak_pss_mb"] for r in label_runs], "o-")
    ax3.set_xscale("log")
    ax3.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())  # minor labels overlap
    ax3.set_ylim(0, max(r["peak_pss_mb"] for r in label_runs) * 1.3)
    ax3.set_xlabel("行数 (対数目盛)")
    ax3.set_ylabel("最大メモリ PSS (MB)")
    ax3.set_title("vocclf label のメモリ")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(results: dict[str, Any], image: str) -> str:
    t = results["throughput"]
    runs, ratios = t["runs"], t["ratios"]
    load, alt = results["model"], results["alternatives"]
    train_rows, label_runs = results["training"], results["label_cli"]
    pss = [r["peak_pss_mb"] for r in label_runs]
    flat = (pss[-1] - pss[0]) / pss[0]
    biggest_distinct = max((r for r in train_rows if r["distinct"]), key=lambda r: r["n"])
    biggest_resampled = max((r for r in train_rows if not r["distinct"]), key=lambda r: r["n"])
    janome_ratio = alt["janome_tfidf_svm"]["vocclf_speedup"]
    best_alt = max(alt[k]["intent_macro_f1"] for k in alt if k != "vocclf")

    def mark(ok: bool) -> str:
        return "met" if ok else "**missed**"

    lines = [
        "# Benchmarks",
        "",
        "Generated by `python benchmarks/speed.py` (one run; every figure below comes from it).",
        f"Machine: {results['machine']['cpu_count']} cores, Python {results['machine']['python']}, "
        f"vocclf {results['machine']['vocclf']}, scikit-learn {results['machine']['scikit-learn']}, "
        f"SudachiPy {results['machine']['sudachipy']}, NumPy {results['machine']['numpy']}; "
        f"{results['machine']['date']}. Timings on this shared machine vary by ±30 % from run to run, "
        "so throughput is measured in interleaved rounds and compared as the median of per-round ratios.",
        "",
        f"![benchmarks]({image})",
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| `predict_many(n_jobs=1)` ≥ 0.8 × raw SudachiPy `tokenize` | "
        f"{ratios['predict_many_1 / sudachi_tokenize']:.2f} × (against tokenize + reading each surface: "
        f"{ratios['predict_many_1 / sudachi_tokenize_surfaces']:.2f} ×) | "
        f"{mark(ratios['predict_many_1 / sudachi_tokenize'] >= 0.8)} |",
        f"| `n_jobs=2` ≥ 1.7 × `n_jobs=1` ({t['n_texts']:,} texts) | {ratios['predict_many_2 / predict_many_1']:.2f} × "
        f"| {mark(ratios['predict_many_2 / predict_many_1'] >= 1.7)} |",
        f"| ≥ 20 × the Janome recipe's throughput | {janome_ratio:.0f} × | {mark(janome_ratio >= 20)} |",
        f"| higher intent macro-F1 than all three alternatives | {alt['vocclf']['intent_macro_f1']:.3f} "
        f"against at best {best_alt:.3f} | {mark(alt['vocclf']['intent_macro_f1'] > best_alt)} |",
        f"| model load < 0.5 s | {load['load']:.2f} s | {mark(load['load'] < 0.5)} |",
        f"| training on {biggest_resampled['n']:,} texts < 60 s (resampled corpus) | "
        f"{biggest_resampled['seconds']:.1f} s | {mark(biggest_resampled['seconds'] < 60)} |",
        f"| the same with {biggest_distinct['n']:,} distinct texts | {biggest_distinct['seconds']:.1f} s "
        f"| {mark(biggest_distinct['seconds'] < 60)} |",
        f"| `vocclf label` peak memory flat (within 10 %) from {label_runs[0]['rows']:,} "
        f"to {label_runs[-1]['rows']:,} rows "
        f"| {flat * 100:+.1f} % | {mark(flat <= 0.10)} |",
        "",
        "## Throughput against the tokenizer ceiling",
        "",
        f"{t['n_texts']:,} texts (the corpus test split, repeated), {t['n_chars']:,} characters, "
        f"{t['rounds']} interleaved rounds; medians.",
        "",
        "| | texts/s | chars/s |",
        "|---|---|---|",
    ]
    titles = {
        "sudachi_tokenize": "SudachiPy `tokenize` only (mode C), the ceiling",
        "sudachi_tokenize_surfaces": "SudachiPy `tokenize` + `surface()` of each morpheme",
        "vocclf_tokenizer": "vocclf's tokenizer (normalize + Sudachi + token filter)",
        "predict_many_1": "vocclf `predict_many(n_jobs=1)`",
        "predict_many_2": "vocclf `predict_many(n_jobs=2)`",
    }
    for key, title in titles.items():
        lines.append(f"| {title} | {runs[key]['texts_per_s']:,.0f} | {runs[key]['chars_per_s']:,.0f} |")
    lines += ["", "Ratios (median of the per-round ratios):", ""]
    lines += [f"- {name}: {value:.2f}" for name, value in ratios.items()]
    lines += [
        "",
        "### Where `predict_many(n_jobs=1)` spends its time",
        "",
        f"Each stage timed on its own input (the fastest of {results['breakdown_rounds']} passes over the same texts):",
        "",
        "| stage | seconds | share |",
        "|---|---|---|",
    ]
    stages = results["breakdown"]
    total = sum(stages.values())
    for stage, secs in stages.items():
        lines.append(f"| {stage} | {secs:.3f} | {secs / total:.0%} |")
    lines += [
        "",
        "## Model",
        "",
        f"Size on disk {load['size_bytes'] / 2**20:.1f} MB. Cold start in a new process (median of "
        f"{len(load['runs'])}): `import vocclf` {load['import']:.2f} s, `vocclf.load()` {load['load']:.2f} s "
        f"(hash check and unpickling), first prediction {load['first_predict']:.2f} s (the Sudachi dictionary "
        "is opened on first use).",
        "",
        "## Training time",
        "",
        "Default `VocClassifier` on the train split grown by resampling. *Resampled* repeats items "
        "as they are; vocclf learns identical labeled rows once with their count as weight, so "
        "repeats cost little. *Distinct* joins the first sentences of one item to the last "
        "sentences of another with the same labels, so every text is new and must be tokenized "
        "and fitted: the cost a desk with that many real tickets would see.",
        "",
        "| texts | kind | distinct texts | characters | seconds |",
        "|---|---|---|---|---|",
    ]
    for r in train_rows:
        kind = "distinct" if r["distinct"] else "resampled"
        lines.append(f"| {r['n']:,} | {kind} | {r['unique_texts']:,} | {r['chars']:,} | {r['seconds']:.1f} |")
    lines += [
        "",
        "## `vocclf label` on a CSV",
        "",
        "| rows | n_jobs | seconds | rows/s | peak memory (PSS) of the process and its workers |",
        "|---|---|---|---|---|",
    ]
    for r in label_runs:
        lines.append(
            f"| {r['rows']:,} | {r['n_jobs']} | {r['seconds']:.0f} | {r['rows'] / r['seconds']:,.0f} "
            f"| {r['peak_pss_mb']:.0f} MB |"
        )
    lines += [
        "",
        "## Against the alternatives",
        "",
        "All trained on the corpus train split and scored on its test split (intent over all "
        "items, reason over the true cancellations); speed on the test texts repeated, intent "
        "prediction including each tool's tokenization; vocclf's speed-up is the median per-round ratio.",
        "",
        "| | intent macro-F1 | reason macro-F1 | texts/s | vocclf is … × faster |",
        "|---|---|---|---|---|",
    ]
    alt_titles = {
        "vocclf": "vocclf (shipped model)",
        "janome_tfidf_svm": "Janome + TF-IDF + LinearSVC (the asari recipe)",
        "fasttext_sudachi": "fastText supervised on Sudachi tokens",
        "keyword_rules": "keyword rules (解約 → cancellation, …)",
    }
    for key, title in alt_titles.items():
        a = alt[key]
        lines.append(
            f"| {title} | {a['intent_macro_f1']:.3f} | {a['reason_macro_f1']:.3f} | {a['texts_per_s']:,.0f} "
            f"| {a['vocclf_speedup']:.2f} |"
        )
    lines.append("")
    # Hand-written explanations that hold whatever the run's exact figures.
    lines.append((Path(__file__).parent / "notes.md").read_text(encoding="utf-8"))
    return "\n".join(lines)


def page(results: dict[str, Any], out: Path) -> str:
    """benchmarks.md: this run, then the engines' section when engines.py has saved one beside it."""
    text = markdown(results, "benchmarks.png")
    engines = out / "engines.json"
    if engines.exists():
        sys.path.insert(0, str(Path(__file__).parent))
        from engines import markdown as engines_markdown

        text += "\n" + engines_markdown(json.loads(engines.read_text(encoding="utf-8")))
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="smoke run on tiny data (seconds, not minutes)")
    parser.add_argument("-o", "--out", default=str(ROOT / "docs"), help="folder for benchmarks.md/.json/.png")
    parser.add_argument("--render", metavar="JSON", help="only rewrite the .md and .png from a saved benchmarks.json")
    args = parser.parse_args(argv)
    if args.render:
        results = json.loads(Path(args.render).read_text(encoding="utf-8"))
        out = Path(args.out)
        plot(results, out / "benchmarks.png")
        (out / "benchmarks.md").write_text(page(results, out), encoding="utf-8")
        return
    tiny = args.tiny
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    model = vocclf.load()
    test_texts = corpus_split("test")[0]
    results: dict[str, Any] = {"machine": machine(), "tiny": tiny}
    print("throughput …", flush=True)
    batch = replicate(test_texts, 1_200 if tiny else 20_000)
    results["throughput"] = throughput(model, batch, rounds=1 if tiny else 5)
    results["breakdown_rounds"] = 1 if tiny else 3
    results["breakdown"] = breakdown(model, batch, rounds=results["breakdown_rounds"])
    print("model load …", flush=True)
    results["model"] = model_load(1 if tiny else 5)
    print("training …", flush=True)
    results["training"] = training([200, 400] if tiny else [1_000, 10_000, 100_000])
    print("vocclf label …", flush=True)
    with tempfile.TemporaryDirectory() as workdir:
        sizes = [2_000, 20_000] if tiny else [200_000, 2_000_000]
        results["label_cli"] = [label_cli(n, Path(workdir), test_texts, n_jobs=2) for n in sizes]
    print("alternatives …", flush=True)
    results["alternatives"] = alternatives(
        model, 100 if tiny else 1_000, sample=600 if tiny else None, rounds=1 if tiny else 3
    )
    (out / "benchmarks.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    plot(results, out / "benchmarks.png")
    (out / "benchmarks.md").write_text(page(results, out), encoding="utf-8")
    print(f"wrote {out / 'benchmarks.md'}")


if __name__ == "__main__":
    main()

"""Choose the shipped model's configuration by cross-validated macro-F1.

Runs 5-fold stratified cross-validation on the corpus *train* split only (the test split
is never used for choices) for each candidate configuration, and prints a Markdown table
for docs/model_selection.md.

    python benchmarks/model_selection.py [--folds 5] [--only 4,5] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import time

import vocclf

# Every candidate names min_df, so the table reproduces whatever VocClassifier's defaults become.
CANDIDATES: list[dict] = [
    {"classifier": "logreg", "C": 5.0, "min_df": 1},
    {"classifier": "logreg", "C": 20.0, "min_df": 1},
    {"classifier": "logreg", "C": 50.0, "min_df": 1},
    {"classifier": "logreg", "C": 20.0, "class_weight": "balanced", "min_df": 1},
    {"classifier": "svm", "C": 0.3, "min_df": 1},
    {"classifier": "svm", "C": 1.0, "min_df": 1},
    {"classifier": "svm", "C": 3.0, "min_df": 1},
    {"classifier": "logreg", "C": 20.0, "tokenizer_mode": "A", "min_df": 1},
    {"classifier": "logreg", "C": 20.0, "char_ngram_range": [2, 4], "min_df": 1},
    {"classifier": "logreg", "C": 20.0, "word_ngram_range": [1, 3], "min_df": 1},
    {"classifier": "svm", "C": 3.0, "min_df": 2},
    {"classifier": "logreg", "C": 50.0, "min_df": 2},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--only", help="comma-separated candidate numbers (0-based) to run, e.g. 10,11")
    args = parser.parse_args()
    chosen = [CANDIDATES[int(i)] for i in args.only.split(",")] if args.only else CANDIDATES
    train = vocclf.load_corpus("train")
    texts = [r["text"] for r in train]
    intents = [r["intent"] for r in train]
    reasons = [r["reason"] for r in train]
    rows = []
    print(f"{len(train)} train items, {args.folds}-fold CV\n")
    print("| configuration | intent macro-F1 | reason macro-F1 | seconds |")
    print("|---|---|---|---|")
    for params in chosen:
        kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
        start = time.perf_counter()
        result = vocclf.cross_validate(texts, intents, reasons, cv=args.folds, **kwargs)
        seconds = time.perf_counter() - start
        rows.append({"params": params, **result.to_dict(), "seconds": seconds})
        print(
            f"| `{json.dumps(params)}` | {result.intent_macro_f1:.3f} ± {result.intent_macro_f1_std:.3f} "
            f"| {result.reason_macro_f1:.3f} | {seconds:.0f} |",
            flush=True,
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump([{k: v for k, v in r.items() if k != "folds"} for r in rows], f, indent=2)


if __name__ == "__main__":
    main()

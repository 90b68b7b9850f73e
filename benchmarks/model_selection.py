"""Choose the shipped model's configuration by cross-validated macro-F1.

Runs 5-fold stratified cross-validation on the corpus *train* split only (the test split
is never used for choices) for each candidate configuration, and prints a Markdown table
for docs/model_selection.md.

    python benchmarks/model_selection.py [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import time

import vocclf

CANDIDATES: list[dict] = [
    {"classifier": "logreg", "C": 5.0},
    {"classifier": "logreg", "C": 20.0},
    {"classifier": "logreg", "C": 50.0},
    {"classifier": "logreg", "C": 20.0, "class_weight": "balanced"},
    {"classifier": "svm", "C": 0.3},
    {"classifier": "svm", "C": 1.0},
    {"classifier": "svm", "C": 3.0},
    {"classifier": "logreg", "C": 20.0, "tokenizer_mode": "A"},
    {"classifier": "logreg", "C": 20.0, "char_ngram_range": [2, 4]},
    {"classifier": "logreg", "C": 20.0, "word_ngram_range": [1, 3]},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args()
    train = vocclf.load_corpus("train")
    texts = [r["text"] for r in train]
    intents = [r["intent"] for r in train]
    reasons = [r["reason"] for r in train]
    rows = []
    print(f"{len(train)} train items, {args.folds}-fold CV\n")
    print("| configuration | intent macro-F1 | reason macro-F1 | seconds |")
    print("|---|---|---|---|")
    for params in CANDIDATES:
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

"""The ``vocclf`` command: a thin layer over the public API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import vocclf

__all__ = ["main"]

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose help ends with an example (given as ``epilog``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)


def _model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-m", "--model", default=None, help="model folder (default: the shipped model)")


def _cmd_predict(args: argparse.Namespace) -> int:
    clf = vocclf.load(args.model)
    if args.threshold is not None:
        clf.review_threshold = args.threshold
    texts = args.text or [line.rstrip("\n") for line in sys.stdin]
    for _text, p in zip(texts, clf.predict_many(texts), strict=False):
        if args.json:
            print(json.dumps(p.to_dict(), ensure_ascii=False))
        else:
            reason = f"\t{p.reason} ({p.reason_confidence:.2f})" if p.reason else ""
            review = "\tneeds_review" if p.needs_review else ""
            print(f"{p.intent} ({p.confidence:.2f}){reason}{review}")
    return EXIT_OK


def _cmd_train(args: argparse.Namespace) -> int:
    if not args.with_default_corpus:
        raise _UsageError("give training data; for now only --with-default-corpus is supported")
    train = vocclf.load_corpus("train")
    test = vocclf.load_corpus("test")
    params = json.loads(args.params) if args.params else {}
    print(f"training on {len(train)} corpus items (train split)…", file=sys.stderr)
    clf = vocclf.train([r["text"] for r in train], [r["intent"] for r in train], [r["reason"] for r in train], **params)
    report = clf.evaluate([r["text"] for r in test], [r["intent"] for r in test], [r["reason"] for r in test])
    folder = vocclf.save(clf, args.output, evaluation=report)
    print(report)
    print(f"saved to {folder}", file=sys.stderr)
    return EXIT_OK


class _UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="vocclf",
        description="Label Japanese customer inquiries by intent and cancellation reason.",
        epilog='example:\n  vocclf predict "定期コースを解約したいです"',
    )
    parser.add_argument("--version", action="version", version=f"vocclf {vocclf.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "predict",
        help="label texts given as arguments (or one per line on stdin)",
        epilog='example:\n  vocclf predict "解約したいです" "届いた商品が壊れていました"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("text", nargs="*", help="texts to label; none reads lines from stdin")
    _model_option(p)
    p.add_argument("--json", action="store_true", help="one JSON object per text")
    p.add_argument("--threshold", type=float, default=None, help="needs_review below this confidence")
    p.set_defaults(run=_cmd_predict)

    t = sub.add_parser(
        "train",
        help="train a model and save it with its card",
        epilog="example:\n  vocclf train --with-default-corpus -o models/default",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    t.add_argument("--with-default-corpus", action="store_true", help="train on the shipped corpus (train split)")
    t.add_argument("-o", "--output", required=True, help="model folder to write")
    t.add_argument("--params", default=None, help="VocClassifier parameters as JSON, e.g. '{\"C\": 10}'")
    t.set_defaults(run=_cmd_train)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return run(args)
    except _UsageError as exc:
        parser.error(str(exc))  # prints usage and exits with 2
    except (OSError, ValueError, TypeError) as exc:
        print(f"vocclf: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("vocclf: interrupted", file=sys.stderr)
        return 130
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

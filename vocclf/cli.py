"""The ``vocclf`` command: a thin layer over the public API."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import vocclf
from vocclf.io import Record, detect_format, write_rows
from vocclf.io.mail import iter_eml_paths
from vocclf.io.parts import Part, read_part
from vocclf.io.writers import OUTPUT_FIELDS, output_format
from vocclf.labeling import LabelSummary, label_records
from vocclf.training_data import LabeledData, check_training_data, read_labeled

__all__ = ["main"]

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_SOME_ROWS_FAILED = 3
# Row warnings printed before the rest are only counted (the summary has the total).
_MAX_WARNINGS = 20


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose help keeps the line breaks of its examples (``epilog``).

    Subcommand parsers are created with the parent's class, so they share this.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)


def _model_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by the commands that label: which model, and its review threshold."""
    parser.add_argument("-m", "--model", default=None, help="model folder (default: the shipped model)")
    parser.add_argument("--threshold", type=float, default=None, help="needs_review below this confidence")


def _labeled_options(parser: argparse.ArgumentParser) -> None:
    """Column and encoding options of the commands that read labeled data."""
    parser.add_argument("--text-column", default=None, help="column with the text (default: detected)")
    parser.add_argument("--intent-column", default=None, help="column with the intent (default: intent, 分類 …)")
    parser.add_argument("--reason-column", default=None, help="column with the reason (default: reason, 解約理由 …)")
    parser.add_argument("--encoding", default=None, help="force the files' encoding (default: UTF-8 or CP932)")


def _load_model(args: argparse.Namespace) -> vocclf.VocClassifier:
    model = vocclf.load(args.model)
    if args.threshold is not None:
        model.review_threshold = args.threshold
    return model


def _cmd_predict(args: argparse.Namespace) -> int:
    clf = _load_model(args)
    texts = args.text or [line.rstrip("\n") for line in sys.stdin]
    for p in clf.predict_many(texts):
        if args.json:
            print(json.dumps(p.to_dict(), ensure_ascii=False))
        else:
            reason = f"\t{p.reason} ({p.reason_confidence:.2f})" if p.reason else ""
            review = "\tneeds_review" if p.needs_review else ""
            print(f"{p.intent} ({p.confidence:.2f}){reason}{review}")
    return EXIT_OK


def _labeled_from_args(args: argparse.Namespace, paths: Sequence[str]) -> LabeledData:
    return read_labeled(
        paths,
        text_column=args.text_column,
        intent_column=args.intent_column,
        reason_column=args.reason_column,
        encoding=args.encoding,
    )


def _cmd_train(args: argparse.Namespace) -> int:
    if not args.data and not args.with_default_corpus:
        raise _UsageError("give labeled DATA files, --with-default-corpus, or both")
    params = json.loads(args.params) if args.params else {}
    model = vocclf.VocClassifier(**params)  # bad parameter names fail here, before reading data
    test: LabeledData | None = None
    if args.data:
        data = _labeled_from_args(args, args.data)
        if args.with_default_corpus:
            data = data + LabeledData.from_corpus("train")
        check_training_data(data, min_per_label=model._min_per_class(), cancellation_label=model.cancellation_label)
        if args.holdout > 0:
            data, test = data.split(args.holdout)
    else:
        data, test = LabeledData.from_corpus("train"), LabeledData.from_corpus("test")
    print(f"training on {len(data)} items…", file=sys.stderr)
    model.fit(data.texts, data.intents, data.reasons_or_none)
    report = None
    if test is not None:
        report = model.evaluate(test.texts, test.intents, test.reasons_or_none)
        print(f"held-out evaluation:\n{report}")
    folder = vocclf.save(model, args.output, evaluation=report)
    print(f"saved to {folder}", file=sys.stderr)
    return EXIT_OK


def _cmd_evaluate(args: argparse.Namespace) -> int:
    model = vocclf.load(args.model_path)
    data = _labeled_from_args(args, args.data)
    report = model.evaluate(data.texts, data.intents, data.reasons_or_none)
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if args.json else report)
    return EXIT_OK


class _UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


class _Progress:
    """A one-line progress display on stderr: rows, rate and, when the total is known, ETA.

    Silent unless stderr is a terminal (and not --quiet), so logs and pipes stay clean.
    """

    def __init__(self, total: int | None, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and sys.stderr.isatty()
        self.count = 0
        self.start = time.monotonic()
        self.shown = 0.0

    def update(self, rows: int = 1) -> None:
        self.count += rows
        now = time.monotonic()
        if self.enabled and now - self.shown >= 0.2:
            self.shown = now
            rate = self.count / max(now - self.start, 1e-9)
            line = f"\r{self.count:,} rows  {rate:,.0f}/s"
            if self.total:
                left = max(self.total - self.count, 0) / max(rate, 1e-9)
                line += f"  {100 * self.count / self.total:.0f}%  ETA {int(left // 60)}:{int(left % 60):02d}"
            sys.stderr.write(line + "  ")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def _records(path: str, args: argparse.Namespace) -> Iterator[Record]:
    """One input's records; a file that cannot be opened becomes one error record."""
    whole = Part(0, path, detect_format(path))
    yield from read_part(whole, text_column=args.text_column, id_column=args.id_column, encoding=args.encoding)


class _Warnings:
    """Row warnings on stderr by file and id (never by text): the first few, then a count."""

    def __init__(self, progress: _Progress, quiet: bool) -> None:
        self.progress = progress
        self.quiet = quiet
        self.count = 0

    def row(self, source: object, row_id: object, error: object) -> None:
        self.count += 1
        if self.count <= _MAX_WARNINGS and not self.quiet:
            self.progress.close()
            print(f"vocclf: warning: {source} row {row_id}: {error}", file=sys.stderr)

    def close(self, total: int | None = None) -> None:
        """``total``: rows with problems when more were counted than reported to us."""
        more = max(total or 0, self.count) - _MAX_WARNINGS
        if more > 0 and not self.quiet:
            print(f"vocclf: warning: … and {more} more rows with problems", file=sys.stderr)


def _accounted(
    rows: Iterable[dict[str, Any]], summary: LabelSummary, progress: _Progress, warnings: _Warnings
) -> Iterator[dict[str, Any]]:
    """Count rows and warn about problem rows."""
    for row in rows:
        summary.add(row)
        progress.update()
        if row["error"] is not None:
            warnings.row(row["source"], row["id"], row["error"])
        yield row
    warnings.close()


def _estimate_rows(paths: Sequence[str]) -> int | None:
    """Rough row count for the progress ETA: .eml files, mbox "From " lines, table lines.

    Counting bytes runs at disk speed; quoted newlines in CSV cells make it an
    overestimate, which only makes the ETA cautious. None for stdin.
    """
    total = 0
    for path in paths:
        if path == "-":
            return None
        fmt = detect_format(path)
        if fmt == "eml":
            total += sum(1 for _ in iter_eml_paths(path)) if Path(path).is_dir() else 1
            continue
        if fmt == "parquet":
            from vocclf.io.parquet import count_parquet_rows

            with contextlib.suppress(OSError, ValueError):  # a broken file is reported when read
                total += count_parquet_rows(path)
            continue
        needle = b"\nFrom " if fmt == "mbox" else b"\n"
        try:
            with open(path, "rb") as f:
                count = sum(block.count(needle) for block in iter(lambda: f.read(1 << 20), b""))
        except OSError:
            continue
        total += count + (1 if fmt == "mbox" else -1 if fmt in ("csv", "tsv") else 0)
    return max(total, 0)


def _cmd_label(args: argparse.Namespace) -> int:
    for path in args.inputs:
        if path != "-" and not os.path.exists(path):
            raise _UsageError(f"no such file or folder: {path}")
        try:
            detect_format(path)
        except ValueError as exc:
            raise _UsageError(str(exc)) from None
    if args.mask_pii and not args.include_text:
        raise _UsageError("--mask-pii masks the text column: use it with --include-text")
    if args.engine:
        return _label_on_engine(args)
    if args.scheduler:
        raise _UsageError("--scheduler needs --engine dask")
    try:
        output_format(args.output)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    model = _load_model(args)
    total = _estimate_rows(args.inputs) if not args.quiet and sys.stderr.isatty() else None
    records = (record for path in args.inputs for record in _records(path, args))
    rows = label_records(records, model, include_text=args.include_text, mask=args.mask_pii, n_jobs=args.n_jobs or 1)
    summary = LabelSummary()
    progress = _Progress(total, enabled=not args.quiet)
    fields = OUTPUT_FIELDS + (("text",) if args.include_text else ())
    try:
        write_rows(
            _accounted(rows, summary, progress, _Warnings(progress, args.quiet)),
            args.output,
            fields=fields,
            encoding=args.output_encoding,
        )
    finally:
        progress.close()
    if not args.quiet:
        print(summary, file=sys.stderr)
    return EXIT_OK if summary.failed == 0 else EXIT_SOME_ROWS_FAILED


def _label_on_engine(args: argparse.Namespace) -> int:
    """``--engine dask``: one task per part of the inputs, a folder of Parquet parts out."""
    if "-" in args.inputs:
        raise _UsageError("--engine reads files on the workers; standard input (-) cannot be used")
    if args.output is None or Path(args.output).suffix.lower() in (".csv", ".tsv", ".jsonl", ".parquet"):
        raise _UsageError("--engine writes a folder of Parquet files: give -o FOLDER (e.g. -o labeled/)")
    if args.threshold is not None:
        raise _UsageError("--threshold cannot be used with --engine; set it on the model and save it")
    try:
        import distributed

        import vocclf.dask
    except ImportError:
        raise _UsageError('--engine dask needs Dask: pip install "vocclf[dask]"') from None
    total = _estimate_rows(args.inputs) if not args.quiet and sys.stderr.isatty() else None
    progress = _Progress(total, enabled=not args.quiet)
    warnings = _Warnings(progress, args.quiet)

    def on_part(result: vocclf.dask.PartResult) -> None:
        progress.update(result.summary.rows)
        for source, row_id, error in result.problems:
            warnings.row(source, row_id, error)

    with contextlib.ExitStack() as stack:
        # Without --scheduler, label_files starts (and closes) a local cluster of --n-jobs workers.
        client = stack.enter_context(distributed.Client(args.scheduler)) if args.scheduler else None
        try:
            summary = vocclf.dask.label_files(
                args.inputs,
                args.output,
                model=args.model,
                client=client,
                n_workers=args.n_jobs if args.n_jobs and args.n_jobs > 0 else None,
                text_column=args.text_column,
                id_column=args.id_column,
                encoding=args.encoding,
                include_text=args.include_text,
                mask_pii=args.mask_pii,
                rows_per_part=args.rows_per_part,
                on_part=on_part,
            )
        finally:
            progress.close()
    warnings.close(summary.failed + summary.warned)  # parts report only their first problem rows
    if not args.quiet:
        print(f"{summary}\nwrote {args.output}", file=sys.stderr)
    return EXIT_OK if summary.failed == 0 else EXIT_SOME_ROWS_FAILED


def _cmd_report(args: argparse.Namespace) -> int:
    from vocclf.report import build_report, read_labeled_rows

    for path in args.inputs:
        if not os.path.isfile(path):
            raise _UsageError(f"no such file: {path}")
    rows = read_labeled_rows(args.inputs, encoding=args.encoding)
    model = _load_model(args) if args.model else None
    report = build_report(rows, model=model, period=args.period)
    report.write(args.output, title=args.title)
    if not args.quiet:
        print(
            f"{report.n_rows:,} rows: {report.n_labeled:,} labeled, {report.n_review:,} to review, "
            f"{report.n_errors:,} without a label; wrote {args.output}",
            file=sys.stderr,
        )
    return EXIT_OK


def _seed(value: str) -> tuple[str, list[str]]:
    """``配送=配送,届かない,遅延`` → ("配送", ["配送", "届かない", "遅延"])."""
    name, sep, words = value.partition("=")
    terms = [w.strip() for w in words.replace("、", ",").split(",") if w.strip()]
    if not sep or not name.strip() or not terms:
        raise argparse.ArgumentTypeError(f"expected NAME=TERM,TERM…, got {value!r}")
    return name.strip(), terms


def _cmd_themes(args: argparse.Namespace) -> int:
    from vocclf.report import read_labeled_rows
    from vocclf.themes import find_themes, theme_groups

    for path in args.inputs:
        if not os.path.isfile(path):
            raise _UsageError(f"no such file: {path}")
    if Path(args.output).suffix.lower() not in (".csv", ".json"):
        raise _UsageError(f"-o must end in .csv or .json, got {args.output}")
    rows = [r for r in read_labeled_rows(args.inputs, encoding=args.encoding) if r.get("intent")]
    if not any(isinstance(r.get("text"), str) and r["text"].strip() for r in rows):
        raise _UsageError("the labeled rows have no text: label with --include-text (and --mask-pii), then find themes")
    themes = find_themes(
        [r.get("text") for r in rows],
        groups=theme_groups([r["intent"] for r in rows], [r.get("reason") for r in rows]),
        dates=[r.get("date") for r in rows],
        seeds=dict(args.seed) if args.seed else None,
        max_themes=args.max_themes,
        min_size=args.min_size,
        period=args.period,
        n_jobs=args.n_jobs,
    )
    themes.write(args.output)
    if not args.quiet:
        for group, size in themes.group_sizes.most_common():
            top = [f"{t.label} {t.size}" for t in themes.in_group(group) if not t.is_other][:3]
            print(f"{group} ({size}): {' / '.join(top) or '—'}", file=sys.stderr)
        print(f"{len(themes)} themes in {len(themes.group_sizes)} groups; wrote {args.output}", file=sys.stderr)
    return EXIT_OK


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
    )
    p.add_argument("text", nargs="*", help="texts to label; none reads lines from stdin")
    _model_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object per text")
    p.set_defaults(run=_cmd_predict)

    lab = sub.add_parser(
        "label",
        help="label exported mail and helpdesk tables into a CSV, JSONL or Parquet file",
        description=(
            "Label every message or row of the inputs, in order, one output row each.\n"
            "Inputs: .eml files or folders of them, .mbox, CSV/TSV (UTF-8 or CP932), JSONL, Parquet, "
            "- (JSONL on stdin).\n"
            f"Exit codes: 0 all rows labeled, {EXIT_SOME_ROWS_FAILED} some rows failed (see their error column), "
            "2 usage error, 1 other failure."
        ),
        epilog=(
            "examples:\n  vocclf label mail/ -o labeled.csv\n"
            "  vocclf label export.csv --text-column 問い合わせ内容 -o labeled.csv"
        ),
    )
    lab.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders of .eml, or - for JSONL on stdin")
    lab.add_argument(
        "-o", "--output", default=None, help="OUT.csv, OUT.jsonl or OUT.parquet (default: JSONL on stdout)"
    )
    _model_options(lab)
    lab.add_argument("--text-column", default=None, help="table column with the text (default: detected)")
    lab.add_argument("--id-column", default=None, help="table column with the row id (default: detected)")
    lab.add_argument("--encoding", default=None, help="force the input tables' encoding (default: UTF-8 or CP932)")
    lab.add_argument(
        "--output-encoding", default="utf-8-sig", help="CSV output encoding (default utf-8-sig for Excel; or cp932)"
    )
    lab.add_argument("--include-text", action="store_true", help="add the cleaned text as a column")
    lab.add_argument(
        "--mask-pii", action="store_true", help="mask e-mails, phone and order numbers, names … in that text column"
    )
    lab.add_argument(
        "--n-jobs", type=int, default=None, help="worker processes (-1: all cores; default 1, with --engine all)"
    )
    lab.add_argument("--engine", choices=("dask",), default=None, help="label on Dask; -o is then a folder")
    lab.add_argument("--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler (default: a local cluster)")
    lab.add_argument(
        "--rows-per-part", type=int, default=50_000, help="with --engine: target rows per task (default 50000)"
    )
    lab.add_argument("-q", "--quiet", action="store_true", help="no progress, warnings or summary")
    lab.set_defaults(run=_cmd_label)

    t = sub.add_parser(
        "train",
        help="train a model on labeled exports (and/or the default corpus) and save it with its card",
        description=(
            "Train on labeled CSV/TSV/JSONL files. The data is checked first (columns, labels, reasons, "
            "counts, conflicting duplicates); a stratified share is held out and scored for the model card."
        ),
        epilog=(
            "examples:\n  vocclf train labeled.csv -o my_model\n"
            "  vocclf train labeled.csv --with-default-corpus --intent-column 分類 -o my_model\n"
            "  vocclf train --with-default-corpus -o models/default   # rebuild the shipped model"
        ),
    )
    t.add_argument("data", nargs="*", metavar="DATA", help="labeled CSV, TSV or JSONL files")
    t.add_argument("-o", "--output", required=True, help="model folder to write")
    t.add_argument("--with-default-corpus", action="store_true", help="add the shipped corpus (train split)")
    t.add_argument("--holdout", type=float, default=0.2, help="share of DATA held out for the card (0: none)")
    t.add_argument("--params", default=None, help="VocClassifier parameters as JSON, e.g. '{\"C\": 10}'")
    _labeled_options(t)
    t.set_defaults(run=_cmd_train)

    e = sub.add_parser(
        "evaluate",
        help="score a model on labeled data: per-class precision/recall/F1 and confusion matrices",
        epilog="examples:\n  vocclf evaluate my_model labeled.csv\n  vocclf evaluate models/default test.jsonl --json",
    )
    e.add_argument("model_path", metavar="MODEL", help="model folder")
    e.add_argument("data", nargs="+", metavar="DATA", help="labeled CSV, TSV or JSONL files")
    e.add_argument("--json", action="store_true", help="the report as JSON")
    _labeled_options(e)
    e.set_defaults(run=_cmd_evaluate)

    r = sub.add_parser(
        "report",
        help="turn labeled output into a self-contained HTML VOC report",
        description=(
            "Read the output of vocclf label (CSV or JSONL; any table with intent/reason/date columns) and write "
            "one HTML page: totals, cancellation reasons, the trend with sudden rises, distinctive words and "
            "representative messages (personal data masked), rows per file and errors. It works offline."
        ),
        epilog=(
            "example:\n  vocclf label mail/ --include-text --mask-pii -o labeled.csv\n"
            "  vocclf report labeled.csv -o report.html"
        ),
    )
    r.add_argument("inputs", nargs="+", metavar="LABELED", help="labeled CSV/TSV/JSONL files")
    r.add_argument("-o", "--output", required=True, help="the HTML file to write")
    r.add_argument("--title", default="VOC レポート", help="page title")
    r.add_argument("--period", choices=("auto", "week", "month"), default="auto", help="trend unit (default: auto)")
    r.add_argument("--encoding", default=None, help="force the input encoding (default: UTF-8 or CP932)")
    r.add_argument(
        "-m", "--model", default=None, help="model whose weights name each label's words when the input has no text"
    )
    r.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    r.set_defaults(run=_cmd_report)
    _add_themes_parser(sub)
    return parser


def _add_themes_parser(sub: Any) -> None:
    th = sub.add_parser(
        "themes",
        help="group labeled messages into recurring themes per intent and cancellation reason",
        description=(
            "Find what keeps coming back: within each intent (and each cancellation reason) the messages\n"
            "are grouped by what they talk about, each theme named by its characteristic words, with\n"
            "its size, share, trend per week or month and typical messages (personal data masked).\n"
            "Input: the output of vocclf label --include-text (best with --mask-pii)."
        ),
        epilog=(
            "examples:\n  vocclf label export.csv --include-text --mask-pii -o labeled.csv\n"
            "  vocclf themes labeled.csv -o themes.csv\n"
            "  vocclf themes labeled.csv -o themes.json --seed 配送=配送,届かない,遅延"
        ),
    )
    th.add_argument("inputs", nargs="+", metavar="LABELED", help="labeled CSV/TSV/JSONL files with a text column")
    th.add_argument("-o", "--output", required=True, help="themes.csv (for Excel) or themes.json")
    th.add_argument(
        "--seed", action="append", type=_seed, metavar="NAME=TERMS", help="a theme named in advance (repeatable)"
    )
    th.add_argument("--max-themes", type=int, default=10, help="most themes per group (default 10)")
    th.add_argument("--min-size", type=int, default=None, help="fewest messages per theme (default 3 or 2%%)")
    th.add_argument("--period", choices=("auto", "week", "month"), default="auto", help="trend unit (default: auto)")
    th.add_argument("--encoding", default=None, help="force the input encoding (default: UTF-8 or CP932)")
    th.add_argument("--n-jobs", type=int, default=1, help="processes reading the texts (-1: all cores)")
    th.add_argument("-q", "--quiet", action="store_true", help="no summary")
    th.set_defaults(run=_cmd_themes)


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
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        print(f"vocclf: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("vocclf: interrupted", file=sys.stderr)
        return 130
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

"""The VOC report: numbers match the labeled input, text is masked, the page is offline."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import vocclf
from vocclf import Record, build_report, content_words, label_records, read_labeled_rows
from vocclf.report import Rise

START = dt.date(2026, 8, 3)  # a Monday
SECRETS = ("山田 太郎様", "yamada.taro@example.jp", "090-1234-5678", "注文番号 A-77881234")


@pytest.fixture(scope="module")
def labeled(default_model: vocclf.VocClassifier) -> list[dict]:
    """The corpus test split labeled by the shipped model, spread over 12 weeks, with a
    burst of complaints in the last week, personal data in some texts and one bad row."""
    rows = [r for r in vocclf.load_corpus("test")][:400]
    records = [
        Record(
            "export_a.csv" if i % 3 else "mail/", r["id"], r["text"], (START + dt.timedelta(days=i % 77)).isoformat()
        )
        for i, r in enumerate(rows)
    ]
    complaints = [r for r in rows if r["intent"] == "complaint"][:30]
    records += [
        Record(
            "export_b.csv", f"burst{i}", f"{r['text']} {' '.join(SECRETS)}", (START + dt.timedelta(days=80)).isoformat()
        )
        for i, r in enumerate(complaints)
    ]
    records.append(Record("export_b.csv", "bad", None, error="unreadable row: NUL byte"))
    return list(label_records(records, default_model, include_text=True))


def test_totals_match_the_input(labeled: list[dict]) -> None:
    report = build_report(labeled)
    ok = [r for r in labeled if r["intent"] is not None]
    assert report.n_rows == len(labeled)
    assert report.n_labeled == len(ok)
    assert report.n_errors == 1
    assert report.intents == Counter(r["intent"] for r in ok)
    assert report.reasons == Counter(r["reason"] for r in ok if r["intent"] == "cancellation")
    assert report.n_review == sum(bool(r["needs_review"]) for r in ok)
    assert report.sources == Counter(r["source"] for r in labeled)
    assert report.period == "week"
    assert sum(sum(c.values()) for c in report.trend.values()) == len(ok)
    page = report.to_html()
    assert f'id="n-rows">{len(labeled):,}<' in page
    assert f'id="n-labeled">{len(ok):,}<' in page
    for intent, n in report.intents.items():
        assert f"{n:,} 件 ({n / len(ok):.1%})" in page, intent


def test_the_burst_is_marked_as_a_rise(labeled: list[dict]) -> None:
    report = build_report(labeled)
    last_week = (START + dt.timedelta(days=80 - (START + dt.timedelta(days=80)).weekday())).isoformat()
    assert any(r.kind == "intent" and r.label == "complaint" and r.period == last_week for r in report.rises)
    assert 'id="rises"' in report.to_html()


def test_rises_need_a_real_jump() -> None:
    def rows(counts: list[int]) -> list[dict]:
        out = []
        for week, n in enumerate(counts):
            day = (START + dt.timedelta(weeks=week)).isoformat()
            out += [{"intent": "complaint", "date": day}] * n + [{"intent": "question", "date": day}] * 10
        return out

    steady = build_report(rows([10, 12, 9, 11, 10, 12]), model=None, texts=None)
    assert steady.rises == []
    jump = build_report(rows([10, 12, 9, 11, 10, 40]))
    assert [(r.label, r.count) for r in jump.rises] == [("complaint", 40)]
    assert isinstance(jump.rises[0], Rise)
    assert jump.rises[0].factor == pytest.approx(40 / 10.5)  # the mean of the four weeks before


def test_personal_data_never_reaches_the_page(labeled: list[dict]) -> None:
    page = build_report(labeled).to_html()
    for secret in (*SECRETS, "山田", "1234-5678", "77881234"):
        assert secret not in page


def test_page_is_offline_and_well_formed(labeled: list[dict]) -> None:
    page = build_report(labeled).to_html()
    assert not re.search(r"https?://|//[a-z]|<script|<link|@import|<img|<iframe", page, re.I)

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.svgs = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag not in ("meta", "br"):
                self.stack.append(tag)
            self.svgs += tag == "svg"

        def handle_startendtag(self, tag: str, attrs: object) -> None:
            pass  # <rect/>, <line/>: complete in themselves

        def handle_endtag(self, tag: str) -> None:
            assert self.stack.pop() == tag

    parser = Tags()
    parser.feed(page)
    assert parser.stack == []
    report = build_report(labeled)
    assert report.themes is not None
    listed = sum(min(6, sum(not t.is_other for t in report.themes.in_group(g))) for g in report.themes.group_sizes)
    assert parser.svgs == 4 + listed  # intents, reasons, the two trends, and a sparkline per theme shown


def test_the_themes_section_shows_each_groups_themes(labeled: list[dict]) -> None:
    report = build_report(labeled)
    assert report.themes is not None
    page = report.to_html()
    assert 'id="themes"' in page
    assert set(report.themes.group_sizes) >= {"complaint", "request", "question"}
    for theme in report.themes:
        if not theme.is_other and theme in report.themes.in_group(theme.group)[:6]:
            assert html.escape(theme.label) in page
            assert sum(theme.trend.values()) == theme.size
    burst = {i for i, r in enumerate(r for r in labeled if r["intent"]) if str(r["id"]).startswith("burst")}
    rising = [t for t in report.themes if t.rising]
    # The last week's 30 extra complaints (the same texts as earlier ones) make their themes rise.
    assert rising
    assert all(t.group == "complaint" for t in rising)
    assert all(burst & set(t.members) for t in rising)
    assert build_report(labeled, themes=False).themes is None


def test_groups_show_distinctive_words_and_masked_examples(labeled: list[dict]) -> None:
    report = build_report(labeled)
    groups = {g.label: g for g in report.groups}
    assert set(groups) == set(report.intents) | set(report.reasons)
    assert "解約" in groups["cancellation"].terms
    for group in groups.values():
        assert group.terms_from == "texts"
        assert 1 <= len(group.examples) <= 3
        assert "電話番号" not in group.terms  # placeholders are not topics


def test_without_texts_words_come_from_the_model(labeled: list[dict], default_model: vocclf.VocClassifier) -> None:
    rows = [{k: v for k, v in r.items() if k != "text"} for r in labeled]
    report = build_report(rows, model=default_model)
    assert all(g.terms_from == "model" and g.terms and not g.examples for g in report.groups)
    assert "--include-text --mask-pii" in report.to_html()


def test_without_dates_there_is_no_trend() -> None:
    report = build_report([{"intent": "question"}, {"intent": "complaint"}], texts=["送料は？", "箱が潰れていた"])
    assert report.period is None
    assert report.undated == 2
    assert "推移は表示できません" in report.to_html()


def test_from_a_dataframe_and_from_predictions(default_model: vocclf.VocClassifier) -> None:
    texts = ["定期便を解約したいです", "商品が届きません", "送料はいくらですか", "次回の配送日を変更してください"]
    frame = vocclf.label_frame(pd.DataFrame({"text": texts}), "text", default_model)
    from_frame = build_report(frame)
    from_predictions = build_report(default_model.predict_many(texts), texts=texts)
    assert (
        from_frame.intents == from_predictions.intents == Counter(p.intent for p in default_model.predict_many(texts))
    )
    with pytest.raises(ValueError, match="4 rows but 1 texts"):
        build_report(default_model.predict_many(texts), texts=texts[:1])


def test_read_labeled_rows_from_label_output(tmp_path: Path, labeled: list[dict]) -> None:
    path = tmp_path / "labeled.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in labeled), encoding="utf-8")
    rows = read_labeled_rows(str(path))
    assert build_report(rows).intents == build_report(labeled).intents
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no intent column"):
        read_labeled_rows(str(tmp_path / "other.csv"))


def test_cli_label_with_masking_then_report(tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text(
        "id,date,text\n"
        "1,2026-10-01,定期便を解約したいです。山田 太郎様 090-1234-5678\n"
        "2,2026-10-02,商品が届きません。連絡は yamada.taro@example.jp へ\n"
        "3,2026-10-09,送料はいくらですか\n",
        encoding="cp932",
    )
    labeled_csv = tmp_path / "labeled.csv"
    cli = [sys.executable, "-m", "vocclf.cli"]
    run = subprocess.run(
        [*cli, "label", str(source), "--include-text", "--mask-pii", "-o", str(labeled_csv), "-q"], check=False
    )
    assert run.returncode == 0
    written = labeled_csv.read_text(encoding="utf-8-sig")
    assert "[電話番号]" in written
    assert "090-1234-5678" not in written
    assert "yamada.taro@example.jp" not in written
    page = tmp_path / "report.html"
    run = subprocess.run(
        [*cli, "report", str(labeled_csv), "-o", str(page)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "3 rows: 3 labeled" in run.stderr
    assert 'id="n-rows">3<' in page.read_text(encoding="utf-8")
    usage = subprocess.run(
        [*cli, "label", str(source), "--mask-pii", "-q"], capture_output=True, text=True, check=False
    )
    assert usage.returncode == 2
    assert "--include-text" in usage.stderr


def test_content_words_drop_boilerplate_and_keep_negation() -> None:
    words = content_words("お世話になっております。定期便の商品がまだ届かないので、ご確認をお願いいたします。")
    assert "届かない" in words
    assert "商品" in words
    assert not {"世話", "確認", "お願い", "なる"} & set(words)
    assert content_words("") == []

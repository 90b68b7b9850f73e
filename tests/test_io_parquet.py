"""Parquet in and out of `vocclf label`, without an engine."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vocclf
from vocclf import clean_text
from vocclf.cli import main
from vocclf.io import detect_format, read_records
from vocclf.io.parts import plan_parts, read_part

pytest.importorskip("pyarrow")


@pytest.fixture
def export(tmp_path: Path) -> Path:
    texts = [r["text"] for r in vocclf.load_corpus("test")][:120]
    texts[5] = None  # type: ignore[call-overload]
    texts[6] = ""
    frame = pd.DataFrame(
        {"チケット番号": range(1000, 1000 + len(texts)), "受付日": ["2026-10-01"] * len(texts), "本文": texts}
    )
    path = tmp_path / "export.parquet"
    frame.to_parquet(path)
    return path


def test_records_stream_with_columns_found_by_name(export: Path) -> None:
    records = list(read_records(str(export)))
    assert len(records) == 120
    assert [r.id for r in records[:3]] == ["1000", "1001", "1002"]
    assert records[0].date == "2026-10-01"
    assert records[5].text is None
    assert records[5].error == "no text in this row"


def test_label_parquet_to_parquet(export: Path, tmp_path: Path, default_model: vocclf.VocClassifier) -> None:
    out = tmp_path / "labeled.parquet"
    assert main(["label", str(export), "-o", str(out), "-q"]) == 3  # two rows without text
    labeled = pd.read_parquet(out)
    source = pd.read_parquet(export)
    assert list(labeled["id"]) == [str(i) for i in source["チケット番号"]]  # rows in = rows out, in order
    assert str(labeled["confidence"].dtype) == "float64"
    assert labeled["needs_review"].dropna().map(type).eq(bool).all()
    good = [isinstance(t, str) and t.strip() != "" for t in source["本文"]]
    expected = default_model.predict_many([clean_text(t) for t, ok in zip(source["本文"], good, strict=True) if ok])
    assert list(labeled["intent"][good]) == [p.intent for p in expected]
    assert labeled["error"][[not ok for ok in good]].notna().all()


def test_csv_in_parquet_out_and_missing_text_column(tmp_path: Path) -> None:
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("id,本文\n1,解約したいです\n2,送料はいくらですか\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert main(["label", str(csv_path), "-o", str(out), "-q"]) == 0
    assert list(pd.read_parquet(out)["intent"]) == ["cancellation", "question"]
    no_text = tmp_path / "no_text.parquet"
    pd.DataFrame({"id": [1, 2], "price": [100, 200]}).to_parquet(no_text)
    rows = list(read_records(str(no_text)))
    assert len(rows) == 2
    assert all(r.text is None and "no column" in (r.error or "") for r in rows)


def test_a_broken_parquet_file_is_one_error_row_and_the_others_go_on(tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not really parquet")
    good = tmp_path / "good.csv"
    good.write_text("id,本文\n1,解約したいです\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["label", str(broken), str(good), "-o", str(out), "-q"]) == 3
    rows = pd.read_csv(out, encoding="utf-8-sig")
    assert len(rows) == 2
    assert rows["error"][0].startswith("cannot read as Parquet")
    assert rows["intent"][1] == "cancellation"


def test_a_folder_of_parquet_files_is_read_as_one_dataset(tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    for year, texts in (("2024", ["解約したい", "届かない"]), ("2025", ["使い方を教えて"])):
        (lake / f"year={year}").mkdir(parents=True)
        pd.DataFrame({"body": texts}).to_parquet(lake / f"year={year}" / "part-0.parquet")
    assert detect_format(str(lake)) == "parquet"
    records = list(read_records(str(lake)))
    assert [r.text for r in records] == ["解約したい", "届かない", "使い方を教えて"]
    assert records[2].source.endswith("year=2025/part-0.parquet")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    groups=st.lists(st.integers(min_value=1, max_value=40), min_size=0, max_size=8),
    rows_per_part=st.integers(min_value=1, max_value=100),
    with_ids=st.booleans(),
)
def test_parts_put_back_in_order_are_the_file(
    tmp_path_factory: pytest.TempPathFactory, groups: list[int], rows_per_part: int, with_ids: bool
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    path = tmp_path_factory.mktemp("parts") / "t.parquet"
    schema = pa.schema([("id", pa.string()), ("text", pa.string())] if with_ids else [("text", pa.string())])
    with pq.ParquetWriter(str(path), schema) as writer:
        start = 0
        for size in groups:  # one write per row group, of the drawn size
            texts = [f"文{i}" if i % 7 else None for i in range(start, start + size)]
            columns = (
                {"id": [f"X{i}" for i in range(start, start + size)], "text": texts} if with_ids else {"text": texts}
            )
            writer.write_table(pa.table(columns, schema=schema))
            start += size
    parts = plan_parts([str(path)], rows_per_part)
    assert [p.index for p in parts] == list(range(len(parts)))
    assert all((p.rows or 0) < rows_per_part + 40 for p in parts)
    assert [r for p in parts for r in read_part(p)] == list(read_records(str(path)))


def test_eml_folders_are_split_in_chunks_and_other_files_stay_whole(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("本文\n解約したい\n", encoding="utf-8")
    parts = plan_parts([str(tmp_path / "x.csv")])
    assert [(p.format, p.rows, p.row_groups) for p in parts] == [("csv", None, None)]
    with pytest.raises(ValueError, match="standard input"):
        plan_parts(["-"])

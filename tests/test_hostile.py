"""Hostile input: random bytes, broken structure and killed runs never crash or lose rows."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mailbuild import message

from vocclf.io import Record, parse_message, read_records

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes_as_mail(data: bytes) -> None:
    record = parse_message(data, "fuzz.eml", "f")
    assert isinstance(record, Record)
    assert record.text is not None or record.error is not None


@FUZZ
@given(st.binary(max_size=2000), st.integers(min_value=0, max_value=400))
@example(noise=b"\x80", cut=276)  # found by this test: an 8-bit byte made Message-ID a Header object
def test_truncated_and_corrupted_mail(noise: bytes, cut: int) -> None:
    raw = message("定期便を解約したいです。" * 5, charset="iso-2022-jp", transfer="base64")
    record = parse_message(raw[: len(raw) - cut] + noise, "fuzz.eml", "f")
    assert record.text is not None or record.error is not None


def test_deeply_nested_and_huge_multiparts() -> None:
    inner = b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + "解約したい".encode()
    for depth in range(200):  # far past the reader's nesting bound
        inner = (
            f'Content-Type: multipart/mixed; boundary="b{depth}"\r\n\r\n--b{depth}\r\n'.encode()
            + inner
            + f"\r\n--b{depth}--\r\n".encode()
        )
    started = time.monotonic()
    record = parse_message(b"Subject: deep\r\nMIME-Version: 1.0\r\n" + inner, "deep.eml", "f")
    assert record.text is not None or record.error is not None
    parts = "".join(f"--B\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n" for i in range(5000))
    many = f'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n{parts}--B--\r\n'.encode()
    assert parse_message(many, "many.eml", "f").text == "part 0"
    huge_header = b"Subject: " + b"x" * 1_000_000 + b"\r\n\r\nbody"
    assert parse_message(huge_header, "h.eml", "f").text == "body"
    assert time.monotonic() - started < 60  # bounded, not a hang (generous: a shared CI machine)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_as_csv(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "x.csv"
    path.write_bytes(b"id,text\r\n" + data)
    records = list(read_records(str(path)))
    assert all(isinstance(r, Record) for r in records)
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids)) or any(r.error for r in records)  # row numbers, or the id column


def test_nul_bytes_unbalanced_quotes_ragged_rows_mixed_encodings(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        "id,本文\r\n1,解約したい\r\n".encode("cp932")
        + b"2,ab\x00cd\r\n"
        + '3,"閉じない引用\r\n4,x\r\n'.encode()
        + b"5\r\n"
    )
    records = list(read_records(str(path)))
    assert records  # something was read, nothing raised
    assert all(r.text is not None or r.error is not None for r in records)


@pytest.fixture
def big_export(tmp_path: Path, corpus: list[dict]) -> Path:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        for n in range(20):
            for r in corpus:
                writer.writerow([f"{n}-{r['id']}", r["text"]])
    return path


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_killed_run_leaves_previous_output_untouched(big_export: Path, tmp_path: Path, sig: int) -> None:
    out = tmp_path / "labeled.csv"
    out.write_text("previous complete output\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("vocclf")
    proc = subprocess.Popen(
        [str(exe), "label", str(big_export), "-o", str(out), "-q"],
        stderr=subprocess.PIPE,
        # A shell without job control starts background jobs with SIGINT ignored, and the
        # child would inherit that (seen when CI itself ran in the background).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    temp_seen = False
    for _ in range(600):  # wait until it is writing its temporary file (or 60 s)
        if any(p.name.startswith(".labeled.csv.") for p in tmp_path.iterdir()):
            temp_seen = True
            break
        time.sleep(0.1)
    assert temp_seen, "the run never started writing"
    proc.send_signal(sig)
    code = proc.wait(timeout=60)
    assert code != 0
    assert out.read_text(encoding="utf-8") == "previous complete output\n"
    if sig == signal.SIGINT:  # a clean interrupt also removes its temporary file
        assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "labeled.csv"]
        assert b"interrupted" in proc.stderr.read()  # type: ignore[union-attr]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # field 4: parent pid
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker processes")
def test_dead_worker_is_reported_and_nothing_half_written(big_export: Path, tmp_path: Path) -> None:
    out = tmp_path / "labeled.csv"
    exe = Path(sys.executable).with_name("vocclf")
    proc = subprocess.Popen(
        [str(exe), "label", str(big_export), "-o", str(out), "-q", "--n-jobs", "2"], stderr=subprocess.PIPE
    )
    killed = False
    for _ in range(1200):  # up to 60 s for a worker to appear
        workers = _children(proc.pid)
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            killed = True
            break
        time.sleep(0.05)
    assert killed, "no worker process appeared"
    assert proc.wait(timeout=120) == 1
    err = proc.stderr.read().decode()  # type: ignore[union-attr]
    assert "worker process died" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv"]


def test_disk_full_is_one_clear_line(big_export: Path, tmp_path: Path) -> None:
    import resource

    out = tmp_path / "labeled.csv"
    out.write_text("previous complete output\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("vocclf")

    def small_disk() -> None:  # writes past 200 kB fail with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    result = subprocess.run(
        [str(exe), "label", str(big_export), "-o", str(out), "-q"], capture_output=True, text=True,
        preexec_fn=small_disk, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("vocclf: error:")
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "previous complete output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "labeled.csv"]


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=200),
            st.sampled_from(["> 引用だけ", "-- \n署名だけ", "   ", "解約したい", "送料は？"]),
        ),
        max_size=30,
    ),
    st.integers(min_value=1, max_value=7),
)
def test_rows_in_equal_rows_out(default_model: object, texts: list[str | None], batch_size: int) -> None:
    from vocclf.labeling import label_records

    records = [Record("s", str(i), t, error=None if t is not None else "unreadable") for i, t in enumerate(texts)]
    rows = list(label_records(records, default_model, batch_size=batch_size))  # type: ignore[arg-type]
    assert [r["id"] for r in rows] == [r.id for r in records]
    assert all((r["intent"] is None) == (r["error"] is not None and r["confidence"] is None) for r in rows)


def test_no_text_reaches_the_log(tmp_path: Path) -> None:
    secrets = [f"秘密の本文{i}番：山田花子 090-1234-56{i:02d}" for i in range(8)]
    path = tmp_path / "p.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text", "extra"])
        for i, secret in enumerate(secrets):
            writer.writerow([f"R{i}", secret if i % 2 else "", secret])  # half the rows fail
    exe = Path(sys.executable).with_name("vocclf")
    result = subprocess.run(
        [str(exe), "label", str(path), "-o", str(tmp_path / "o.csv")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 3
    assert "R0" in result.stderr  # problems are named by row id …
    assert not any(s[:6] in result.stderr or "山田" in result.stderr for s in secrets)  # … never by text

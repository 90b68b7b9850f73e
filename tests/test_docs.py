"""The README's examples run, and every command is documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vocclf.cli import _build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    first_block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert first_block is not None
    commands = first_block.group(1).strip().splitlines()
    assert commands[0].startswith("pip install . && vocclf ")
    assert commands[1] == 'pip install -e ".[dev]" && pytest'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install, test = commands[1].split(" && ")
    assert commands[0] in ci
    assert f"\n{install}\n" in ci
    assert f"\n{test}\n" in ci


def test_python_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # the example saves a model into the working directory
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("cancellation no_effect False")
    assert "\ncancellation\n" in out  # the labeling example
    assert "[('cancellation', 1)]\n[氏名]様、[電話番号] まで\n" in out  # the report example
    assert "[('割れる・容器', 3), ('届かない', 3)]\n" in out  # the themes example
    assert (tmp_path / "my_model" / "model.joblib").is_file()


def test_every_command_is_documented() -> None:
    parser = _build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands
    for name in commands:
        assert f"vocclf {name}" in README, f"README does not show `vocclf {name}`"


def test_quality_tables_match_the_model_card() -> None:
    """The per-class tables in the README and docs/model_selection.md are the card's figures."""
    card = json.loads((ROOT / "models" / "default" / "model_card.json").read_text(encoding="utf-8"))
    for doc in (README, (ROOT / "docs" / "model_selection.md").read_text(encoding="utf-8")):
        for head in ("intent", "reason"):
            scores = card["evaluation"][head]
            for label in scores["labels"]:
                p, r, f1 = (scores[k][label] for k in ("precision", "recall", "f1"))
                assert f"| `{label}` | {p:.3f} | {r:.3f} | {f1:.3f} | {scores['support'][label]} |" in doc
            assert f"**{scores['macro_f1']:.3f}**" in doc

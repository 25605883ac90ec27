"""The README shows the app and the format as they are: its example validates, its pictures match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.banks import load_banks
from quizapp.paths import topics_file

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SNAPSHOTS = ROOT / "tests" / "tui" / "__snapshots__" / "test_snapshots"


def test_the_bank_example_validates_and_has_every_kind(tmp_path: Path) -> None:
    block = re.search(r"<!-- readme:bank-example -->\n```yaml\n(.*?)```", README, re.S)
    assert block, "the README lost its bank example"
    bank = tmp_path / "example.yaml"
    bank.write_text(block.group(1), encoding="utf-8")
    result = load_banks([bank], topics_path=topics_file())
    assert result.errors == []
    kinds = {q.kind for q in result.questions.values()}
    assert kinds == {"choice", "multi", "short", "flashcard", "numeric", "spot_the_mistake"}


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "choice_question",
        "numeric_feedback_with_worked_solution",
        "statistics",
        "mock_report",
    ],
)
def test_screenshots_are_the_current_snapshots(name: str) -> None:
    shown = ROOT / "docs" / "screenshots" / f"{name}.svg"
    assert f"docs/screenshots/{name}.svg" in README
    snapshot = SNAPSHOTS / f"test_{name}[120x40].svg"
    assert shown.read_bytes() == snapshot.read_bytes(), (
        f"copy {snapshot.relative_to(ROOT)} to {shown.relative_to(ROOT)} after updating snapshots"
    )

"""SVG snapshots of a code question at 80x24 and 120x40: the task, and a failed verdict.

The bank is the built-in LSTM-step question (PyTorch layout, rows); data paths are fixed per
test so the status line's file path is stable. Update with ``--snapshot-update`` only after
reading the report.
"""

from __future__ import annotations

import pytest
import yaml
from textual.pilot import Pilot
from textual.widgets import TextArea

from quizapp.drills import get_drill
from quizapp.paths import builtin_banks_dir
from quizapp.tui.app import QuizApp
from tests.helpers import SNAPSHOT_SIZE_IDS, SNAPSHOT_SIZES, SnapCompare, snapshot_app

QUESTION = "code_drills.lstm-step-rows"


def _bank() -> str:
    """The built-in code bank cut down to the one question these snapshots show."""
    data = yaml.safe_load((builtin_banks_dir() / "code_drills.yaml").read_text("utf-8"))
    data["questions"] = [q for q in data["questions"] if q["id"] == QUESTION]
    data["questions"][0]["topics"] = ["lstm.equations"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _app(name: str) -> QuizApp:
    return snapshot_app(name, _bank(), bank_file="code.yaml")


async def _steady(pilot: Pilot[None]) -> TextArea:
    editor = pilot.app.screen.query_one("#code", TextArea)
    editor.cursor_blink = False  # a blink landing before the screenshot would hide the cursor
    await pilot.pause()
    return editor


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_code_task(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The task: progress line naming drill lstm-step.rows, the prompt, "Write lstm_step (...)"
    with the signature below it (scrollable at 80x24), the starter code highlighted in the
    editor with line numbers and the cursor at line 1, the status line with the file path
    (…/data/drills/lstm-step.rows.py) and the key bar with ^r Check, ^o $EDITOR, ^t Hint,
    ^g Give up."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await _steady(pilot)

    assert snap_compare(_app(f"code-task-{size[0]}"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=SNAPSHOT_SIZE_IDS)
def test_code_failed_verdict(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """A failed check of the reference with the forget gate dropped: the task pane shrunk, the
    editor scrolled to the slip (line "c = c_prev + i * g", cursor on it), the bold line "✗ Looks like the forget gate was left out
    (c = c_prev + i ⊙ g)", then the verdict pane from its top: "FAIL  lstm-step.rows: h and c
    differ from the engine's in case 1 of 8 (hand-sized)" and the case's inputs (the rest
    scrolls), and the status line "Check 1 failed · fix it, ctrl+r again · ctrl+g: the reference"."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        editor = await _steady(pilot)
        wrong = get_drill("lstm-step.rows").reference.replace(
            "c = f * c_prev + i * g", "c = c_prev + i * g"
        )
        editor.load_text(wrong)
        row = wrong.splitlines().index("    c = c_prev + i * g")
        editor.move_cursor((row, 4), center=True)  # the slip in view
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(f"code-verdict-{size[0]}"), terminal_size=size, run_before=run_before)

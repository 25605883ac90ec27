"""A code question in the app, driven by the keyboard as a learner would (issue 19).

Start a review, write a naive sigmoid in the in-app editor, check it (it fails: the verdict
names the overflow and the failing case), fix it, check again (it passes), rate it. Then the
ways out and back: leaving keeps the file, giving up shows the reference, $EDITOR edits the
same file with the app suspended, and the limits of the checker reach the screen as messages.
"""

from __future__ import annotations

import contextlib
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

import quizapp.drills
from quizapp.core.code_drill import solution_path
from quizapp.core.context import QuizContext
from quizapp.drills import Limits
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.code_feedback import CodeFeedbackScreen
from quizapp.tui.screens.code_question import CodeQuestionScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.summary import SummaryScreen
from tests.helpers import RunApp, make_context

SIGMOID_BANK = """\
bank: {id: code, title: Code}
questions:
  - id: code.sigmoid
    kind: code
    topics: [gates.definition]
    prompt: Write a sigmoid that never overflows.
    drill: sigmoid
    explanation: Branch on the sign so exp only ever sees -|a|.
    hints: [exp(-|a|) never overflows.]
"""

NAIVE = ["import numpy as np", "def sigmoid(x):", "    return 1 / (1 + np.exp(-x))"]
STABLE = [
    "import numpy as np",
    "def sigmoid(x):",
    "    e = np.exp(-np.abs(x))",
    "    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))",
]


@pytest.fixture
def code_context(tmp_path: Path) -> Iterator[QuizContext]:
    ctx = make_context(tmp_path, SIGMOID_BANK)
    assert ctx.catalog.errors == []
    yield ctx
    ctx.close()


def _keys(lines: list[str]) -> list[str]:
    """Keystrokes that type ``lines`` into the TextArea (no auto-indent: spaces typed)."""
    keys: list[str] = []
    for number, line in enumerate(lines):
        if number:
            keys.append("enter")
        keys += ["space" if ch == " " else ch for ch in line]
    return keys


def _text(app: QuizApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _checked(app: QuizApp, pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("ctrl+r")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_start_edit_check_fail_fix_pass_rate(
    code_context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(code_context, size=(100, 34)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, CodeQuestionScreen)
        editor = screen.query_one("#code", TextArea)
        assert editor.has_focus
        assert "def sigmoid" in editor.text and "NotImplementedError" in editor.text
        assert "Write a sigmoid that never overflows." in str(
            screen.query_one("#prompt").render()
        ) or screen.presented.prompt.startswith("Write a sigmoid")
        assert "def sigmoid(x: np.ndarray) -> np.ndarray:" in _text(app, "#signature")

        await pilot.press("f7", *_keys(NAIVE))  # select all, type over it
        assert editor.text == "\n".join(NAIVE)
        await _checked(app, pilot)
        assert app.screen is screen  # a failure stays on the question
        verdict = _text(app, "#verdict-text")
        assert verdict.startswith("FAIL  sigmoid:")
        assert "an unstable sigmoid: exp overflowed on a large pre-activation" in verdict
        assert "Inputs of case" in verdict  # the failing case, with its inputs
        assert "Traceback" not in verdict or "quizapp" not in verdict.split("Traceback", 1)[1]
        path = solution_path(code_context.data_dir, "sigmoid")
        assert path.read_text(encoding="utf-8") == "\n".join(NAIVE)  # saved before the check
        [attempt] = code_context.store.code_attempts("code.sigmoid")
        assert (attempt.verdict, attempt.passed, attempt.review_id) == ("exception", False, None)
        assert code_context.store.total_reviews() == 0  # a failed check is not an answer

        await pilot.press("f7", *_keys(STABLE))
        await _checked(app, pilot)
        feedback = app.screen
        assert isinstance(feedback, CodeFeedbackScreen)
        assert _text(app, "#verdict").startswith("✓ Passed: all")
        code = feedback.feedback.code
        assert code is not None and "np.where(x >= 0" in code.reference
        assert feedback.query_one("#reference", Static).display  # shown below the verdict
        assert feedback.feedback.rating == 2  # passed after a failed check: Hard
        await pilot.press("3")  # the learner rates it Good
        first, second = code_context.store.code_attempts("code.sigmoid")
        assert second.passed and second.verdict == "passed"
        assert first.review_id == second.review_id == feedback.feedback.review_id
        row = code_context.store.connection.execute(
            "SELECT rating, correct, answer FROM reviews"
        ).fetchone()
        assert row[0] == 3 and row[1] == 1 and "passed on check 2 of 2" in row[2]
        card = code_context.store.card("code.sigmoid")
        assert card is not None and card.reps == 1  # scheduled by FSRS like any question
        await pilot.press("enter")  # the session's end: its summary, then Home
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.right == 1
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_leaving_keeps_the_file_and_giving_up_shows_the_reference(
    code_context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(code_context, size=(100, 34)) as (app, pilot):
        await pilot.press("r")
        assert isinstance(app.screen, CodeQuestionScreen)
        await pilot.press("f7", *_keys(NAIVE))
        await pilot.press("escape")  # out of the editor
        assert isinstance(app.screen, CodeQuestionScreen)
        await pilot.press("escape")  # back Home, the file saved
        assert isinstance(app.screen, HomeScreen)
        assert code_context.store.total_reviews() == 0

        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, CodeQuestionScreen)
        assert screen.query_one("#code", TextArea).text == "\n".join(NAIVE)  # starts from it
        await pilot.press("ctrl+g")
        feedback = app.screen
        assert isinstance(feedback, CodeFeedbackScreen)
        assert _text(app, "#verdict") == "✗ Given up: the reference solution"
        assert feedback.feedback.rating == 1
        code = feedback.feedback.code
        assert code is not None and "np.exp(-np.abs(x))" in code.reference
        assert feedback.feedback.answer_given == "no code checked · gave up before checking"
        await pilot.press("u")  # undo: the question is asked again, from the same file
        assert isinstance(app.screen, CodeQuestionScreen)
        assert code_context.store.total_reviews() == 0


async def test_external_editor_edits_the_same_file(
    code_context: QuizContext,
    run_app: RunApp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """$EDITOR runs on the learner's file (the app suspended), and the editor reads it back."""
    script = tmp_path / "fake-editor"
    body = "\\n".join(STABLE)
    script.write_text(
        f"#!{sys.executable}\nimport sys\nopen(sys.argv[1], 'w').write('{body}\\n')\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    async with run_app(code_context, size=(100, 34)) as (app, pilot):
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # no terminal to hand over
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, CodeQuestionScreen)
        await pilot.press("ctrl+o")
        editor = screen.query_one("#code", TextArea)
        assert editor.text == "\n".join(STABLE) + "\n"
        assert "Read back" in _text(app, "#status")
        await _checked(app, pilot)
        assert isinstance(app.screen, CodeFeedbackScreen)
        assert app.screen.feedback.rating == 3  # passed on the first check: Good


async def test_without_an_editor_the_app_says_so(
    code_context: QuizContext, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    async with run_app(code_context, size=(100, 34)) as (app, pilot):
        await pilot.press("r", "ctrl+o")
        assert isinstance(app.screen, CodeQuestionScreen)
        assert any("Neither $VISUAL nor $EDITOR" in n.message for n in app._notifications)


async def test_an_editor_that_is_not_there_is_named_and_the_code_stays(
    code_context: QuizContext, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "no-such-editor-here --wait")
    async with run_app(code_context, size=(100, 34)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, CodeQuestionScreen)
        before = screen.query_one("#code", TextArea).text
        await pilot.press("ctrl+o")
        assert app.screen is screen
        assert any(
            "The editor 'no-such-editor-here' (from $VISUAL / $EDITOR) was not found." in n.message
            for n in app._notifications
        )
        assert screen.query_one("#code", TextArea).text == before
        assert not screen.solution.path.exists()  # nothing was written for an editor not run


async def test_no_terminal_to_hand_over_is_said_and_the_file_kept(
    code_context: QuizContext, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the pilot there is no terminal to suspend into: the app says it cannot open the
    editor here, and the starter it saved for the editor stays in the learner's file."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", sys.executable)  # found on PATH, never run
    async with run_app(code_context, size=(100, 34)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, CodeQuestionScreen)
        await pilot.press("ctrl+o")
        assert app.screen is screen
        assert any("Could not open the editor here" in n.message for n in app._notifications)
        assert screen.solution.path.read_text(encoding="utf-8") == screen.code


LIMITS = {
    "loop": (["def sigmoid(x):", "    while True: pass"], "CPU time"),
    "memory": (
        ["import numpy as np", "def sigmoid(x):", "    return np.ones(10 * 2**30 // 8) + x"],
        "ran out of memory",
    ),
    "flood": (["def sigmoid(x):", "    print('x' * 100_000_000)"], "printed more than"),
    "exit": (["import os", "def sigmoid(x):", "    os._exit(3)"], "ended early"),
    "syntax": (["def sigmoid(x)", "    return x"], "does not compile"),
    "shape": (["import numpy as np", "def sigmoid(x):", "    return np.zeros(3)"], "wrong shape"),
}


@pytest.mark.parametrize("case", sorted(LIMITS))
async def test_limits_reach_the_screen_as_messages(
    case: str, code_context: QuizContext, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each limit of the issue as the learner meets it in the app: a message, never a crash
    and never a traceback of quizapp's. (Two CPU seconds and a generous wall clock, so the
    loop meets the CPU limit on a busy machine too.)"""
    monkeypatch.setattr(quizapp.drills, "DEFAULT_LIMITS", Limits(cpu_s=2, wall_s=60.0))
    lines, message = LIMITS[case]
    async with run_app(code_context, size=(100, 34)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, CodeQuestionScreen)
        screen.query_one("#code", TextArea).load_text("\n".join(lines))
        await _checked(app, pilot)
        assert app.screen is screen
        verdict = _text(app, "#verdict-text")
        assert verdict.startswith("FAIL  sigmoid:") and message in verdict, verdict
        assert "quizapp/" not in verdict and 'File "/' not in verdict
        [attempt] = code_context.store.code_attempts()
        assert not attempt.passed


async def test_a_mock_interview_coding_round(code_context: QuizContext, run_app: RunApp) -> None:
    """Setup asks for one drill of 20 minutes; the drill shows its own countdown, offers no
    hint and no giving up, takes one submission without a verdict, and the report has it."""
    from textual.widgets import Input

    from quizapp.tui.screens.mock_code_question import MockCodeQuestionScreen
    from quizapp.tui.screens.mock_report import MockReportScreen

    async with run_app(code_context, size=(100, 34)) as (app, pilot):
        await pilot.press("m")
        app.screen.query_one("#length", Input).value = "0"
        app.screen.query_one("#drills", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MockCodeQuestionScreen)
        assert "20:00 left for this drill" in _text(app, "#progress")
        await pilot.press("ctrl+g", "ctrl+t")  # neither works in an interview
        assert app.screen is screen and screen.mock.code is not None
        await pilot.press("f7", *_keys(NAIVE), "ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MockReportScreen)
        [answer] = app.screen.report.answers
        assert answer.feedback.correct is False and answer.feedback.code is not None
        assert code_context.store.card("code.sigmoid") is None  # mock: logged, not scheduled


async def test_the_task_line_is_in_chinese_under_lang_zh(tmp_path: Path, run_app: RunApp) -> None:
    """The line above the signature, under ``--lang zh``: the frame and the drill's summary of
    what to write both in Chinese (the bank's prompt has no translation here: English)."""
    context = make_context(tmp_path, SIGMOID_BANK, language="zh")
    try:
        async with run_app(context, size=(100, 34)) as (app, pilot):
            await pilot.press("r")
            assert isinstance(app.screen, CodeQuestionScreen)
            line = _text(app, "#signature")
        assert "对任意 float64 按元素计算 σ(x)，不溢出" in line
        assert "element-wise" not in line and "Write sigmoid" not in line
        assert "def sigmoid(x: np.ndarray) -> np.ndarray:" in line
    finally:
        context.close()

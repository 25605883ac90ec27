"""``quizapp preview``: edit the bank during a session and the app shows the change."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from quizapp.cli import main
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.question import QuestionScreen
from tests.helpers import make_context

BANK = """\
bank: {id: draft, title: Draft bank}
questions:
  - id: draft.one
    kind: flashcard
    topics: [lstm.equations]
    prompt: What does the forget gate scale?
    answer: The previous cell state c_{t-1}.
    explanation: c_t = f * c_{t-1} + i * g.
"""

SECOND = """\
  - id: draft.two
    kind: short
    topics: [gru.gates]
    prompt: How many gates does a GRU have?
    answers: [two, "2"]
    explanation: Update and reset.
"""


def _save(path: Path, text: str) -> None:
    """Write as an editor does, and make sure the modification time moves."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    stat = path.stat()
    if stat.st_mtime_ns <= before:
        os.utime(path, ns=(stat.st_atime_ns, before + 1_000_000))


async def _until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.05)):
        await pilot.pause()
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the app did not catch up with the edit")


def _summary(app: QuizApp) -> str:
    return str(app.screen.query_one("#summary", Static).render())


async def test_preview_reloads_on_save_and_shows_errors_in_place(tmp_path: Path) -> None:
    context = make_context(tmp_path, BANK)
    bank = context.extra_banks[0]
    app = QuizApp(context, watch=bank, watch_interval=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: "1 question in 1 bank" in _summary(app))
        await pilot.press("r")  # the author is trying a question when they save
        assert isinstance(app.screen, QuestionScreen)

        _save(bank, BANK + SECOND)
        await _until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await _until(pilot, lambda: "2 questions in 1 bank" in _summary(app))
        banks = app.screen.query_one("#banks", OptionList)
        cells = re.split(r"\s{2,}", str(banks.get_option("draft").prompt).strip())
        assert cells[:2] == ["Draft bank", "2"]  # title, questions

        _save(bank, BANK.replace("kind: flashcard", "kind: flashcrad"))
        notice = app.screen.query_one("#notice", Static)
        await _until(pilot, lambda: notice.display)
        text = str(notice.render())
        assert f"{bank}:4:11:" in text and "flashcrad" in text  # path:line:col, in place
        assert "0 questions" in _summary(app)

        _save(bank, BANK)
        await _until(pilot, lambda: not notice.display)
        assert "1 question in 1 bank" in _summary(app)
    context.close()


def test_preview_command_is_listed_and_refuses_a_missing_file(tmp_path: Path) -> None:
    runner = CliRunner()
    assert "preview" in runner.invoke(main, ["--help"]).output
    result = runner.invoke(main, ["preview", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2 and "does not exist" in result.output

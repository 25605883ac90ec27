"""What tests across packages share: the test banks in ``tests/data``, a context on a pinned
clock, one recorded answer, moving a question screen to a given question, and the app the SVG
snapshots are taken of.

Tests import these from here, never from a conftest: a conftest only declares fixtures.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot
from textual.widgets import Input

from quizapp.core.context import QuizContext, open_context
from quizapp.store import AnswerRecord, FixedClock

if TYPE_CHECKING:
    from textual.screen import Screen

    from quizapp.tui.app import QuizApp

DATA_DIR = Path(__file__).resolve().parent / "data"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the pinned "now" of every context here

# the two terminal sizes of every SVG snapshot, and the ids its files are named by
SNAPSHOT_SIZES = [(80, 24), (120, 40)]
SNAPSHOT_SIZE_IDS = [f"{width}x{height}" for width, height in SNAPSHOT_SIZES]

# pytest-textual-snapshot's fixture: compare(app, press=..., terminal_size=..., run_before=...)
SnapCompare = Callable[..., bool]
# the run_app fixture (tests/tui/conftest.py): async with run_app(size=(w, h)) as (app, pilot)
RunApp = Callable[..., AbstractAsyncContextManager[tuple["QuizApp", Pilot[None]]]]


def bank_text(name: str) -> str:
    """The text of ``tests/data/<name>.yaml``."""
    return (DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8")


CORE_BANK = bank_text("core")  # one question of every kind, in bank "core"
HOSTILE_BANK = bank_text("hostile")  # markup, a control sequence and a 300-letter word
VALID_BANK = bank_text("valid")  # every kind, topics t.one and t.two of TOPICS
TOPICS = bank_text("topics")
SMALL_BANK = bank_text("small")  # every kind, for the exporters
BROKEN_BANK = bank_text("broken")  # two correct options and a misspelt key
CODE_BANK = bank_text("code")  # two code questions: sigmoid, and gru-step keep/after

# VALID_BANK with nothing the item-writing rules warn about (same lines, so the same positions):
# explanations that say why, feedback on every distractor, no catch-all option.
CLEAN_BANK = (
    VALID_BANK.replace("explanation: Because.", "explanation: The forget gate scales the old cell.")
    .replace("- {text: C}", "- {text: C, feedback: C is the distractor.}")
    .replace("- {text: Nothing}", "- {text: The tanh, feedback: The tanh is fine.}")
)

# Typed answers to the core bank's questions answered from the keyboard (not the flashcard,
# not the template drill, whose numbers are drawn): right, and wrong.
CORE_RIGHT = {
    "core.choice": "a",
    "core.multi": "1 2",
    "core.short": "forget gate",
    "core.numeric": "2560",
    "core.spot": "a",
}
CORE_WRONG = {
    "core.choice": "b",
    "core.multi": "c",
    "core.short": "input gate",
    "core.numeric": "1",
    "core.spot": "b",
}


def make_context(
    tmp_path: Path, *banks: str, clock: FixedClock | None = None, language: str | None = None
) -> QuizContext:
    """A context on these bank texts only (no built-in banks), clock pinned, seed 1; in
    ``language`` when given (as ``--lang``; a bank text may be a translation file)."""
    paths = []
    for k, text in enumerate(banks):
        path = tmp_path / f"bank{k}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return open_context(
        tmp_path / "data",
        paths,
        clock=clock or FixedClock(START),
        seed=1,
        builtin=False,
        language=language,
    )


def record_answer(context: QuizContext, qid: str, rating: int = 3) -> None:
    """Record one answer to ``qid`` at the context's clock, as a session would."""
    context.store.record_answer(
        AnswerRecord(
            time=context.clock.now(),
            question_id=qid,
            bank_id="core",
            content_hash="h",
            variant_seed=None,
            answer_given="x",
            correct=rating > 1,
            rating=rating,
            duration_ms=4000,
        )
    )


def ask_now(screen: Screen[Any], question_id: str) -> None:
    """Ask ``question_id`` now on a question screen, whatever the session's new-question order,
    keeping every other question queued (the one on screen goes back to the front)."""
    from quizapp.tui.screens.question import QuestionScreen

    assert isinstance(screen, QuestionScreen), screen
    session = screen.session
    current = session.current
    if current is not None and current.question_id == question_id:
        return
    queue = session._queue
    assert question_id in queue, f"{question_id} is not queued in this session"
    queue.remove(question_id)
    if current is not None:
        queue.appendleft(current.question_id)
    queue.appendleft(question_id)
    screen.show_next(session.next_question())


async def answer_all(pilot: Pilot[None], wrong: set[str]) -> list[str]:
    """Answer every question of the session on screen (CORE_BANK's), wrong for the ids in
    ``wrong`` (a flashcard rated Again), going on after each feedback; the ids as asked."""
    from quizapp.core.formatting import format_answer
    from quizapp.tui.screens.question import QuestionScreen

    asked = []
    while isinstance(screen := pilot.app.screen, QuestionScreen):
        current = screen.session.current
        assert current is not None
        asked.append(current.question_id)
        if current.kind == "flashcard":
            await pilot.press("space", "1" if current.question_id in wrong else "3")
        elif current.question_id in wrong:
            await pilot.press(*(CORE_WRONG.get(current.question_id) or "9, 9"), "enter")
        elif current.variant is not None:
            await pilot.press(*format_answer(current.variant.answer).strip("[]"), "enter")
        else:
            await pilot.press(*CORE_RIGHT[current.question_id], "enter")
        await pilot.press("enter")
    return asked


def snapshot_app(
    name: str,
    bank: str,
    *more_banks: Path,
    bank_file: str = "core.yaml",
    language: str | None = None,
) -> QuizApp:
    """The app a snapshot is taken of: the bank text ``bank`` (written as ``bank_file``) and the
    bank files ``more_banks`` (translations), no built-in banks, clock at START, seed 1, in
    ``language`` when given. Its data directory is ``<temp>/quizapp-snapshot-<name>/data``,
    emptied first: the screens that show the data path read the same on every run."""
    from quizapp.tui.factory import build_app

    root = Path(tempfile.gettempdir()) / f"quizapp-snapshot-{name}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    bank_path = root / bank_file
    bank_path.write_text(bank, encoding="utf-8")
    context = open_context(
        root / "data",
        [bank_path, *more_banks],
        clock=FixedClock(START),
        seed=1,
        builtin=False,
        language=language,
    )
    return build_app(context)


async def counts_shown(pilot: Pilot[None]) -> None:
    """Home fills its due / new / learned counts from a worker thread: wait for it."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def to_question(pilot: Pilot[None], question_id: str) -> None:
    """From Home, start today's review and ask ``question_id`` first."""
    await pilot.press("r")
    ask_now(pilot.app.screen, question_id)
    await pilot.pause()


# -- what the English and the Chinese snapshots both do before the screenshot ----------------
async def numeric_feedback(pilot: Pilot[None]) -> None:
    """The LSTM drill answered wrong (5, 5): the red verdict and the worked solution."""
    await to_question(pilot, "core.drill")
    await pilot.press(*"5, 5", "enter")
    await pilot.pause()


async def statistics_after_one_answer(pilot: Pilot[None]) -> None:
    """The numeric question answered right and rated, back Home, then Statistics."""
    await to_question(pilot, "core.numeric")
    await pilot.press(*"2560", "enter", "enter", "escape", "s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def mock_report_of_two(pilot: Pilot[None]) -> None:
    """A two-question mock answered wrong twice, the first said certain (F5), the second
    guessing (F2): the report."""
    from quizapp.tui.screens.mock_question import MockQuestionScreen

    await pilot.press("m")
    pilot.app.screen.query_one("#length", Input).value = "2"
    await pilot.press("ctrl+s")
    for key in ("f5", "f2"):
        screen = pilot.app.screen
        assert isinstance(screen, MockQuestionScreen), screen
        current = screen.mock.current
        assert current is not None
        answer = "9, 9" if current.variant is not None else ("b" if current.options else "9")
        await pilot.press(key, *answer, "enter")
    await pilot.pause()


async def planner_over_home(pilot: Pilot[None]) -> None:
    """Home with its counts, then the interview planner with its plan worked out."""
    from quizapp.tui.screens.planner import PlannerScreen

    await counts_shown(pilot)
    pilot.app.push_screen(PlannerScreen())
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def help_over_home(pilot: Pilot[None]) -> None:
    """Home with its counts, then Help (F1) over it."""
    await counts_shown(pilot)
    await pilot.press("f1")

"""The app's fault boundary, driven with the pilot against real faults of the database.

| fault while the app runs | injected by | the app | lost |
|---|---|---|---|
| write lock held by another process | a second process in ``BEGIN IMMEDIATE`` (busy timeout 0.3 s) | "locked" screen; back, answer still typed; sent again once freed | nothing |
| disk full while answering | a 16 MB tmpfs filled (skipped where mounting is not allowed) | "The disk is full"; sent again once space is freed | nothing |
| database made unwritable while open | ``chattr +i`` on it and its -wal (a remount ``ro`` is refused while it is open) | "A disk read or write failed"; sent again once ``chattr -i`` | nothing |
| database deleted | ``unlink`` while Home is open / while answering | written back from the open copy, said so; the answer sent again | nothing |
| database replaced by another file | ``rename`` + a copy in its place | stops (exit 1); the open copy saved as ``.rescued-*`` | nothing |
| damaged pages | the ``cards`` pages scribbled, then Home's counts (a worker) | "damaged" screen, quit only, exit 1; the next start moves it aside, Home says where | nothing (the file moved aside whole) |
| a bank file broken while previewing | the watched file rewritten | Home lists the error at its line | nothing |

Each test checks that no traceback reached the screen (the app is still running, or exited with
code 1 and the message) and counts the answers in the file afterwards.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizapp.core.context import QuizContext, open_context
from quizapp.paths import database_path
from quizapp.store import Fault, FixedClock, StoreError
from quizapp.tui.app import FaultExit
from quizapp.tui.faults import NOT_SAVED, FaultScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.mock_question import MockQuestionScreen
from quizapp.tui.screens.question import QuestionScreen
from tests.helpers import CORE_BANK, START, RunApp, ask_now
from tests.store.helpers import ANSWERS, fill, reviews_in, store_with_answers

HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    print("holding", flush=True)
    sys.stdin.readline()  # until told to let go
    connection.rollback()
    """
)


class Holder:
    """A second process holding the database's lock until ``release()``."""

    def __init__(self, data: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(database_path(data))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "holding"

    def release(self) -> None:
        assert self.process.stdin is not None
        self.process.communicate("go\n", timeout=10)


def bank_context(data: Path, bank_dir: Path) -> QuizContext:
    bank_dir.mkdir(parents=True, exist_ok=True)
    bank = bank_dir / "core.yaml"
    bank.write_text(CORE_BANK, encoding="utf-8")
    clock = FixedClock(START + timedelta(days=1))  # a new day: new questions to introduce
    return open_context(data, [bank], clock=clock, seed=1, builtin=False)


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wait 0.3 s for a lock, not 10 s (the connections opened from now on)."""
    monkeypatch.setattr("quizapp.store.database.BUSY_TIMEOUT_MS", 300)


def damage_cards(data: Path) -> None:
    """Scribble over every page of the cards table and its indexes (the header still reads)."""
    path = database_path(data)
    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    pages = [
        n
        for (n,) in connection.execute(
            "SELECT pageno FROM dbstat WHERE name IN "
            "(SELECT name FROM sqlite_schema WHERE tbl_name = 'cards')"
        )
    ]
    connection.close()
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * page_size)
            handle.write(b"\xa5" * page_size)


def fault_text(screen: object) -> str:
    assert isinstance(screen, FaultScreen), screen
    return " ".join(str(s.render()) for s in screen.query(Static))


async def answer_short(pilot: Pilot[None]) -> QuestionScreen:
    """Open a review at the short question and type its answer (not sent)."""
    await pilot.press("r")
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    ask_now(screen, "core.short")
    await pilot.press(*"forget gate")
    return screen


async def test_a_lock_held_by_another_process_keeps_the_answer(
    short_busy_timeout: None, data: Path, tmp_path: Path, run_app: RunApp
) -> None:
    context = bank_context(data, tmp_path / "banks")
    async with run_app(context) as (app, pilot):
        screen = await answer_short(pilot)
        holder = Holder(data)
        try:
            await pilot.press("enter")
            text = fault_text(app.screen)
            assert "locked" in text and "close the other quizapp" in text
            assert "Enter back" in text
            await pilot.press("enter")  # back to the question, the answer still typed
            assert app.screen is screen
            assert screen.query_one("#entry", Input).value == "forget gate"
            assert str(screen.query_one("#problem", Static).render()) == NOT_SAVED
        finally:
            holder.release()
        await pilot.press("enter")  # sent again, now saved
        assert isinstance(app.screen, QuestionScreen) and app.screen.feedback is not None
        assert app.screen.feedback.correct  # shown in place, on the question screen
        assert app.return_code is None
    context.close()
    assert reviews_in(database_path(data)) == ANSWERS + 1


async def test_a_full_disk_keeps_the_answer_until_space_is_freed(
    small_disk: Path, run_app: RunApp
) -> None:
    data = small_disk / "data"
    store_with_answers(data, ANSWERS)
    context = bank_context(data, small_disk.parent / "banks")
    async with run_app(context) as (app, pilot):
        screen = await answer_short(pilot)
        filler = fill(small_disk)
        await pilot.press("enter")
        text = fault_text(app.screen)
        assert "The disk is full" in text and "free some disk space" in text
        assert "this answer was not saved; every answer before it is kept" in text
        await pilot.press("enter")
        assert screen.query_one("#entry", Input).value == "forget gate"
        filler.unlink()
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen) and app.screen.showing_feedback
    context.close()
    assert reviews_in(database_path(data)) == ANSWERS + 1


def chattr(flag: str, *paths: Path) -> bool:
    done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True)
    return done.returncode == 0


async def test_a_database_made_unwritable_keeps_the_answer_until_writable_again(
    data: Path, tmp_path: Path, run_app: RunApp
) -> None:
    """``chattr +i`` on the database and its -wal while open (never the -shm: SQLite maps it,
    and an immutable mapping ends the process with SIGBUS)."""
    context = bank_context(data, tmp_path / "banks")
    files = [database_path(data), data / "progress.sqlite3-wal"]
    async with run_app(context) as (app, pilot):
        screen = await answer_short(pilot)
        if not chattr("+i", *files):
            pytest.skip("chattr +i is not allowed here")
        try:
            await pilot.press("enter")
            text = fault_text(app.screen)
            assert "A disk read or write failed" in text and "Enter back" in text
            assert "this answer was not saved" in text
            await pilot.press("enter")
            assert screen.query_one("#entry", Input).value == "forget gate"
        finally:
            chattr("-i", *files)
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen) and app.screen.showing_feedback
    context.close()
    assert reviews_in(database_path(data)) == ANSWERS + 1


async def test_a_deleted_database_is_written_back_and_the_answer_sent_again(
    data: Path, tmp_path: Path, run_app: RunApp
) -> None:
    context = bank_context(data, tmp_path / "banks")
    async with run_app(context) as (app, pilot):
        screen = await answer_short(pilot)
        database_path(data).unlink()
        await pilot.press("enter")
        text = fault_text(app.screen)
        assert "was deleted while quizapp was running" in text and "nothing was lost" in text
        await pilot.press("enter")
        assert screen.query_one("#entry", Input).value == "forget gate"
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen) and app.screen.showing_feedback
        await pilot.press("enter", "escape")  # the next question, then leave: Home
        assert isinstance(app.screen, HomeScreen)
        database_path(data).unlink()  # again, while Home is shown: Statistics write it back
        await pilot.press("s")
        assert "was deleted" in fault_text(app.screen)
        await pilot.press("enter", "escape")
        assert isinstance(app.screen, HomeScreen)
    context.close()
    assert reviews_in(database_path(data)) == ANSWERS + 1


async def test_a_replaced_database_stops_the_app_with_the_open_copy_saved(
    data: Path, tmp_path: Path, run_app: RunApp
) -> None:
    context = bank_context(data, tmp_path / "banks")
    path = database_path(data)
    async with run_app(context) as (app, pilot):
        await answer_short(pilot)
        path.rename(data / "elsewhere.sqlite3")
        shutil.copyfile(data / "elsewhere.sqlite3", path)  # another file in its place
        await pilot.press("enter")
        text = fault_text(app.screen)
        assert "was replaced by another file" in text and ".rescued-" in text
        assert "Enter back" not in text
        await pilot.press("enter")  # nothing to go back to
        assert isinstance(app.screen, FaultScreen)
        await pilot.press("q")
    assert app.return_code == 1
    context.close()
    (rescued,) = data.glob("progress.sqlite3.rescued-*")
    assert reviews_in(rescued) == ANSWERS


async def test_a_damaged_page_stops_then_the_next_start_moves_it_aside(
    data: Path, tmp_path: Path, run_app: RunApp
) -> None:
    store_with_answers(data, 400)  # reviews over many pages
    context = bank_context(data, tmp_path / "banks")
    before = reviews_in(database_path(data))
    async with run_app(context) as (app, pilot):
        damage_cards(data)
        await pilot.press("s", "escape")  # back on Home, its counts read every card
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = fault_text(app.screen)
        assert "damaged" in text and "start quizapp again" in text and "q quit" in text
        await pilot.press("q")
    assert app.return_code == 1
    context.close()
    again = bank_context(data, tmp_path / "banks")
    assert again.store.needs_check  # the damage was seen: the next start checks fully
    async with run_app(again) as (app, pilot):
        notice = ""
        for _ in range(100):  # the check runs in a worker; Home's counts start beside it
            await pilot.pause(0.05)
            home = app.screen
            assert isinstance(home, HomeScreen)  # the damage is the check's to report
            notice = str(home.query_one("#notice", Static).render())
            if "was moved to" in notice:
                break
        assert "was moved to" in notice and "nothing was deleted" in notice
    again.close()
    (moved,) = data.glob("progress.sqlite3.corrupt-*[0-9Z]")
    assert moved.stat().st_size > 0
    assert before == ANSWERS + 400  # every answer stays in the file moved aside, whole


async def test_a_bank_broken_while_previewing_is_listed_on_home(
    tmp_path: Path, run_app: RunApp
) -> None:
    from quizapp.tui.factory import build_app

    context = bank_context(tmp_path / "data", tmp_path / "banks")
    bank = tmp_path / "banks" / "core.yaml"
    app = build_app(context, watch=bank)
    app.watch_interval = 0.05
    async with app.run_test(size=(100, 30)) as pilot:
        bank.write_text(CORE_BANK + "\n  - {id: broken\n", encoding="utf-8")
        for _ in range(100):
            await pilot.pause(0.05)
            if context.catalog.errors:
                break
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        notice = str(home.query_one("#notice", Static).render())
        assert "1 bank file could not be loaded:" in notice and f"{bank}:" in notice
    context.close()


async def test_a_mock_answer_is_kept_through_a_fault(
    data: Path, tmp_path: Path, run_app: RunApp
) -> None:
    context = bank_context(data, tmp_path / "banks")
    async with run_app(context) as (app, pilot):
        await pilot.press("m", "ctrl+s")
        screen = app.screen
        assert isinstance(screen, MockQuestionScreen)
        database_path(data).unlink()
        await pilot.press(*"zz", "backspace", "backspace", *"1", "enter")
        assert "was deleted" in fault_text(app.screen)
        await pilot.press("enter")
        assert app.screen is screen and screen.query_one("#entry", Input).value == "1"
        assert screen.mock.answers == []
        await pilot.press("enter")
        assert len(screen.mock.answers) == 1
    context.close()
    assert reviews_in(database_path(data)) == ANSWERS + 1


async def test_a_fault_no_screen_caught_ends_the_app_with_its_message(
    data: Path, tmp_path: Path, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net under the boundary: a handler's StoreError ends the app with exit code 1
    and the message Textual prints on exit (``FaultExit.__rich__``), never a traceback."""
    context = bank_context(data, tmp_path / "banks")

    def failing_hint(self: object) -> str:
        raise StoreError("reading the hint failed", kept="nothing was changed", fault=Fault.IO)

    monkeypatch.setattr("quizapp.core.session.ReviewSession.hint", failing_hint)
    with pytest.raises(FaultExit) as stopped:
        async with run_app(context) as (app, pilot):
            await pilot.press("r")
            ask_now(app.screen, "core.choice")  # the question with a hint
            await pilot.press("ctrl+t")
    assert app.return_code == 1
    assert str(stopped.value.__rich__()) == "Reading the hint failed. Nothing was changed."
    context.close()
    assert reviews_in(database_path(data)) == ANSWERS

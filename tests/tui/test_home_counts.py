"""Home's counts when a learner comes back from a session: taken in the frame that shows Home
when the last count was quick (one paint, with the new numbers), else from the worker; a
fault while counting on the UI thread falls back to the worker, whose fault the app shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from quizapp.core.context import QuizContext, open_context
from quizapp.store import StoreError
from quizapp.tui.screens.home import Counted, HomeScreen
from quizapp.tui.screens.question import QuestionScreen
from tests.helpers import RunApp, to_question


def _summary(home: HomeScreen) -> str:
    return str(home.query_one("#summary", Static).render())


async def test_back_from_a_session_home_counts_in_the_frame_that_shows_it(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        home = app.screen
        assert isinstance(home, HomeScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert home._quick_counts  # seven questions: the start's count took well under 15 ms
        assert "today's review: 7 (press" in _summary(home)
        options = list(home.query_one("#banks", OptionList).options)
        await to_question(pilot, "core.choice")
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("b", "enter", "enter")  # answered (wrong), on to the next question
        assert context.store.total_reviews() == 1
        await pilot.press("escape")
        assert app.screen is home
        # no worker was needed: the counts were taken when Home came back
        assert not [w for w in app.workers if w.group == "home-counts" and not w.is_finished]
        assert "today's review: 6 (press" in _summary(home)
        # the same bank's row took its new counts in place (not emptied and refilled)
        banks = home.query_one("#banks", OptionList)
        assert list(banks.options) == options and banks.options[0] is options[0]
        assert " 7 " in str(banks.options[0].prompt)  # 7 questions in the bank, 1 answered
        # due, new, learning, learned: the wrong answer is back in a minute, not learned
        assert str(banks.options[0].prompt).split()[-4:] == ["0", "6", "1", "0"]


async def test_a_fault_counting_on_the_ui_thread_leaves_it_to_the_worker(
    context: QuizContext, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        home = app.screen
        assert isinstance(home, HomeScreen)
        await app.workers.wait_for_complete()
        await to_question(pilot, "core.choice")
        await pilot.press("b", "enter", "enter")
        real = HomeScreen._counted
        calls = []

        def flaky(self: HomeScreen) -> object:
            calls.append(1)
            if len(calls) == 1:
                raise StoreError("The progress database could not be read.")
            return real(self)

        monkeypatch.setattr(HomeScreen, "_counted", flaky)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(calls) == 2  # the UI thread's try, then the worker's
        assert "today's review: 6 (press" in _summary(home)


async def test_counts_that_arrive_after_a_session_started_wait_for_home_to_come_back(
    context: QuizContext, run_app: RunApp
) -> None:
    """A key pressed as Home appears starts the session before the worker's counts arrive:
    they are not painted on Home under the question (a restyle nobody sees, on the path to the
    first question); Home counts afresh when it is shown again."""
    async with run_app(size=(100, 30)) as (app, pilot):
        home = app.screen
        assert isinstance(home, HomeScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await to_question(pilot, "core.choice")
        banks = home.query_one("#banks", OptionList)
        before = [str(option.prompt) for option in banks.options]
        painted: list[object] = []
        real_show = home._show_counted
        home._show_counted = lambda *counted: painted.append(counted)  # type: ignore[method-assign]
        late = Counted(
            {bank_id: (0, 0, 0, 99) for bank_id in context.catalog.questions_by_bank()},
            0,
            None,
            None,
        )
        home._show_counted_if_shown(late)  # as the worker delivers them, from its thread
        assert painted == []
        assert [str(option.prompt) for option in banks.options] == before
        home._show_counted = real_show  # type: ignore[method-assign]
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is home
        assert isinstance(home, HomeScreen)
        assert "today's review: 7 (press" in _summary(home)  # counted again, not the late 0
        assert " 99" not in str(banks.options[0].prompt)


async def test_home_is_laid_out_once_before_its_counts_arrive(
    tmp_path: Path, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame of Home already has what the counts do not change: no empty plan line
    (with no interview date it stays hidden; shown empty, the rows below jumped up a line when
    the counts came) and the bank list's scrollbar when the built-in banks overflow it (found
    after the first layout, it laid the table out and painted Home a second time)."""
    context = open_context(tmp_path / "data", seed=1)
    counted = asyncio.Event()
    real = HomeScreen._counted

    def held(self: HomeScreen) -> object:  # the counts wait until the first frame is checked
        asyncio.run_coroutine_threadsafe(counted.wait(), loop).result()
        return real(self)

    monkeypatch.setattr(HomeScreen, "_counted", held)
    loop = asyncio.get_running_loop()
    try:
        async with run_app(context, size=(80, 24)) as (app, pilot):
            home = app.screen
            assert isinstance(home, HomeScreen)
            await pilot.pause()
            banks = home.query_one("#banks", OptionList)
            assert "…" in str(banks.options[0].prompt)  # the counts are not in yet
            assert not home.query_one("#plan", Static).display
            assert len(banks.options) > 16 and banks.show_vertical_scrollbar
            counted.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "…" not in str(banks.options[0].prompt)
            assert not home.query_one("#plan", Static).display
    finally:
        context.store.close()

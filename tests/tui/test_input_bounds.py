"""Inputs with bounds: a huge paste is cut with a notice, mock setup numbers have limits."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Static

from quizapp.core.context import QuizContext
from quizapp.tui.screens.mock_setup import MAX_MINUTES, MockSetupScreen
from quizapp.tui.screens.question import QuestionScreen
from quizapp.tui.widgets.answer_input import CUT_NOTICE, FULL_NOTICE, MAX_ANSWER_CHARS, notice
from tests.helpers import RunApp, ask_now


async def test_a_huge_paste_is_cut_with_a_notice(context: QuizContext, run_app: RunApp) -> None:
    """100,000 characters froze the UI for seconds; now the box keeps 10,000 and says so."""
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        ask_now(screen, "core.short")
        entry = screen.query_one("#entry", Input)
        await pilot.press(*"ab")
        entry.post_message(events.Paste("x" * 100_000 + "\nsecond line"))
        await pilot.pause()
        assert len(entry.value) == MAX_ANSWER_CHARS and entry.value.startswith("abx")
        messages = [n.message for n in app._notifications]
        assert messages == [notice(CUT_NOTICE)] and "10,000 characters" in messages[0]
        await pilot.press("y", "z")  # typed past the limit: one notice, no bell per key
        assert len(entry.value) == MAX_ANSWER_CHARS
        assert [n.message for n in app._notifications] == [notice(CUT_NOTICE), notice(FULL_NOTICE)]
        await pilot.press("enter")  # the cut answer is graded as any other
        assert context.store.total_reviews() == 1


async def test_a_paste_that_fits_is_kept_whole(context: QuizContext, run_app: RunApp) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        entry = screen.query_one("#entry", Input)
        entry.post_message(events.Paste("forget gate"))
        await pilot.pause()
        assert entry.value == "forget gate" and not list(app._notifications)


async def test_mock_minutes_have_bounds(context: QuizContext, run_app: RunApp) -> None:
    """99999999999 minutes raised OverflowError in the clock; "፩" is a digit int() refuses."""
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("m")
        setup = app.screen
        assert isinstance(setup, MockSetupScreen)
        problem = setup.query_one("#problem", Static)
        for minutes, expected in (
            ("99999999999", f"for 1 to {MAX_MINUTES} minutes"),
            ("0", f"for 1 to {MAX_MINUTES} minutes"),
            ("፩", "whole numbers"),
        ):
            setup.query_one("#minutes", Input).value = minutes
            await pilot.press("ctrl+s")
            assert app.screen is setup
            assert expected in str(problem.render())
        setup.query_one("#minutes", Input).value = str(MAX_MINUTES)
        await pilot.press("ctrl+s")
        assert app.screen is not setup

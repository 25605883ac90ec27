"""Statistics and settings screens, driven through the keyboard."""

from __future__ import annotations

from textual.widgets import Input, Sparkline, Static

from quizapp.core.context import QuizContext
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.settings import SettingsScreen
from quizapp.tui.screens.stats import StatsScreen
from tests.helpers import RunApp, ask_now


async def test_stats_screen_shows_the_store_summary(context: QuizContext, run_app: RunApp) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        ask_now(screen, "core.numeric")
        await pilot.press(*"2560", "enter", "enter", "escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        assert isinstance(app.screen, StatsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        headline = str(app.screen.query_one("#headline", Static).render())
        assert headline.startswith("1 review · 1 question started · streak 1 day ")
        topics = str(app.screen.query_one("#topics", Static).render())
        assert topics.startswith("LSTM parameter count ") and "1/1" in topics  # titles, not ids
        assert sum(app.screen.query_one("#forecast", Sparkline).data) == 1  # type: ignore[arg-type]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_settings_are_validated_and_saved(context: QuizContext, run_app: RunApp) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("comma")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        shown = " ".join(str(widget.render()) for widget in screen.query(Static))
        assert f"Data directory: {context.data_dir}" in shown
        screen.query_one("#retention", Input).value = "1.5"
        await pilot.press("ctrl+s")
        assert "between 0.70 and 0.99" in str(screen.query_one("#problem", Static).render())
        assert context.store.settings.desired_retention == 0.9
        screen.query_one("#retention", Input).value = "0.85"
        screen.query_one("#new-per-day", Input).value = "5"
        await pilot.press("ctrl+s")
        assert context.store.settings.desired_retention == 0.85
        assert context.store.settings.new_per_day == 5

"""The interview planner screen and the interview date in Settings, driven through the keyboard."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from quizapp.core.context import QuizContext
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.planner import PlannerScreen
from quizapp.tui.screens.settings import SettingsScreen
from tests.helpers import RunApp, record_answer


def _text(screen: Screen[Any], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _planned(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_settings_edit_the_interview_date(context: QuizContext, run_app: RunApp) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("comma")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        entry = screen.query_one("#interview-date", Input)
        assert entry.value == ""
        entry.value = "15/04/2026"
        await pilot.press("ctrl+s")
        assert "YYYY-MM-DD" in _text(screen, "#problem")
        assert context.store.settings.interview_date is None
        entry.value = " 2026-04-15 "
        await pilot.press("ctrl+s")
        assert _text(screen, "#problem") == ""
        assert context.store.settings.interview_date == "2026-04-15"
        entry.value = ""
        await pilot.press("ctrl+s")
        assert context.store.settings.interview_date is None


async def test_planner_without_a_date_takes_one(context: QuizContext, run_app: RunApp) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        app.push_screen(PlannerScreen())
        await _planned(pilot)
        screen = app.screen
        assert isinstance(screen, PlannerScreen)
        assert "No interview date set" in _text(screen, "#headline")
        assert "Settings (key ,)" in _text(screen, "#readiness")
        assert not screen.query_one("#topics", Static).display
        assert app.focused is screen.query_one("#date", Input)
        await pilot.press(*"next week", "enter")
        assert "YYYY-MM-DD" in _text(screen, "#problem")
        screen.query_one("#date", Input).value = "2026-03-11"  # the clock: 2026-03-02
        await pilot.press("enter")
        await _planned(pilot)
        assert context.store.settings.interview_date == "2026-03-11"
        assert _text(screen, "#headline").startswith("Interview in 9 days (2026-03-11")
        assert screen.query_one("#topics", Static).display
        assert "7 never seen" in _text(screen, "#readiness")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_planner_shows_the_projection(context: QuizContext, run_app: RunApp) -> None:
    settings = context.store.settings
    settings.interview_date = "2026-03-05"
    settings.new_per_day = 2
    settings.fit_to_interview = False  # the schedule keeps the setting, so the plan advises
    context.store.save_settings(settings)
    record_answer(context, "core.numeric")
    async with run_app(size=(100, 30)) as (app, pilot):
        app.push_screen(PlannerScreen())
        await _planned(pilot)
        screen = app.screen
        plan = screen.plan
        assert plan is not None and plan.days_left == 3 and plan.unseen == 6
        assert _text(screen, "#headline").startswith("Interview in 3 days (2026-03-05")
        readiness = _text(screen, "#readiness")
        assert f"Readiness {plan.overall_readiness:.0%}" in readiness
        assert "6 never seen" in readiness
        today = _text(screen, "#today")
        assert f"({plan.today.reviews} review" in today and f"{plan.today.new} new)" in today
        load = _text(screen, "#load")
        assert "3 new a day until 2026-03-03" in load
        assert "raise New questions per day from 2 to 3" in load
        topics = _text(screen, "#topics").splitlines()
        assert len(topics) == len(plan.topics)
        assert topics[-1].startswith("lstm.param-count")  # the one answered: strongest, last
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)

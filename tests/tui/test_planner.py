"""The interview planner screen and the interview date in Settings, driven through the keyboard."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from quizapp.core.context import QuizContext
from quizapp.tui.naming import Namer
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.planner import PlannerScreen
from quizapp.tui.screens.question import QuestionScreen
from quizapp.tui.screens.settings import SettingsScreen
from quizapp.tui.widgets.keybar import KeyBar
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
        strongest = Namer(context.catalog).topic("lstm.param-count")[:20]
        assert topics[-1].startswith(strongest)  # the one answered: strongest, last, by title
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_planner_actions_raise_the_new_count_and_practise_the_weakest(
    context: QuizContext, run_app: RunApp
) -> None:
    """n raises New per day to what the load needs; w practises the weakest topics' fading
    questions; Enter on an action's line does the same; the keys leave the bar while the date
    field has the focus (letters are typed there)."""
    settings = context.store.settings
    settings.interview_date = "2026-03-05"
    settings.new_per_day = 2
    context.store.save_settings(settings)
    record_answer(context, "core.choice", 1)  # forgotten: fading well below 90% on the day
    async with run_app(size=(100, 30)) as (app, pilot):
        app.push_screen(PlannerScreen())
        await _planned(pilot)
        screen = app.screen
        assert isinstance(screen, PlannerScreen)
        assert set(screen.actions) == {"raise_new", "weakest"}
        lines = [str(o.prompt) for o in screen.query_one("#actions").options]
        assert lines[0] == "n  Raise new questions per day from 2 to 3: all seen in time"
        topic = Namer(context.catalog).topic("lstm.equations")
        assert lines[1] == f"w  Practise the weakest topics now: {topic} (1 question)"
        bar = screen.query_one(KeyBar).build_content().plain
        assert "Raise new" in bar and "Practise weakest" in bar and "Cram" not in bar
        screen.query_one("#date", Input).focus()
        await pilot.pause()
        assert "Raise new" not in screen.query_one(KeyBar).build_content().plain
        await pilot.press("n")  # typed into the date field, not an action
        assert context.store.settings.new_per_day == 2
        screen.query_one("#actions").focus()
        await pilot.pause()
        await pilot.press("n")
        await _planned(pilot)
        assert context.store.settings.new_per_day == 3
        assert set(screen.actions) == {"weakest"}  # done: no longer offered
        await pilot.press("enter")  # the highlighted line: practise the weakest
        practice = app.screen
        assert isinstance(practice, QuestionScreen) and practice.session.mode == "cram"
        assert practice.session.current.question_id == "core.choice"
        await pilot.press("escape")
        await _planned(pilot)
        assert app.screen is screen


async def test_planner_offers_the_cram_on_the_last_day(
    context: QuizContext, run_app: RunApp
) -> None:
    settings = context.store.settings
    settings.interview_date = "2026-03-03"  # tomorrow: today is the last study day
    context.store.save_settings(settings)
    record_answer(context, "core.numeric", 1)  # forgotten: below 90% tomorrow
    async with run_app(size=(100, 30)) as (app, pilot):
        app.push_screen(PlannerScreen())
        await _planned(pilot)
        screen = app.screen
        assert isinstance(screen, PlannerScreen)
        cram = screen.actions["cram"]
        assert len(cram.question_ids) == len(context.catalog.questions)  # all below 90%
        assert cram.question_ids[0] == "core.numeric"  # studied ones first
        await pilot.press("c")
        practice = app.screen
        assert isinstance(practice, QuestionScreen) and practice.session.mode == "cram"
        assert practice.session.total == len(context.catalog.questions)


async def test_planner_without_history_says_why_there_is_no_weakest(
    context: QuizContext, run_app: RunApp
) -> None:
    settings = context.store.settings
    settings.interview_date = "2026-03-09"
    context.store.save_settings(settings)
    async with run_app(size=(100, 30)) as (app, pilot):
        app.push_screen(PlannerScreen())
        await _planned(pilot)
        screen = app.screen
        assert isinstance(screen, PlannerScreen)
        assert "weakest" not in screen.actions
        assert _text(screen, "#actions-note").startswith("No weakest topic yet")

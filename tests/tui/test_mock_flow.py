"""A mock interview from setup to its report, and reviewing a wrong answer from the report."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from quizapp.core.context import QuizContext
from quizapp.tui.screens.feedback import FeedbackScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.mock_question import MockQuestionScreen
from quizapp.tui.screens.mock_report import MockReportScreen
from quizapp.tui.screens.mock_setup import MockSetupScreen
from tests.helpers import CORE_WRONG, RunApp


async def test_mock_interview_to_its_report(context: QuizContext, run_app: RunApp) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("m")
        setup = app.screen
        assert isinstance(setup, MockSetupScreen)
        setup.query_one("#length", Input).value = "3"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, MockQuestionScreen)
        clock_line = str(app.screen.query_one("#clock", Static).render())
        assert "0 of 3 answered" in clock_line and "15:00 left" in clock_line
        for _ in range(3):
            screen = app.screen
            current = screen.mock.current
            answer = CORE_WRONG.get(current.question_id) or ", ".join(
                ["9"] * len(current.variant.answer)  # type: ignore[arg-type]  # a vector drill
            )
            screen.query_one("#entry", Input).value = ""
            await pilot.press(*answer, "enter")
            assert context.store.card(current.question_id) is None  # never scheduled
        report = app.screen
        assert isinstance(report, MockReportScreen)
        assert str(report.query_one("#headline", Static).render()).startswith("0 of 3 right")
        assert "Weakest topics:" in str(report.query_one("#weakest", Static).render())
        table = report.query_one("#answers", DataTable)
        assert table.row_count == 3
        await pilot.press("enter")
        review = app.screen
        assert isinstance(review, FeedbackScreen) and review.mock
        assert review.feedback.correct is False
        await pilot.press("1")  # no re-rating in a read-only review
        assert review.feedback.rating == 1
        await pilot.press("escape")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert context.store.total_reviews() == 3


async def test_unreadable_answer_is_not_counted_and_time_can_end_it(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("m", "ctrl+s")
        screen = app.screen
        assert isinstance(screen, MockQuestionScreen)
        await pilot.press(*"zzz", "enter")
        problem = str(screen.query_one("#problem", Static).render())
        assert "not an option" in problem or "Could not read" in problem
        assert len(screen.mock.answers) == 0
        context.clock.advance(minutes=16)
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, MockReportScreen)
        assert app.screen.report.timed_out


async def test_confidence_keys_and_the_calibration_report(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("m")
        app.screen.query_one("#length", Input).value = "3"
        await pilot.press("ctrl+s")
        screen = app.screen
        assert isinstance(screen, MockQuestionScreen)
        said = [("f5", "certain"), ("f4", "fairly sure"), (None, None)]
        asked = []
        for key, label in said:
            current = screen.mock.current
            asked.append(current.question_id)
            line = str(screen.query_one("#confidence", Static).render())
            assert "How sure: not said yet" in line and "F2 guessing" in line
            if key:
                await pilot.press("f2", key)  # the last level said counts
                line = str(screen.query_one("#confidence", Static).render())
                assert line.startswith(f"How sure: {label} (")
            answer = CORE_WRONG.get(current.question_id) or ", ".join(
                ["9"] * len(current.variant.answer)  # type: ignore[arg-type]  # a vector drill
            )
            await pilot.press(*answer, "enter")
            assert screen.mock.answers[-1].confidence == {"f5": 4, "f4": 3, None: None}[key]
            assert "How sure" not in screen.mock.answers[-1].feedback.answer_given
        report = app.screen
        assert isinstance(report, MockReportScreen)
        assert report.report.sure_and_wrong == 2
        named = str(report.query_one("#sure-and-wrong", Static).render())
        assert named == (
            f"Sure and wrong, the costly case: {asked[0]} (certain), {asked[1]} (fairly sure)"
        )
        line = str(report.query_one("#calibration-line", Static).render())
        assert line.startswith("When sure you were right 0 of 2 (0%) · 2 sure and wrong")
        assert "1 answer without a confidence" in line
        bars = str(report.query_one("#calibration", Static).render()).splitlines()
        assert [row.split()[0] for row in bars] == ["guessing", "unsure", "fairly", "certain"]
        assert bars[0].endswith("no answers") and bars[3].endswith("0/1 right")
        table = report.query_one("#answers", DataTable)
        assert [str(table.get_row_at(i)[3]) for i in range(3)] == ["certain", "fairly sure", "—"]


async def test_a_report_without_confidence_says_how_to_give_it(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("m")
        app.screen.query_one("#length", Input).value = "1"
        await pilot.press("ctrl+s")
        current = app.screen.mock.current
        answer = CORE_WRONG.get(current.question_id) or ", ".join(
            ["9"] * len(current.variant.answer)
        )
        await pilot.press(*answer, "enter")
        report = app.screen
        assert isinstance(report, MockReportScreen)
        line = str(report.query_one("#calibration-line", Static).render())
        assert line.startswith("No confidence given")
        assert not report.query("#sure-and-wrong") and not report.query("#calibration")

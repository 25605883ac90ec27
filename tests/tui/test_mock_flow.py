"""A mock interview from setup to its report, and reviewing a wrong answer from the report."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizapp.core.context import QuizContext
from quizapp.core.formatting import format_answer
from quizapp.core.presentation import PresentedQuestion
from quizapp.core.titles import first_line
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.feedback import FeedbackScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.mock_question import MockQuestionScreen
from quizapp.tui.screens.mock_report import MockReportScreen
from quizapp.tui.screens.mock_setup import MockSetupScreen
from quizapp.tui.widgets.answer_list import AnswerList
from tests.helpers import CORE_RIGHT, CORE_WRONG, RunApp


def right_answer(current: PresentedQuestion) -> str:
    if current.variant is not None:
        return format_answer(current.variant.answer).strip("[]")
    return CORE_RIGHT[current.question_id]


async def start_mock(pilot: Pilot[None], length: int) -> MockQuestionScreen:
    await pilot.press("m")
    pilot.app.screen.query_one("#length", Input).value = str(length)
    await pilot.press("ctrl+s")
    screen = pilot.app.screen
    assert isinstance(screen, MockQuestionScreen)
    return screen


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
        answers = report.query_one("#answers", AnswerList)
        assert len(answers.entries) == 3 and app.focused is answers
        await pilot.press("enter")
        review = app.screen
        assert isinstance(review, FeedbackScreen) and review.mock
        assert review.feedback.correct is False
        await pilot.press("1")  # no re-rating in a read-only review
        assert review.feedback.rating == 1 and app.screen is review
        shown = {b.binding.id for b in review.active_bindings.values() if b.binding.show}
        assert shown == {"answer.back", "app.help", "app.quit"}  # no rating keys that do nothing
        await pilot.press("escape")
        assert app.screen is report
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
        prompts = [first_line(app.context.catalog.questions[q].prompt, 50) for q in asked]
        assert named == (
            f"Sure and wrong, the costly case: “{prompts[0]}” (certain), “{prompts[1]}” "
            "(fairly sure)"
        )
        line = str(report.query_one("#calibration-line", Static).render())
        assert line.startswith("When sure you were right 0 of 2 (0%) · 2 sure and wrong")
        assert "1 answer without a confidence" in line
        bars = str(report.query_one("#calibration", Static).render()).splitlines()
        assert [row.split()[0] for row in bars] == ["guessing", "unsure", "fairly", "certain"]
        assert bars[0].endswith("no answers") and bars[3].endswith("0/1 right")
        facts = [entry.facts for entry in report.query_one(AnswerList).entries]
        assert "certain" in facts[0] and "fairly sure" in facts[1]
        assert not {"certain", "fairly sure", "unsure", "guessing"} & set(facts[2])


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


async def test_times_up_grades_what_was_typed_and_lists_the_rest(
    context: QuizContext, run_app: RunApp
) -> None:
    """Time runs out with an answer typed but not sent: it is graded as submitted, "Time's up"
    is said, and the questions never reached count as wrong, listed with their answers."""
    async with run_app(size=(100, 30)) as (app, pilot):
        screen = await start_mock(pilot, 3)
        current = screen.mock.current
        assert current is not None
        await pilot.press(*right_answer(current))  # typed, no Enter
        context.clock.advance(minutes=16)
        screen.tick()
        await pilot.pause()
        report = app.screen
        assert isinstance(report, MockReportScreen)
        assert report.report.timed_out
        assert [a.feedback.question_id for a in report.report.answers] == [current.question_id]
        assert report.report.answers[0].feedback.correct is True
        headline = str(report.query_one("#headline", Static).render())
        assert headline.startswith("Time's up: 1 of 3 right (2 not answered, counted wrong)")
        entries = report.query_one(AnswerList).entries
        assert len(entries) == 3
        assert [e.feedback.note for e in entries[1:]] == [
            "Not answered: not reached: time ran out."
        ] * 2
        shown = str(report.query_one(AnswerList).get_option_at_index(1).prompt)
        assert "expected: " in shown and "not reached" in shown
        assert context.store.total_reviews() == 1  # only the answer given is logged


async def test_end_asks_first_and_keeps_going_on_no(context: QuizContext, run_app: RunApp) -> None:
    """F10 (or Ctrl+G) asks before ending; Esc keeps the interview as it was, Enter ends it
    with what was typed graded."""
    async with run_app(size=(100, 30)) as (app, pilot):
        screen = await start_mock(pilot, 3)
        current = screen.mock.current
        assert current is not None
        await pilot.press(*right_answer(current), "f10")
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        detail = str(confirm.query_one("#detail", Static).render())
        assert detail.startswith("What you typed is graded as your answer. 2 questions not yet")
        await pilot.press("escape")
        assert app.screen is screen and screen.mock.current is current
        assert screen.query_one("#entry", Input).value == right_answer(current)
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        report = app.screen
        assert isinstance(report, MockReportScreen)
        assert report.report.ended_early and not report.report.timed_out
        assert report.report.correct == 1 and report.report.total == 3
        assert str(report.query_one("#headline", Static).render()).startswith("Ended early: ")


async def test_time_running_out_under_the_confirmation_ends_it(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        screen = await start_mock(pilot, 2)
        await pilot.press("f10")
        assert isinstance(app.screen, ConfirmScreen)
        context.clock.advance(minutes=16)
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, MockReportScreen) and app.screen.report.timed_out


async def test_ctrl_o_steps_through_the_confidence_levels(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (_app, pilot):
        screen = await start_mock(pilot, 1)
        line = str(screen.query_one("#confidence", Static).render())
        assert "F2 guessing" in line and "Ctrl+O for the next" in line
        labels = []
        for _ in range(5):
            await pilot.press("ctrl+o")
            labels.append(str(screen.query_one("#confidence", Static).render()).split(" (")[0])
        assert labels == [
            "How sure: guessing",
            "How sure: unsure",
            "How sure: fairly sure",
            "How sure: certain",
            "How sure: guessing",
        ]


async def test_the_last_half_second_is_not_time_up_yet(
    context: QuizContext, run_app: RunApp
) -> None:
    """The countdown rounds up: with half a second left it says 00:01 and goes on; at the limit
    the report says "Time's up", never "Ended early"."""
    async with run_app(size=(100, 30)) as (app, pilot):
        screen = await start_mock(pilot, 2)
        context.clock.advance(seconds=15 * 60 - 0.5)
        screen.tick()
        await pilot.pause()
        assert app.screen is screen
        assert "00:01 left" in str(screen.query_one("#clock", Static).render())
        context.clock.advance(seconds=0.5)
        screen.tick()
        await pilot.pause()
        report = app.screen
        assert isinstance(report, MockReportScreen) and report.report.timed_out
        assert str(report.query_one("#headline", Static).render()).startswith("Time's up: ")

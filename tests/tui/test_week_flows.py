"""The week before the interview, by keyboard: Esc from feedback, Enter on Home, "I was right",
and the summary at the end of a session (issue 14)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from quizapp.core.context import QuizContext
from quizapp.paths import keymap_file
from quizapp.tui.screens.feedback import FeedbackScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.question import QuestionScreen
from quizapp.tui.screens.summary import SummaryScreen
from quizapp.tui.widgets.answer_list import AnswerList
from quizapp.tui.widgets.keybar import KeyBar
from tests.helpers import RunApp, answer_all, ask_now, make_context


def bar(screen: object) -> str:
    assert isinstance(screen, QuestionScreen | SummaryScreen | HomeScreen)
    return screen.query_one(KeyBar).build_content().plain


async def test_esc_from_feedback_goes_home_and_keeps_the_answer(
    context: QuizContext, run_app: RunApp
) -> None:
    """Esc on feedback means Home, as on the question: the answer is saved, nothing is asked,
    and the next key is not typed into a new question's answer box."""
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        ask_now(screen, "core.short")
        await pilot.press(*"forget gate", "enter")
        assert screen.showing_feedback and "esc Home" in bar(screen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert context.store.total_reviews() == 1
        assert context.store.card("core.short") is not None
        await pilot.press("s")  # a Home key again, not a letter in an answer box
        assert type(app.screen).__name__ == "StatsScreen"


async def test_enter_on_home_starts_todays_review(context: QuizContext, run_app: RunApp) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "(press Enter)" in str(home.query_one("#summary", Static).render())
        assert "Review due" in bar(home)
        await pilot.press("enter")  # the bank table has the focus: Enter is still the review's
        assert isinstance(app.screen, QuestionScreen) and app.screen.session.mode == "review"
        await pilot.press("escape")
        await pilot.press("r")
        assert isinstance(app.screen, QuestionScreen)


async def test_the_readme_keymap_example_works(tmp_path: Path, run_app: RunApp) -> None:
    """README: ``"home.review" = "enter,r"``; a keymap that moves the review to x names x."""
    from tests.helpers import CORE_BANK

    context = make_context(tmp_path, CORE_BANK)
    keymap_file(context.data_dir).write_text('"home.review" = "x,enter"\n', encoding="utf-8")
    async with run_app(context, size=(100, 30)) as (app, pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "(press x)" in str(app.screen.query_one("#summary", Static).render())
        await pilot.press("r")
        assert isinstance(app.screen, HomeScreen)  # r is no longer the review's key
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen)
    context.close()


async def test_i_was_right_counts_a_rejected_answer(context: QuizContext, run_app: RunApp) -> None:
    """A rejected answer holding the accepted one: the feedback suggests "I was right"; i counts
    it right, re-rates it and flags it for the statistics; the key then leaves the bar."""
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        ask_now(screen, "core.short")
        await pilot.press(*"it is surely the forget gate f_t of the cell", "enter")
        assert screen.feedback is not None and screen.feedback.correct is False
        near = str(screen.query_one("#near", Static).render())
        assert near == (
            "Your answer contains an accepted one ('forget gate'). If you meant it, press i "
            "(I was right)."
        )
        assert "I was right" in bar(screen)
        await pilot.press("i")
        feedback = screen.feedback
        assert feedback is not None and feedback.claimed and feedback.rating >= 2
        verdict = str(screen.query_one("#verdict", Static).render())
        assert verdict == "✓ Counted as right: you said you were right"
        assert context.store.claimed_counts() == {"core.short": 1}
        assert "I was right" not in bar(screen)
        assert "Recorded as Good" in str(screen.query_one("#rating", Static).render())
        asked = screen.session.current
        await pilot.press("enter")
        assert not screen.showing_feedback  # the next question
        assert screen.session.current is not None and screen.session.current is not asked


async def test_the_summary_at_the_end_of_a_session(context: QuizContext, run_app: RunApp) -> None:
    """After the last answer: right/wrong per kind and topic, the missed with when they come
    back (Enter shows one, read only), r practises them, Esc goes Home."""
    settings = context.store.settings
    settings.interview_date = "2026-03-09"
    settings.fit_to_interview = False  # the premise: the setting's new per day, as given
    context.store.save_settings(settings)
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("enter")
        await answer_all(pilot, wrong={"core.choice", "core.flash"})
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert str(summary.query_one("#headline", Static).render()) == (
            "Today's review done: 5 of 7 right"
        )
        kinds = str(summary.query_one("#per-kind", Static).render()).splitlines()
        assert kinds[0].startswith("Single choice") and kinds[0].endswith("0/1 right")
        interview = str(summary.query_one("#interview", Static).render())
        assert interview.startswith("Interview in 7 days: projected recall on the day 0% → ")
        assert "% for these 7; across all 7: 0% → " in interview
        missed = summary.query_one(AnswerList)
        assert sorted(e.feedback.question_id for e in missed.entries) == [
            "core.choice",
            "core.flash",
        ]
        assert [e.facts[-1] for e in missed.entries] == ["in 1 min"] * 2  # FSRS relearning
        shown = "\n".join(str(missed.get_option_at_index(i).prompt) for i in range(2))
        assert "How is the LSTM cell state updated?" in shown and "expected: a) c = f" in shown
        assert "Practise the missed" in bar(summary)
        await pilot.press("enter")
        detail = app.screen
        assert isinstance(detail, FeedbackScreen) and not detail.mock
        await pilot.press("escape")
        assert app.screen is summary
        await pilot.press("r")
        practice = app.screen
        assert isinstance(practice, QuestionScreen) and practice.session.mode == "cram"
        assert practice.session.total == 2
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_summary_opens_at_its_headline_and_follows_the_highlight(
    context: QuizContext, run_app: RunApp
) -> None:
    """At 80x24 the missed list starts below the fold: the screen opens at the headline, and
    moving through the list scrolls the body so the highlighted question is on screen."""
    async with run_app(size=(80, 24)) as (app, pilot):
        await pilot.press("enter")
        await answer_all(pilot, wrong={"core.choice", "core.flash"})
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        body = summary.query_one("#body")
        assert body.scroll_y == 0 and body.max_scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        missed = summary.query_one(AnswerList)
        assert missed.highlighted == 1
        entry_top = missed.virtual_region.y + missed._spans[1][0]
        assert body.scroll_y <= entry_top < body.scroll_y + body.size.height

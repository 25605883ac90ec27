"""Drive the app through the keyboard with Textual's pilot, as a learner would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import OptionList, Static

from quizapp.core.context import QuizContext
from quizapp.core.formatting import format_answer
from quizapp.tui.factory import build_app
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.question import QuestionScreen
from quizapp.tui.screens.summary import SummaryScreen
from quizapp.tui.widgets.worked_solution import WorkedSolution
from tests.helpers import HOSTILE_BANK, RunApp, ask_now, make_context


def _on_feedback(screen: Screen[Any]) -> bool:
    """The question screen showing an answer's feedback (in place of the question)."""
    return isinstance(screen, QuestionScreen) and screen.showing_feedback


def _text(screen: Screen[Any], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_full_review_of_several_kinds(context: QuizContext, run_app: RunApp) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("r")
        assert isinstance(app.screen, QuestionScreen)
        answers = {
            "core.choice": "a",
            "core.multi": "1 2",
            "core.short": "forget gate",
            "core.numeric": "2560",
            "core.spot": "a",
        }
        seen = []
        for _ in range(7):
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            current = screen.session.current
            seen.append(current.question_id)
            if current.kind == "flashcard":
                await pilot.press("3")  # rating before reveal does nothing
                assert app.screen is screen
                await pilot.press("space", "3")
            else:
                text = answers.get(current.question_id) or format_answer(current.variant.answer)
                await pilot.press(*text, "enter")
            assert _on_feedback(app.screen)
            if current.kind != "flashcard":
                assert app.screen.feedback.correct, current.question_id
            await pilot.press("enter")
        assert isinstance(app.screen, SummaryScreen)  # the session's end says how it went
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert sorted(seen) == sorted(context.catalog.questions)
        assert context.store.total_reviews() == 7


async def test_numeric_parse_problem_then_right_answer(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        ask_now(screen, "core.numeric")
        await pilot.press(*"two thousand", "enter")
        assert isinstance(app.screen, QuestionScreen)
        assert "number" in _text(app.screen, "#problem")
        assert context.store.total_reviews() == 0  # a parse problem is not a wrong answer
        await pilot.press(*["backspace"] * 12, *"2560", "enter")
        assert _on_feedback(app.screen) and app.screen.feedback.correct


async def test_worked_solution_rating_override_and_undo(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        ask_now(screen, "core.drill")
        await pilot.press(*"5, 5", "enter")  # tanh-bounded h can never be 5
        feedback = app.screen
        assert _on_feedback(feedback) and not feedback.feedback.correct
        steps = feedback.query_one("#steps", WorkedSolution)
        assert len(steps.steps) == 11  # a_i ... h: every intermediate the engine computed
        region = Region(0, 0, steps.size.width, steps.size.height)
        shown = "\n".join(strip.text for strip in steps.render_lines(region))
        for step in steps.steps:  # each label, formula and value whole, on its row
            row = next(line for line in shown.splitlines() if line.split()[:1] == [step.label])
            assert step.formula in row and step.value in row, (row, step)
        await pilot.press("2")
        assert "Recorded as Hard" in _text(feedback, "#rating")
        await pilot.press("u")
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.session.current.question_id == "core.drill"
        assert context.store.total_reviews() == 0


async def test_hint_and_help(context: QuizContext, run_app: RunApp) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        ask_now(screen, "core.choice")
        await pilot.press("ctrl+t")
        assert "conveyor belt" in _text(screen, "#hints")
        await pilot.press("f1")  # '?' would be typed into the answer box
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("a", "enter")
        assert app.screen.feedback.rating == 2  # a hint lowers the rating to Hard


async def test_hostile_text_is_shown_not_interpreted(tmp_path: Path, run_app: RunApp) -> None:
    context = make_context(tmp_path, HOSTILE_BANK)
    assert context.catalog.errors == []
    async with run_app(context, size=(80, 24)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        prompt = screen.query_one("#prompt").source
        assert "[bold]x[/bold]" in prompt and "[@click=app.quit]" in prompt
        assert "\x1b" not in prompt and "␛" in prompt and "\x07" not in prompt
        await pilot.pause()
        assert app.is_running  # the [@click=app.quit] did nothing
        await pilot.press(*"fine", "enter")
        assert _on_feedback(app.screen)
    context.close()


async def test_failed_bank_notice_on_home(tmp_path: Path, run_app: RunApp) -> None:
    from tests.helpers import CORE_BANK

    context = make_context(tmp_path, CORE_BANK, "bank: {id: broken\n")
    async with run_app(context, size=(100, 30)) as (app, pilot):
        await pilot.pause()
        notice = _text(app.screen, "#notice")
        assert "could not be loaded" in notice and "bank1.yaml:2:1:" in notice
        banks = app.screen.query_one("#banks", OptionList)
        assert banks.option_count == 1
    context.close()


async def test_practise_a_bank_does_not_move_the_schedule(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.session.mode == "cram"
        ask_now(screen, "core.numeric")
        await pilot.press(*"2560", "enter")
        assert context.store.card("core.numeric") is None
        assert context.store.total_reviews() == 1


async def test_practise_the_bank_under_the_cursor(tmp_path: Path, run_app: RunApp) -> None:
    """Arrows (or a click) choose the bank on Home; p practises that one, and only it."""
    from tests.helpers import CORE_BANK

    second = HOSTILE_BANK.replace("id: hostile", "id: other", 1)
    context = make_context(tmp_path, CORE_BANK, second)
    async with run_app(context, size=(100, 30)) as (app, pilot):
        banks = app.screen.query_one("#banks", OptionList)
        assert [o.id for o in banks.options] == ["core", "other"]
        await pilot.press("down", "p")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert {q.question.bank_id for q in [screen.session.current]} == {"other"}
        await pilot.press("escape")
        assert app.screen.query_one("#banks", OptionList).highlighted == 1  # kept on return
        await pilot.click("#banks", offset=(3, 0))
        await pilot.press("p")
        assert app.screen.session.current.question.bank_id == "core"
    context.close()


def test_bank_table_lines_line_up_and_cut_long_titles() -> None:
    from rich.cells import cell_len

    from quizapp.tui.screens.home import TITLE_WIDTH, table_lines

    long_title = "A very long bank title that goes on and on past forty cells"
    header, wide, cjk = table_lines([("Bank", "Questions"), (long_title, 3), ("门控循环单元", 12)])
    assert header.plain == " Bank" + " " * (TITLE_WIDTH - 4) + "  Questions"
    assert wide.plain.startswith(" " + long_title[: TITLE_WIDTH - 1] + "…  3")
    cjk_at = cell_len(cjk.plain[: cjk.plain.index("12")])
    assert cjk_at == cell_len(wide.plain[: wide.plain.index("3")])  # 门 takes two cells


async def test_mouse_picks_options_and_clicks_key_hints(
    context: QuizContext, run_app: RunApp
) -> None:
    """A click on an option answers a choice question; a click on a key hint runs its key."""
    from quizapp.tui.screens.stats import StatsScreen
    from quizapp.tui.widgets.keybar import KeyBar

    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        ask_now(screen, "core.choice")
        await pilot.pause()
        await pilot.click("#options", offset=(3, 0))  # the first line: "a) c = f ⊙ c_prev + i ⊙ g"
        await pilot.pause()
        assert _on_feedback(app.screen)
        assert app.screen.feedback.correct is True
        await pilot.press("enter")
        await pilot.pause()
        ask_now(app.screen, "core.multi")
        await pilot.pause()
        await pilot.click("#options", offset=(3, 0))
        await pilot.click("#options", offset=(3, 1))
        await pilot.pause()
        assert app.screen.query_one("#entry").value == "a b"
        await pilot.click("#options", offset=(3, 1))  # a second click takes it back
        assert app.screen.query_one("#entry").value == "a"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        bar = app.screen.query_one(KeyBar)
        column = bar.build_content().plain.index("Statistics")
        await pilot.click(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_no_color_is_respected(context: QuizContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(context)
    assert app.no_color  # Textual renders monochrome when NO_COLOR is set
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, QuestionScreen)


async def test_home_opens_the_planner_lab_and_inspector(
    context: QuizContext, run_app: RunApp
) -> None:
    """d, g and i from Home, and the same tools by a click on the "More" line."""
    from quizapp.tui.screens.inspector import StepInspectorScreen
    from quizapp.tui.screens.lab import GradientLabScreen
    from quizapp.tui.screens.planner import PlannerScreen

    async with run_app(size=(100, 30)) as (app, pilot):
        for key, screen_type in (
            ("d", PlannerScreen),
            ("g", GradientLabScreen),
            ("i", StepInspectorScreen),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_type), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        more = app.screen.query_one("#more", Static)
        column = str(more.render()).index("gradient lab")
        await pilot.click("#more", offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, GradientLabScreen)


DECAY_BANK = """\
bank: {id: decay, title: Decay}
questions:
  - id: decay.rnn
    kind: numeric
    topics: [numeric.gradient-norm]
    prompt: Predict, then see the curve.
    template: gradient_decay
    params: {cell: rnn}
    explanation: rho^T.
"""


async def test_predict_then_see_the_computed_curve(tmp_path: Path, run_app: RunApp) -> None:
    from textual.widgets import Sparkline

    context = make_context(tmp_path, DECAY_BANK)
    async with run_app(context, size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        variant = app.screen.session.current.variant
        await pilot.press(*"0", "enter")  # "nothing decays": a wrong prediction
        await pilot.pause()
        assert _on_feedback(app.screen)
        assert app.screen.feedback.correct is False
        curve = app.screen.query_one("#curve", Sparkline)
        assert list(curve.data) == variant.extras["curve"]  # type: ignore[arg-type]
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "The computed curve" in shown
    context.close()

"""The TUI in Chinese, driven from the keyboard: questions shown in Chinese (English that fell
back marked), short answers typed in Chinese graded against the Chinese and English answers,
and the screens' own words from the gettext catalog."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Static

from quizapp.core.context import QuizContext, open_context
from quizapp.core.formatting import format_answer
from quizapp.store import FixedClock
from quizapp.tui.screens.question import QuestionScreen
from tests.helpers import CORE_BANK, DATA_DIR, START, RunApp, ask_now


def chinese_context(tmp_path: Path) -> QuizContext:
    """The core bank with its Chinese translation file and the two sibling gate questions,
    opened as ``--lang zh`` opens them."""
    core = tmp_path / "core.yaml"
    core.write_text(CORE_BANK, encoding="utf-8")
    banks = [core, DATA_DIR / "zh" / "core.yaml", DATA_DIR / "gates_zh.yaml"]
    return open_context(
        tmp_path / "data", banks, clock=FixedClock(START), seed=1, builtin=False, language="zh"
    )


def _text(screen: Screen[Any], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _on_feedback(screen: Screen[Any]) -> bool:
    """The question screen showing an answer's feedback (in place of the question)."""
    return isinstance(screen, QuestionScreen) and screen.showing_feedback


async def _answer(run_app: RunApp, context: QuizContext, qid: str, typed: str) -> Any:
    async with run_app(context, size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        ask_now(app.screen, qid)
        await pilot.pause()
        await pilot.press(*typed, "enter")
        await pilot.pause()
        assert _on_feedback(app.screen)
        return app.screen.feedback


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("输入门", True),  # the Chinese term
        ("（输入门）", True),  # full-width brackets (NFKC)
        ("ｉｎｐｕｔ ｇａｔｅ", True),  # the English answer in full-width letters
        ("input gate", True),  # the English answers stay accepted
        ("输出门", False),  # one character off, a different gate: never a typo
        ("output gate", False),
    ],
)
async def test_a_short_answer_typed_in_chinese(
    tmp_path: Path, run_app: RunApp, typed: str, accepted: bool
) -> None:
    feedback = await _answer(run_app, chinese_context(tmp_path), "gatesz.input", typed)
    assert feedback.correct is accepted, typed
    assert feedback.expected == "输入门"  # the model answer is the Chinese one
    assert feedback.note is None  # no "small typo" either way


async def test_the_question_and_its_feedback_are_in_chinese(
    tmp_path: Path, run_app: RunApp
) -> None:
    async with run_app(chinese_context(tmp_path), size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        ask_now(app.screen, "core.choice")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.session.current.prompt.startswith("LSTM 的记忆元是怎样更新的？")
        assert _text(screen, "#progress").startswith("第 1 题，共 9 题 · 核心")
        await pilot.press("b", "enter")
        await pilot.pause()
        assert _on_feedback(app.screen)
        shown = app.screen.feedback
        assert shown.correct is False
        assert shown.explanation == "以加法方式更新。"
        assert [o.feedback for o, _picked in shown.option_feedback] == ["对。", "那是 h。"]


async def test_english_that_fell_back_is_marked(tmp_path: Path, run_app: RunApp) -> None:
    """core.flash has no Chinese: it is shown in English, and the screen says so."""
    context = chinese_context(tmp_path)
    assert context.catalog.fell_back("core.flash")
    async with run_app(context, size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        first = app.screen.session.current.question_id
        assert first != "core.flash"  # a translated question comes first (seed 1)
        assert not app.screen.query_one("#fallback", Static).display
        ask_now(app.screen, "core.flash")
        await pilot.pause()
        assert _text(app.screen, "#fallback") == "以英文显示：这道题还没有中文翻译。"
        assert app.screen.query_one("#fallback", Static).display


async def test_a_numeric_drill_in_chinese_with_its_worked_solution(
    tmp_path: Path, run_app: RunApp
) -> None:
    """The drill's prompt is the Chinese translation above the template's own prose (in
    Chinese, from the ``templates`` domain); the feedback's words (verdict, the worked-solution
    heading, the table's columns) come from the interface's catalog, the answer form is the
    template's Chinese one; the steps themselves are symbols and formulas (a_i, i = σ(a_i)),
    the same in both languages."""
    async with run_app(chinese_context(tmp_path), size=(120, 40)) as (app, pilot):
        await pilot.press("r")
        ask_now(app.screen, "core.drill")
        await pilot.pause()
        current = app.screen.session.current
        assert current.prompt.startswith("计算一步 LSTM。")
        await pilot.press(*format_answer(current.variant.answer), "enter")
        await pilot.pause()
        screen = app.screen
        assert _on_feedback(screen)
        assert screen.feedback.correct is True
        assert screen.feedback.worked_steps
        shown = " ".join(str(s.render()) for s in screen.query(Static))
        assert "回答正确" in shown
        assert "解题步骤" in shown
        han = re.compile("[\u4e00-\u9fff]")
        assert han.search(current.prompt.split("\n\n", 1)[1])  # the template's prose
        assert han.search(current.expected_form or "")  # "2 个数组成的向量，保留 3 位小数"
        assert "h = o ⊙ tanh(c)" in [step.formula for step in screen.feedback.worked_steps]

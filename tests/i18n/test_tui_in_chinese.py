"""The app in Chinese, driven by a pilot: the pattern for the TUI's own strings too.

A context in a language (``make_context(..., language="zh")``, as ``--lang zh`` makes it) gives
the screens the catalog in that language and switches ``quizapp.i18n._``; a test then reads
the screen as the learner does. Here a short question, translated in a separate file, is asked
in Chinese and answered in Chinese.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widgets import Static

from quizapp.tui.screens.question import QuestionScreen
from tests.helpers import CORE_BANK, RunApp, ask_now, make_context

TRANSLATION = """\
translation: {bank: core, language: zh, title: 核心题库}
questions:
  core.short:
    prompt: 哪个门决定 c_prev 保留多少？
    answers: [遗忘门]
    explanation: 遗忘门。
"""


def _shown(screen: Screen[Any]) -> str:
    return " ".join(str(widget.render()) for widget in screen.query(Static))


async def test_a_short_question_asked_and_answered_in_chinese(
    tmp_path: Path, run_app: RunApp
) -> None:
    context = make_context(tmp_path, CORE_BANK, TRANSLATION, language="zh")
    assert context.catalog.errors == []
    try:
        async with run_app(context, size=(80, 24)) as (app, pilot):
            await pilot.press("r")
            ask_now(app.screen, "core.short")
            await pilot.pause()
            assert "哪个门决定 c_prev 保留多少？" in _shown(app.screen)
            await pilot.press(*"遗忘门", "enter")
            assert isinstance(app.screen, QuestionScreen) and app.screen.showing_feedback
            assert app.screen.feedback is not None and app.screen.feedback.correct
    finally:
        context.close()


async def test_a_sibling_term_one_character_off_is_rejected(
    tmp_path: Path, run_app: RunApp
) -> None:
    context = make_context(tmp_path, CORE_BANK, TRANSLATION, language="zh")
    try:
        async with run_app(context, size=(80, 24)) as (app, pilot):
            await pilot.press("r")
            ask_now(app.screen, "core.short")
            await pilot.press(*"输入门", "enter")
            assert isinstance(app.screen, QuestionScreen) and app.screen.showing_feedback
            assert app.screen.feedback is not None and not app.screen.feedback.correct
    finally:
        context.close()

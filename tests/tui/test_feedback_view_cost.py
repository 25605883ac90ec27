"""The question screen's feedback view, made cheap to have: mounted once, after the first
question is on screen (an answer sooner waits for it), and its body restyling only itself when
its focus changes (``FeedbackBody``), which is only right while no rule styles a descendant by
the body's focus: checked against a full restyle of the body's subtree, focused and blurred."""

from __future__ import annotations

from typing import Any

import pytest
from textual.dom import DOMNode

from quizapp.core.context import QuizContext
from quizapp.tui.screens.question import QuestionScreen
from quizapp.tui.widgets.feedback_view import FeedbackBody, FeedbackView
from tests.helpers import RunApp, ask_now, to_question


def _styles(body: FeedbackBody) -> list[tuple[str, Any]]:
    """Every node's computed rules under the body (its scrollbars included), by node."""
    nodes: list[DOMNode] = list(body.walk_children(with_self=True))
    nodes += [body.vertical_scrollbar, body.horizontal_scrollbar]
    return [(repr(node), node.styles.get_rules()) for node in nodes]


async def test_a_focus_change_leaves_every_descendant_as_a_full_restyle_would(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await to_question(pilot, "core.drill")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.press(*"5, 5", "enter")  # wrong: verdict, worked steps, explanation
        await pilot.pause()
        body = screen.query_one(FeedbackView).body
        assert isinstance(body, FeedbackBody) and body.has_focus
        assert screen.query_one("#steps").display  # the worked solution's table is shown
        for focused in (True, False):
            if not focused:
                screen.query_one("#entry").display = True
                screen.query_one("#entry").focus()
                await pilot.pause()
                assert not body.has_focus
            ours = _styles(body)
            app.stylesheet.update_nodes(body.walk_children(with_self=True), animate=False)
            assert _styles(body) == ours


async def test_the_feedback_view_is_mounted_once_after_the_first_question_shows(
    context: QuizContext, run_app: RunApp
) -> None:
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.pause()
        assert len(screen.query(FeedbackView)) == 1  # mounted after the question's first paint
        ask_now(screen, "core.choice")
        await pilot.press("b", "enter", "enter")
        ask_now(screen, "core.short")
        await pilot.press(*"input gate", "enter")
        assert screen.showing_feedback
        assert len(screen.query(FeedbackView)) == 1


async def test_an_answer_before_the_feedback_view_is_mounted_waits_for_it(
    context: QuizContext, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key faster than the first frame: the view is mounted on demand, then shown."""
    monkeypatch.setattr(QuestionScreen, "call_after_refresh", lambda self, *a, **k: True)
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert not screen.query(FeedbackView)  # nothing mounted it ahead
        ask_now(screen, "core.choice")
        await pilot.press("b", "enter")
        assert screen.showing_feedback
        assert screen.query_one(FeedbackView).display
        assert "Not quite" in str(screen.query_one("#verdict").render())


async def test_answers_after_the_mount_do_not_await_it_again(
    context: QuizContext, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An await of a finished mount costs a task, a turn of the event loop and a layout
    request on every answer: once is enough."""
    async with run_app(size=(100, 30)) as (app, pilot):
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.pause()
        assert screen.query_one(FeedbackView).is_mounted
        awaited: list[str] = []
        mount = QuestionScreen.feedback_view

        def counted(self: QuestionScreen) -> object:
            awaited.append("mount")
            return mount(self)

        monkeypatch.setattr(QuestionScreen, "feedback_view", counted)
        for question, answer in (("core.choice", "b"), ("core.short", "input gate")):
            ask_now(screen, question)
            await pilot.press(*answer, "enter")
            assert screen.showing_feedback
            await pilot.press("enter")
        assert awaited == []

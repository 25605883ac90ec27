"""Mock interview questions: a visible countdown, no feedback until the end.

Before answering, the learner may say how sure they are: F2 guessing, F3 unsure, F4 fairly
sure, F5 certain (function keys: plain digits go into the answer, and alt+digit arrives as a
typed character in many terminals). Clicking a level in the key bar works as well. Answering
without one records None.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from quizapp.core.mock import CONFIDENCE_LEVELS, MockAnswer, MockInterview
from quizapp.core.presentation import AnswerProblem
from quizapp.store.answers import ANSWER_KEPT
from quizapp.tui.faults import NOT_SAVED, fault_boundary
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.question_panel import QuestionPanel, pick_option
from quizapp.tui.widgets.title_bar import TitleBar


class MockQuestionScreen(QuizScreen[None]):
    AUTO_FOCUS = "#entry"  # focused straight away; show_next focuses it again for later questions
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "confidence(1)", "Guessing", id="mock.confidence_guessing"),
        Binding("f3", "confidence(2)", "Unsure", id="mock.confidence_unsure"),
        Binding("f4", "confidence(3)", "Fairly sure", id="mock.confidence_fairly_sure"),
        Binding("f5", "confidence(4)", "Certain", id="mock.confidence_certain"),
        Binding("f10,ctrl+g", "finish", "End interview", id="mock.finish"),
        Binding("pageup", "scroll_body(-1)", "Scroll up", id="mock.scroll_up", show=False),
        Binding("pagedown", "scroll_body(1)", "Scroll down", id="mock.scroll_down", show=False),
    ]

    def __init__(self, mock: MockInterview) -> None:
        super().__init__()
        self.mock = mock

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="clock", classes="progress")
        yield QuestionPanel(
            self.context.catalog.paragraphs, above=(Static(id="follow-up", classes="progress"),)
        )
        yield Static(id="form", classes="progress")
        yield Static(id="confidence", classes="progress")
        yield Static(id="problem", classes="problem")
        yield AnswerInput(
            id="entry", placeholder="Your answer, then Enter (no feedback until the end)"
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)
        self.show_next()

    def tick(self) -> None:
        left = int(self.mock.time_left().total_seconds())
        done = len(self.mock.answers)
        self.query_one("#clock", Static).update(
            plain(
                f"Mock interview · {done} of {self.mock.length} answered · "
                f"{left // 60:02d}:{left % 60:02d} left"
            )
        )
        if left <= 0:
            self.action_finish()

    def show_next(self) -> None:
        presented = self.mock.next_question()
        if presented is None:
            self.action_finish()
            return
        if presented.kind == "code":  # the coding round: its own screen and clock
            from quizapp.tui.screens.code_question import MockCodeQuestionScreen

            self.app.push_screen(MockCodeQuestionScreen(self.mock), lambda _: self.show_next())
            return
        follow = self.mock.current_follow_up_of
        self.query_one("#follow-up", Static).update(
            plain("Follow-up: the interviewer digs deeper." if follow else "")
        )
        self.query_one(QuestionPanel).show(presented)
        form = (
            "Pick a letter or number"
            if presented.options
            else (presented.expected_form or "Type your answer")
        )
        self.query_one("#form", Static).update(plain(form))
        self.query_one("#problem", Static).update("")
        self.show_confidence(None)
        entry = self.query_one("#entry", Input)
        entry.value = ""
        entry.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.mock.current is None:
            return
        result = self.submit(event.value)
        if result is None:  # not saved: the fault screen said why; the answer stays in the box
            self.query_one("#problem", Static).update(plain(NOT_SAVED))
            return
        if isinstance(result, AnswerProblem):
            self.query_one("#problem", Static).update(plain(result.message))
            return
        self.show_next()

    @fault_boundary("saving your answer", ANSWER_KEPT)
    def submit(self, raw: str) -> MockAnswer | AnswerProblem:
        return self.mock.submit(raw)

    def show_confidence(self, level: int | None) -> None:
        line = Text("How sure: ")
        if level:
            line.append(CONFIDENCE_LEVELS[level], style="bold")
        else:
            line.append("not said yet")
        keys = ", ".join(f"F{k + 1} {label}" for k, label in sorted(CONFIDENCE_LEVELS.items()))
        line.append(f" ({keys})")
        self.query_one("#confidence", Static).update(line)

    def action_confidence(self, level: int) -> None:
        if self.mock.current is None:
            return
        self.mock.set_confidence(level)
        self.show_confidence(level)

    async def action_pick(self, label: str) -> None:
        """A click on an option: choose it (choice), or toggle it in the answer (multi)."""
        current = self.mock.current
        if current is None or not current.options:
            return
        await pick_option(self.query_one("#entry", Input), current, label)

    def action_scroll_body(self, direction: int) -> None:
        self.query_one(QuestionPanel).page(direction)

    def action_finish(self) -> None:
        from quizapp.tui.screens.mock_report import MockReportScreen

        if not self.is_current:
            return
        self.app.switch_screen(MockReportScreen(self.mock.report()))
        self.end_interview()  # after the switch, so a fault is shown over the report

    @fault_boundary("ending the interview", "every answer of it is kept")
    def end_interview(self) -> None:
        self.mock.finish()

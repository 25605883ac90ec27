"""Mock interview questions: a visible countdown, no feedback until the end.

Before answering, the learner may say how sure they are: F2 guessing, F3 unsure, F4 fairly
sure, F5 certain, or Ctrl+O to step through the levels (laptops and some terminals keep the
F-keys for themselves; plain digits go into the answer, and alt+digit arrives as a typed
character in many terminals). Clicking a level in the key bar works as well. Answering without
one records None.

Ending: Ctrl+G or F10 asks first (nothing is lost until the learner says so). When the time runs
out the interview ends by itself and says "Time's up"; what is typed in the answer box then is
graded as submitted (``MockInterview.finish``).
"""

from __future__ import annotations

import math
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from quizapp.core.mock import CONFIDENCE_LEVELS, MockAnswer, MockInterview
from quizapp.core.presentation import AnswerProblem
from quizapp.i18n import N_, _
from quizapp.store.answers import ANSWER_KEPT
from quizapp.tui.faults import NOT_SAVED, fault_boundary
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.question_panel import QuestionPanel, pick_option
from quizapp.tui.widgets.title_bar import TitleBar

TEXT = {
    "clock": N_("Mock interview · {done} of {length} answered · {minutes:02d}:{seconds:02d} left"),
    "follow_up": N_("Follow-up: the interviewer digs deeper."),
    "pick": N_("Pick a letter or number"),
    "type": N_("Type your answer"),
    "how_sure": N_("How sure: "),
    "not_said": N_("not said yet"),
    "levels": N_(" ({levels}, or {step} for the next)"),
    "level": "{key} {label}",  # no words to translate
    "end_question": N_("End the interview now?"),
    "end_typed": N_("What you typed is graded as your answer."),
    "end_left_one": N_("1 question not yet answered counts as wrong; the report gives its answer."),
    "end_left": N_(
        "{left} questions not yet answered count as wrong; the report lists them with their "
        "answers."
    ),
    "end_none_left": N_("Every question has an answer: nothing is counted as wrong unanswered."),
    "end_yes": N_("End interview"),
    "end_no": N_("Keep going"),
}
LEVEL_IDS = {
    1: "mock.confidence_guessing",
    2: "mock.confidence_unsure",
    3: "mock.confidence_fairly_sure",
    4: "mock.confidence_certain",
}


class MockQuestionScreen(QuizScreen[None]):
    AUTO_FOCUS = "#entry"  # focused straight away; show_next focuses it again for later questions
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "confidence(1)", N_("Guessing"), id="mock.confidence_guessing"),
        Binding("f3", "confidence(2)", N_("Unsure"), id="mock.confidence_unsure"),
        Binding("f4", "confidence(3)", N_("Fairly sure"), id="mock.confidence_fairly_sure"),
        Binding("f5", "confidence(4)", N_("Certain"), id="mock.confidence_certain"),
        Binding("ctrl+o", "next_confidence", N_("How sure"), id="mock.confidence_next"),
        Binding("ctrl+g,f10", "end", N_("End interview"), id="mock.finish"),
        Binding("pageup", "scroll_body(-1)", N_("Scroll up"), id="mock.scroll_up", show=False),
        Binding("pagedown", "scroll_body(1)", N_("Scroll down"), id="mock.scroll_down", show=False),
    ]

    def __init__(self, mock: MockInterview) -> None:
        super().__init__()
        self.mock = mock
        self.level: int | None = None
        self._report_shown = False

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
            id="entry", placeholder=_("Your answer, then Enter (no feedback until the end)")
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)
        self.show_next()

    def tick(self) -> None:
        """The countdown, in whole seconds rounded up: 00:00 shows only once time is up (a
        report at "00:00" with half a second left would say "ended early")."""
        remaining = self.mock.time_left().total_seconds()
        left = math.ceil(remaining)
        done = len(self.mock.answers)
        self.query_one("#clock", Static).update(
            plain(
                _(TEXT["clock"]).format(
                    done=done, length=self.mock.length, minutes=left // 60, seconds=left % 60
                )
            )
        )
        if remaining <= 0:  # the report's headline says "Time's up"
            self.finish()

    def show_next(self) -> None:
        presented = self.mock.next_question()
        if presented is None:
            self.finish()
            return
        if presented.kind == "code":  # the coding round: its own screen and clock
            from quizapp.tui.screens.mock_code_question import MockCodeQuestionScreen

            self.app.push_screen(MockCodeQuestionScreen(self.mock), lambda _: self.show_next())
            return
        follow = self.mock.current_follow_up_of
        self.query_one("#follow-up", Static).update(plain(_(TEXT["follow_up"]) if follow else ""))
        self.query_one(QuestionPanel).show(presented)
        form = (
            _(TEXT["pick"]) if presented.options else (presented.expected_form or _(TEXT["type"]))
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
            self.query_one("#problem", Static).update(plain(_(NOT_SAVED)))
            return
        if isinstance(result, AnswerProblem):
            self.query_one("#problem", Static).update(plain(result.message))
            return
        self.show_next()

    @fault_boundary(N_("saving your answer"), ANSWER_KEPT)
    def submit(self, raw: str) -> MockAnswer | AnswerProblem:
        return self.mock.submit(raw)

    def show_confidence(self, level: int | None) -> None:
        self.level = level
        line = Text(_(TEXT["how_sure"]))
        if level:
            line.append(_(CONFIDENCE_LEVELS[level]), style="bold")
        else:
            line.append(_(TEXT["not_said"]))
        levels = ", ".join(
            TEXT["level"].format(key=self.key_for(LEVEL_IDS[k]), label=label)
            for k, label in sorted((k, _(v)) for k, v in CONFIDENCE_LEVELS.items())
        )
        step = self.key_for("mock.confidence_next")
        line.append(_(TEXT["levels"]).format(levels=levels, step=step))
        self.query_one("#confidence", Static).update(line)

    def action_confidence(self, level: int) -> None:
        if self.mock.current is None:
            return
        self.mock.set_confidence(level)
        self.show_confidence(level)

    def action_next_confidence(self) -> None:
        """One level surer than now (after certain: guessing again)."""
        self.action_confidence(self.level % len(CONFIDENCE_LEVELS) + 1 if self.level else 1)

    async def action_pick(self, label: str) -> None:
        """A click on an option: choose it (choice), or toggle it in the answer (multi)."""
        current = self.mock.current
        if current is None or not current.options:
            return
        await pick_option(self.query_one("#entry", Input), current, label)

    def action_scroll_body(self, direction: int) -> None:
        self.query_one(QuestionPanel).page(direction)

    def action_end(self) -> None:
        """Ask before ending: the questions not yet answered will count as wrong."""
        from quizapp.tui.screens.confirm import ConfirmScreen

        typed = bool(self.query_one("#entry", Input).value.strip())
        left = self.mock.length - len(self.mock.answers) - typed
        if left == 0:
            counted = _(TEXT["end_none_left"])
        elif left == 1:
            counted = _(TEXT["end_left_one"])
        else:
            counted = _(TEXT["end_left"]).format(left=left)
        confirm = ConfirmScreen(
            _(TEXT["end_question"]),
            f"{TEXT['end_typed']} {counted}" if typed else counted,
            yes=_(TEXT["end_yes"]),
            no=_(TEXT["end_no"]),
        )
        self.app.push_screen(confirm, self._ended)

    def _ended(self, end: bool | None) -> None:
        if end:
            self.finish()

    def finish(self) -> None:
        """The report in place of this screen; a confirmation still open is closed first."""
        from quizapp.tui.screens.confirm import ConfirmScreen
        from quizapp.tui.screens.mock_report import MockReportScreen

        if self._report_shown:
            return
        while isinstance(self.app.screen, ConfirmScreen):
            self.app.pop_screen()
        if not self.is_current:
            return
        self._report_shown = True
        typed = self.query_one("#entry", Input).value
        self.app.switch_screen(MockReportScreen(self.mock.report(typed)))
        self.end_interview()  # after the switch, so a fault is shown over the report

    @fault_boundary(N_("ending the interview"), N_("every answer of it is kept"))
    def end_interview(self) -> None:
        self.mock.finish()

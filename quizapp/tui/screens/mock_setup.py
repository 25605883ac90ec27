"""Mock interview setup: how many questions, how long, which topics."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, SelectionList, Static

from quizapp.core.mock import MockInterview
from quizapp.i18n import N_, _
from quizapp.tui.faults import fault_boundary
from quizapp.tui.naming import Namer
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain, safe_text
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

MAX_QUESTIONS = 200  # far more than an interview asks; the bank may offer fewer
MAX_MINUTES = 600  # ten hours: a longer limit overflowed the clock (99999999999 minutes)


class MockSetupScreen(QuizScreen[None]):
    AUTO_FOCUS = "#length"  # the first field: the number of questions
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", N_("Start interview"), id="mock_setup.start"),
        Binding("escape", "app.pop_screen", N_("Back"), id="mock_setup.back"),
    ]

    def compose(self) -> ComposeResult:
        context = self.context
        namer = Namer(context.catalog)
        topics = sorted(context.catalog.questions_by_topic(), key=namer.topic)
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Label(_("Questions"))
            yield Input("10", id="length", type="integer")
            yield Label(_("Minutes"))
            yield Input("15", id="minutes", type="integer")
            yield Label(
                _("Coding drills at the end (write a function in NumPy), each with its own")
            )
            yield Input("0", id="drills", type="integer")
            yield Label(_("Minutes per coding drill"))
            yield Input("20", id="drill-minutes", type="integer")
            yield Label(_("Topics (none ticked = all); Space ticks, Ctrl+S starts"))
            yield SelectionList[str](*[(safe_text(namer.topic(t)), t) for t in topics], id="topics")
            yield Static(id="problem", classes="problem")
        yield KeyBar()

    @fault_boundary(N_("starting the interview"), N_("nothing was changed"))
    def action_start(self) -> None:
        from quizapp.tui.screens.mock_question import MockQuestionScreen

        context = self.context
        problem = self.query_one("#problem", Static)
        try:
            length = int(self.query_one("#length", Input).value)
            minutes = int(self.query_one("#minutes", Input).value)
            drills = int(self.query_one("#drills", Input).value or "0")
            drill_minutes = int(self.query_one("#drill-minutes", Input).value)
        except ValueError:
            problem.update(plain(_("Questions, drills and minutes must be whole numbers.")))
            return
        counts_ok = 0 <= length <= MAX_QUESTIONS and 0 <= drills <= MAX_QUESTIONS
        minutes_ok = 1 <= minutes <= MAX_MINUTES and 1 <= drill_minutes <= MAX_MINUTES
        if not (counts_ok and minutes_ok and length + drills >= 1):
            problem.update(
                plain(
                    f"Ask 1 to {MAX_QUESTIONS} questions and drills, "
                    f"for 1 to {MAX_MINUTES} minutes each."
                )
            )
            return
        topics = list(self.query_one("#topics", SelectionList).selected) or None
        try:
            mock = MockInterview(
                context.catalog.questions,
                context.store,
                context.clock,
                context.rng,
                length=length,
                topics=topics,
                time_limit_s=60.0 * minutes,
                drills=drills,
                drill_time_limit_s=60.0 * drill_minutes,
            )
        except ValueError as exc:
            problem.update(plain(str(exc)))
            return
        self.app.switch_screen(MockQuestionScreen(mock))

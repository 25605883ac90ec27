"""One answer looked at again, from a report or a summary: its feedback, read only.

A review's feedback is shown in place on the question screen (``QuestionScreen``), where the
rating can be changed; here the answer is history (a mock interview's, or a finished
session's), so the only keys are the ones that work: back, and scrolling.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from quizapp.core.presentation import Feedback
from quizapp.i18n import N_, _
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.feedback_view import FeedbackView
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

FROM_MOCK = N_("A mock interview answer: logged, never scheduled.")
FROM_SESSION = N_("An answer from the session just finished; change its rating in a review.")


class FeedbackScreen(QuizScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "app.pop_screen", N_("Back"), id="answer.back"),
        Binding("pageup", "scroll_body(-1)", N_("Scroll up"), id="answer.scroll_up", show=False),
        Binding(
            "pagedown", "scroll_body(1)", N_("Scroll down"), id="answer.scroll_down", show=False
        ),
    ]

    def __init__(self, feedback: Feedback, *, mock: bool) -> None:
        """``mock``: the answer was given in a mock interview (else in a review or practice)."""
        super().__init__()
        self.feedback = feedback
        self.mock = mock

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield FeedbackView(self.context.catalog.paragraphs)
        yield Static(plain(_(FROM_MOCK if self.mock else FROM_SESSION)), id="rating")
        yield KeyBar()

    def on_mount(self) -> None:
        view = self.query_one(FeedbackView)
        view.show(self.feedback)
        view.body.focus()
        self.query_one("#rating").add_class("progress")

    def action_scroll_body(self, direction: int) -> None:
        body = self.query_one(FeedbackView).body
        body.scroll_page_up() if direction < 0 else body.scroll_page_down()

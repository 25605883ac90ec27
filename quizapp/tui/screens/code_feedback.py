"""After a code question: the verdict, the last check when given up, the reference solution,
and the rating, which can still change (1-4) or be taken back (u) before going on.

A typed question's feedback is shown in place on the question screen; a code question has its
own screen (the editor), so its feedback comes on this one, filled by the same ``FeedbackView``.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from quizapp.core.presentation import RATING_NAMES, Feedback
from quizapp.core.session import ReviewSession
from quizapp.i18n import N_, _
from quizapp.tui.faults import fault_boundary
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.feedback_view import FeedbackView
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

RATING_LINE = N_(
    "Recorded as {rating} · 1 Again 2 Hard 3 Good 4 Easy to change · u undo · Enter next"
)
MOCK_LINE = N_("Mock interview answer: logged, not scheduled · Enter back to the interview")


class CodeFeedbackScreen(QuizScreen[str]):
    """Dismissed with "next" or "undo"; ``session`` None: a mock interview's (no rating)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape", "next", N_("Next"), id="feedback.next"),
        Binding("1", "rate(1)", N_("Again"), id="feedback.rate_again"),
        Binding("2", "rate(2)", N_("Hard"), id="feedback.rate_hard"),
        Binding("3", "rate(3)", N_("Good"), id="feedback.rate_good"),
        Binding("4", "rate(4)", N_("Easy"), id="feedback.rate_easy"),
        Binding("u", "undo", N_("Undo"), id="feedback.undo"),
    ]

    def __init__(self, session: ReviewSession | None, feedback: Feedback) -> None:
        super().__init__()
        self.session = session
        self.feedback = feedback

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield FeedbackView(self.context.catalog.paragraphs)
        yield Static(id="rating", classes="progress")
        yield KeyBar()

    def on_mount(self) -> None:
        view = self.query_one(FeedbackView)
        view.show(self.feedback)
        view.body.focus()
        self.show_rating()

    def show_rating(self) -> None:
        rating = self.query_one("#rating", Static)
        if self.session is None:
            rating.update(plain(_(MOCK_LINE)))
            return
        rating.update(plain(_(RATING_LINE).format(rating=_(RATING_NAMES[self.feedback.rating]))))

    @fault_boundary(N_("changing the rating"), N_("the answer is kept with its old rating"))
    def action_rate(self, rating: int) -> None:
        if self.session is None:
            return
        self.feedback = self.session.override_rating(rating)
        self.show_rating()

    @fault_boundary(N_("taking the answer back"), N_("the answer is kept as it was"))
    def action_undo(self) -> None:
        if self.session is not None and self.session.undo() is not None:
            self.notify(_("Answer taken back."))
            self.dismiss("undo")

    def action_next(self) -> None:
        self.dismiss("next")

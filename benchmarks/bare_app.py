"""The bare Textual app the TUI rows compare quizapp with, started the same way (in a pty).

It walks the same path as a learner's review, doing nothing of its own: a home screen (one
Static); ``r`` pushes a question screen (one Static and an Input, as the question screen has);
Enter there pushes a feedback screen (one Static); Enter on the feedback pops it again, and the
question's text then counts up and its Input empties, as a new question's. Escape on a question
goes back home; Ctrl+Q quits (Textual's default).

Run as ``python benchmarks/bare_app.py``: it imports Textual and nothing of quizapp.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input, Static

HOME_TEXT = "bare home: press r"
QUESTION_TEXT = "bare question {n}"
FEEDBACK_TEXT = "bare feedback {n}"


class Feedback(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "dismiss", "Next")]

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def compose(self) -> ComposeResult:
        yield Static(FEEDBACK_TEXT.format(n=self.n))


class Question(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Home")]

    def __init__(self) -> None:
        super().__init__()
        self.n = 1

    def compose(self) -> ComposeResult:
        yield Static(QUESTION_TEXT.format(n=self.n), id="question")
        yield Input(id="entry")

    def on_input_submitted(self) -> None:
        self.app.push_screen(Feedback(self.n), self.next_question)

    def next_question(self, _: None = None) -> None:
        self.n += 1
        self.query_one("#question", Static).update(QUESTION_TEXT.format(n=self.n))
        self.query_one("#entry", Input).value = ""


class Bare(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "question", "Question")]

    def compose(self) -> ComposeResult:
        yield Static(HOME_TEXT)

    def action_question(self) -> None:
        self.push_screen(Question())


if __name__ == "__main__":
    Bare().run()

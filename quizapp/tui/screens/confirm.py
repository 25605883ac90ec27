"""A question put to the learner before something that cannot be taken back (ending a mock
interview): Enter or y goes ahead, Esc or n keeps things as they are."""

from __future__ import annotations

from typing import ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from quizapp.i18n import N_
from quizapp.tui.app import QuizApp
from quizapp.tui.text import plain
from quizapp.tui.widgets.keybar import KeyBar


class ConfirmScreen(ModalScreen[bool]):
    app = getters.app(QuizApp)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("escape,n", "answer(False)", N_("No"), id="confirm.no"),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; max-width: 90%; height: auto;
        border: round $warning; background: $surface; padding: 1 2;
    }
    ConfirmScreen #question { text-style: bold; }
    """

    def __init__(self, question: str, detail: str, yes: str, no: str) -> None:
        """``yes`` and ``no``: what each answer does, as the key bar says it ("End", ...)."""
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.question), id="question")
            yield Static(plain(self.detail), id="detail")
        yield KeyBar()

    def key_description(self, binding: Binding) -> str:
        """The key bar names what each answer does, not just "Yes" and "No"."""
        return self.yes if binding.id == "confirm.yes" else self.no

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

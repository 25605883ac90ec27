"""The Textual app: a thin shell that holds the context and opens the home screen.

All quiz rules live in ``quizapp.core``; screens render what the core returns.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from quizapp.core.context import QuizContext


class QuizApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    SUB_TITLE = "RNN · LSTM · GRU interview practice"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Keys", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, context: QuizContext) -> None:
        super().__init__()
        self.context = context
        theme = context.store.settings.theme
        if theme in self.available_themes:
            self.theme = theme

    def on_mount(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

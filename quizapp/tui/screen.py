"""The base of every screen: ``self.app`` typed as ``QuizApp``, and the running context.

Textual types ``Screen.app`` as any ``App``; ``getters.app`` narrows it once here (checking it
at run time), so no screen reaches for ``self.app.context`` through an ignore.
"""

from __future__ import annotations

from typing import TypeVar

from textual import getters
from textual.screen import Screen

from quizapp.core.context import QuizContext
from quizapp.tui.app import QuizApp
from quizapp.tui.faults import fault_boundary

ResultT = TypeVar("ResultT")


class QuizScreen(Screen[ResultT]):
    app = getters.app(QuizApp)

    @property
    def context(self) -> QuizContext:
        """The catalog, store, clock and generator the app was built with."""
        return self.app.context

    @fault_boundary("checking the progress database", "nothing was changed")
    def check_database(self) -> None:
        """Before a worker reads: the file is still the one open (a deleted one is written
        back here, on the thread that owns the store; ``quizapp.store.vanished``)."""
        self.context.store.check_file()

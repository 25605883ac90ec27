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

ResultT = TypeVar("ResultT")


class QuizScreen(Screen[ResultT]):
    app = getters.app(QuizApp)

    @property
    def context(self) -> QuizContext:
        """The catalog, store, clock and generator the app was built with."""
        return self.app.context

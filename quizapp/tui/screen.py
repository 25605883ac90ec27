"""The base of every screen: ``self.app`` typed as ``QuizApp``, and the running context.

Textual types ``Screen.app`` as any ``App``; ``getters.app`` narrows it once here (checking it
at run time), so no screen reaches for ``self.app.context`` through an ignore.
"""

from __future__ import annotations

from typing import TypeVar

from textual import getters
from textual.binding import Binding
from textual.screen import Screen

from quizapp.core.context import QuizContext
from quizapp.i18n import N_, _
from quizapp.tui.app import QuizApp
from quizapp.tui.faults import fault_boundary
from quizapp.tui.keys import key_name, keys_of

ResultT = TypeVar("ResultT")


class QuizScreen(Screen[ResultT]):
    app = getters.app(QuizApp)

    @property
    def context(self) -> QuizContext:
        """The catalog, store, clock and generator the app was built with."""
        return self.app.context

    def key_for(self, binding_id: str) -> str:
        """The first key of one of this screen's (or the app's) bindings, as inline text
        names it, after ``keymap.toml``: hints never promise a key that is not bound."""
        keys = keys_of(binding_id, (type(self), type(self.app)), self.app.keymap_overrides)
        return key_name(keys[0]) if keys else _("(unbound)")

    def key_description(self, binding: Binding) -> str:
        """What the key bar says a binding does; screens whose keys change meaning say so."""
        return binding.description

    @fault_boundary(N_("checking the progress database"), N_("nothing was changed"))
    def check_database(self) -> None:
        """Before a worker reads: the file is still the one open (a deleted one is written
        back here, on the thread that owns the store; ``quizapp.store.vanished``)."""
        self.context.store.check_file()

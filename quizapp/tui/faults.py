"""The app's one fault boundary: a database fault becomes a screen that says what happened,
what was kept and what to do, never a traceback.

Screen methods that reach the store are wrapped in ``fault_boundary(doing, kept)``: a
``StoreError`` (or a ``sqlite3.Error`` / ``OSError`` that got past the store) is shown on a
``FaultScreen`` over the screen, which stays as it was (a typed answer is still in its box, to
be sent again). Faults that continuing cannot cure (a damaged, foreign or newer database, a
file of the wrong kind) offer only to quit, which exits with code 1 and the message on the
terminal; the store is closed by the launcher, so everything saved stays saved. Background
workers' faults reach ``QuizApp._handle_exception``, which shows the same screen.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from quizapp.i18n import N_, _
from quizapp.store import Fault, StoreError
from quizapp.store.errors import STOPS, capitalised, describe, sentence
from quizapp.tui.app import QuizApp
from quizapp.tui.text import plain

FAULTS = (StoreError, sqlite3.Error, OSError)
# continuing cannot help: the file must be moved aside, replaced or upgraded for first
MUST_STOP = frozenset(
    {
        Fault.DAMAGED,
        Fault.NEWER_SCHEMA,
        Fault.FOREIGN,
        Fault.NOT_A_FILE,
        Fault.NO_DATA_DIR,
        Fault.REPLACED,
    }
)
TITLES = {
    Fault.DAMAGED: N_("The progress database is damaged"),
    Fault.DELETED: N_("The progress database was deleted, and written back"),
    Fault.DISK_FULL: N_("The disk is full"),
    Fault.FOREIGN: N_("The progress file is not quizapp's"),
    Fault.IO: N_("A disk read or write failed"),
    Fault.LOCKED: N_("The progress database is locked"),
    Fault.NEWER_SCHEMA: N_("The progress database is from a newer quizapp"),
    Fault.NO_DATA_DIR: N_("The data directory cannot be used"),
    Fault.NOT_A_FILE: N_("The progress file is not a file"),
    Fault.READ_ONLY: N_("The progress database cannot be written"),
    Fault.REPLACED: N_("The progress database was replaced"),
}

# under the answer box after a fault: the learner's own answer waits to be sent again
NOT_SAVED = N_("Not saved: your answer is still in the box. Press Enter to send it again.")
NOT_RATED = N_("Not saved: press the rating key again to send it.")
UNKNOWN_TITLE = N_("The progress database could not be used")

S = TypeVar("S", bound=Screen[Any])
P = ParamSpec("P")
R = TypeVar("R")


def as_store_error(exc: BaseException, app: QuizApp, doing: str, kept: str) -> StoreError:
    return describe(exc, app.context.store.path, doing, kept)


def fault_boundary(
    doing: str, kept: str
) -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R | None]]:
    """Show a database fault of the wrapped screen method (None is returned then); ``doing``
    and ``kept`` are English msgids (marked ``N_``), translated when a fault is shown."""

    def decorate(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R | None]:
        @functools.wraps(method)
        def wrapper(screen: S, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
            try:
                return method(screen, *args, **kwargs)
            except sqlite3.ProgrammingError:
                raise  # a bug (a closed store, another thread's connection), not a fault
            except FAULTS as exc:
                app = screen.app
                if not isinstance(app, QuizApp):
                    raise
                app.show_fault(as_store_error(exc, app, _(doing), _(kept)))
                return None

        return wrapper

    return decorate


class FaultScreen(ModalScreen[None]):
    """What happened, what was kept, what to do; Enter goes back (to try again), q quits."""

    app = getters.app(QuizApp)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "back", N_("Back"), id="fault.back"),
        Binding("q,ctrl+q", "quit_app", N_("Quit"), id="fault.quit"),
    ]
    DEFAULT_CSS = """
    FaultScreen { align: center middle; }
    FaultScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $error; background: $surface; padding: 1 2;
    }
    FaultScreen #fault-title { text-style: bold; color: $error; }
    FaultScreen Static { height: auto; margin-bottom: 1; }
    FaultScreen #fault-keys { color: $text-muted; margin-bottom: 0; }
    """

    def __init__(self, error: StoreError) -> None:
        super().__init__()
        self.error = error
        self.must_stop = error.fault in MUST_STOP

    def compose(self) -> ComposeResult:
        error = self.error
        with Vertical():
            title = _(TITLES.get(error.fault, UNKNOWN_TITLE))
            yield Static(plain(title), id="fault-title")
            stop = STOPS[error.language][0]
            yield Static(plain(capitalised(error.what) + stop), id="fault-what")
            if error.kept:
                kept = _("Kept: {kept}").format(kept=error.kept)
                yield Static(plain(sentence(kept, error.language)), id="fault-kept")
            if error.todo:
                todo = _("What to do: {todo}").format(todo=error.todo)
                yield Static(plain(sentence(todo, error.language)), id="fault-todo")
            if self.must_stop:
                keys = _("q quit (quizapp cannot go on with this database)")
            else:
                keys = _("Enter back (what you typed is still there) · q quit")
            yield Static(Text(keys), id="fault-keys")

    def action_back(self) -> None:
        if not self.must_stop:
            self.dismiss()

    def action_quit_app(self) -> None:
        self.app.exit(return_code=1, message=Text(self.error.message))

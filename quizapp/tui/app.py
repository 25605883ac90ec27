"""The Textual app: a thin shell that holds the context and opens the home screen.

All quiz rules live in ``quizapp.core``; screens render what the core returns.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import WorkerFailed

from quizapp.banks.frozen import NumericRecord
from quizapp.core.catalog import Catalog
from quizapp.core.context import QuizContext
from quizapp.i18n import N_, _, ngettext
from quizapp.paths import keymap_file
from quizapp.tui import line_breaks

line_breaks.install()  # Chinese paragraphs break between characters, not only at spaces

if TYPE_CHECKING:
    from quizapp.store import StoreError
    from quizapp.tui.screens.home import HomeScreen

# A start that read the banks writes the start-up cache this long after Home is up (a
# learner is reading by then), not before the first screen: a third of a cold start.
CACHE_AFTER_S = 2.0

# The numeric drills' engine (NumPy and the templates, ~60 ms of imports) is loaded this long
# after Home is up, while the learner reads it: the first drawn question then shows at once.
# A key pressed sooner loads it on demand, as before.
ENGINE_AFTER_S = 0.5
# ... and this soon when today's review starts with a drawn question (Home's count names it,
# ``expect_first``): a learner who presses r as Home appears (a third of a second) no longer
# waits for the imports. Not at once: the import holds the interpreter for tens of ms, which
# slowed the first question of a key pressed while Home was still settling (no key is that
# quick but a script's). A review that starts with another kind keeps ENGINE_AFTER_S, so its
# first question is built without the import beside it.
DRAWN_FIRST_ENGINE_AFTER_S = 0.1


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:  # mid-save or removed: try again on the next tick
        return None
    return stat.st_mtime_ns, stat.st_size


class FaultExit(Exception):
    """A database fault no screen caught: Textual shows ``__rich__`` instead of a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __rich__(self) -> Text:
        return Text(self.message)


class QuizApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    SUB_TITLE = N_("RNN · LSTM · GRU interview practice")  # translated by TitleBar
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", N_("Keys"), id="app.help"),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit"),
    ]

    def __init__(
        self, context: QuizContext, *, watch: Path | None = None, watch_interval: float = 0.5
    ) -> None:
        """``watch``: a bank file being authored (``quizapp preview``), reloaded when it changes."""
        super().__init__()
        self.context = context
        self.watched_bank = watch
        self.watch_interval = watch_interval
        self._watched_stamp = _stamp(watch) if watch else None
        theme = context.store.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        self.integrity_pending = False  # the full check runs: damage it meets is its to report
        # set by ``quizapp.launch.run``, which pauses the cyclic GC until Home is painted
        self.gc_paused_for_start = False
        self.keymap_overrides: dict[str, str] = {}
        self._keymap_problems: list[str] = []
        keymap = keymap_file(context.data_dir)
        if keymap.is_file():  # the parser and the screens' ids load only for a keymap
            from quizapp.tui.keymap import load_keymap

            self.keymap_overrides, self._keymap_problems = load_keymap(keymap)
            if self.keymap_overrides:
                self.set_keymap(self.keymap_overrides)

    def get_default_screen(self) -> HomeScreen:
        """Home, at the bottom of the screen stack: started as Textual's blank default screen
        with Home pushed over it, the app composed, styled and painted two screens before the
        first one a learner sees (~13 ms of a ~200 ms start)."""
        from quizapp.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(self.load_question_screen)
        self.call_after_refresh(self._end_start_gc_pause)
        if self.context.pending_cache is not None:  # the banks were read: no cache yet
            self.set_timer(CACHE_AFTER_S, self.write_catalog_cache)
        if self.context.catalog.has_templates:
            self.set_timer(ENGINE_AFTER_S, self.preload_engine)
        if self.context.store.needs_check:
            self.integrity_pending = True
            self.check_integrity()
        for problem in self._keymap_problems:
            self.notify(problem, title="keymap.toml", severity="warning", timeout=10)
        if self.watched_bank is not None:
            self.sub_title = _("preview of {name} · reloads when you save").format(
                name=self.watched_bank.name
            )
            self.set_interval(self.watch_interval, self.check_watched_bank)

    def _end_start_gc_pause(self) -> None:
        """Home is painted: what the start made (screens, styles, the store's state) lives on,
        so it joins the frozen heap before the cyclic GC runs again."""
        if self.gc_paused_for_start:
            self.gc_paused_for_start = False
            gc.freeze()
            gc.enable()

    @work(thread=True, exclusive=True, group="question-screen")
    def load_question_screen(self) -> None:
        """Import the review session and the question screen (~50 ms) off the UI thread once
        Home is painted: the first question is what a learner asks for next. A key pressed
        sooner waits for the imports under way, never does them twice."""
        import quizapp.core.session
        import quizapp.tui.screens.question  # noqa: F401

    _engine_requested = False

    def preload_engine(self) -> None:
        """Load the engine off the UI thread, once (the timer and ``expect_first`` may both ask)."""
        if not self._engine_requested:
            self._engine_requested = True
            self.load_engine()

    def expect_first(self, question_id: str | None) -> None:
        """Today's review would start with ``question_id`` (Home has just counted it): one
        drawn from a template wants the engine sooner (``DRAWN_FIRST_ENGINE_AFTER_S``)."""
        question = self.context.catalog.questions.get(question_id or "")
        if isinstance(question, NumericRecord) and question.template and not self._engine_requested:
            self.set_timer(DRAWN_FIRST_ENGINE_AFTER_S, self.preload_engine)

    @work(thread=True, exclusive=True, group="engine")
    def load_engine(self) -> None:
        """Make the catalog's templates (importing NumPy and the engine) off the UI thread."""
        from quizapp.templates import preload

        preload(self.context.catalog.template_names)

    @work(thread=True, exclusive=True, group="catalog-cache")
    def write_catalog_cache(self) -> None:
        """The start-up cache, off the UI thread, once the first screens are up."""
        self.context.write_cache()

    def check_watched_bank(self) -> None:
        if self.watched_bank is None or _stamp(self.watched_bank) == self._watched_stamp:
            return
        self._watched_stamp = _stamp(self.watched_bank)
        self.reload_catalog()

    @work(thread=True, exclusive=True, group="reload")
    def reload_catalog(self) -> None:
        """Load the banks again (off the UI thread) and go back to Home to show the result."""
        self.call_from_thread(self._show_reloaded, self.context.reload_catalog())

    def _show_reloaded(self, catalog: Catalog) -> None:
        from quizapp.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.show_counts({}, None)
            self.screen.refresh_counts()
        if catalog.errors:
            count = len(catalog.errors)
            self.notify(
                ngettext(
                    "{count} problem: see the list on Home.",
                    "{count} problems: see the list on Home.",
                    count,
                ).format(count=count),
                title=_("Reloaded with errors"),
                severity="error",
            )
        else:
            count = len(catalog.questions)
            self.notify(
                ngettext("{count} question.", "{count} questions.", count).format(count=count),
                title=_("Reloaded"),
            )

    # -- the fault boundary (quizapp.tui.faults) ---------------------------------------------
    def show_fault(self, error: StoreError) -> None:
        """Show a database fault over the current screen (one at a time)."""
        from quizapp.store import Fault
        from quizapp.tui.faults import FaultScreen

        if error.fault is Fault.DAMAGED:  # met by any connection: check fully on the next start
            self.context.store.damage_seen = True
            if self.integrity_pending:  # the check under way moves it aside and says so
                return
        if isinstance(self.screen, FaultScreen):
            if self.screen.must_stop or not FaultScreen(error).must_stop:
                return  # the one shown already says enough
            self.pop_screen()
        self.push_screen(FaultScreen(error))

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an exception nothing caught. A background worker's database
        fault is shown like any other (the app goes on); a fault from a handler ends the app
        with the message and exit code 1 (Textual stops the handler's message loop, so going
        on is not safe), never with a traceback. Anything else is a bug: Textual's traceback.
        """
        import sqlite3

        from quizapp.tui.faults import FAULTS, as_store_error

        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(cause, FAULTS) and not isinstance(cause, sqlite3.ProgrammingError):
            fault = as_store_error(cause, self, _("using the progress database"), "")
            if isinstance(error, WorkerFailed):
                self.show_fault(fault)
                return
            error = FaultExit(fault.message)
        super()._handle_exception(error)

    @work(thread=True, exclusive=True, group="integrity")
    def check_integrity(self) -> None:
        """The full check after another run ended without closing, off the first screen's
        path (the first question does not wait for it); a damaged file is then moved aside on
        the UI thread, which owns the store, and Home says where it went."""
        try:
            problem = self.context.store.check_integrity()
        finally:
            self.integrity_pending = False
        if problem is not None:
            self.integrity_pending = True  # until it is moved aside
            self.call_from_thread(self._put_aside, problem)

    def _put_aside(self, problem: str) -> None:
        from quizapp.tui.faults import FAULTS, as_store_error
        from quizapp.tui.screens.home import HomeScreen

        try:
            recovery = self.context.store.put_aside(problem)
        except FAULTS as exc:
            self.integrity_pending = False  # another instance has it open: the message says so
            doing = _("moving the damaged progress database aside")
            self.show_fault(as_store_error(exc, self, doing, _("the file is left as it is")))
            return
        self.notify(recovery.message, title=_("Database recovered"), severity="warning", timeout=30)
        self.integrity_pending = False
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_notice()
                screen.refresh_counts()

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

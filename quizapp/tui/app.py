"""The Textual app: a thin shell that holds the context and opens the home screen.

All quiz rules live in ``quizapp.core``; screens render what the core returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from quizapp.core.catalog import Catalog
from quizapp.core.context import QuizContext
from quizapp.i18n import N_, _, ngettext
from quizapp.paths import keymap_file


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:  # mid-save or removed: try again on the next tick
        return None
    return stat.st_mtime_ns, stat.st_size


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
        self.keymap_overrides: dict[str, str] = {}
        self._keymap_problems: list[str] = []
        keymap = keymap_file(context.data_dir)
        if keymap.is_file():  # the parser and the screens' ids load only for a keymap
            from quizapp.tui.keymap import load_keymap

            self.keymap_overrides, self._keymap_problems = load_keymap(keymap)
            if self.keymap_overrides:
                self.set_keymap(self.keymap_overrides)

    def on_mount(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        for problem in self._keymap_problems:
            self.notify(problem, title="keymap.toml", severity="warning", timeout=10)
        if self.watched_bank is not None:
            self.sub_title = _("preview of {name} · reloads when you save").format(
                name=self.watched_bank.name
            )
            self.set_interval(self.watch_interval, self.check_watched_bank)

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

        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
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

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

"""Starting the app: the one path the ``quizapp`` command and the start-up benchmark share.

Importing the TUI, opening the data and building the app make the long-lived heap of the
process; the cyclic GC is paused while it is made (``build_app`` then freezes it out of the
GC's reach), which saves a tenth of the time to the first question, and again while Textual
starts the app, until Home is painted (``QuizApp._end_start_gc_pause`` freezes that too).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.gc_pause import cyclic_gc_paused

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp


def prepare(
    data_dir: Path,
    extra_banks: Iterable[Path] = (),
    *,
    builtin: bool = True,
    watch: Path | None = None,
    seed: int | None = None,
    language: str | None = None,
) -> QuizApp:
    """The app, built and ready to run (``app.run()`` or ``app.run_test()``); ``language`` is
    ``--lang`` (see ``quizapp.core.context.open_context``)."""
    with cyclic_gc_paused():
        from quizapp.core.context import open_context
        from quizapp.tui.factory import build_app

        context = open_context(
            data_dir, list(extra_banks), builtin=builtin, seed=seed, language=language
        )
        return build_app(context, watch=watch)


def run(
    data_dir: Path,
    extra_banks: Iterable[Path] = (),
    *,
    builtin: bool = True,
    watch: Path | None = None,
    language: str | None = None,
) -> None:
    """Run the app; a database that cannot be opened (newer, read-only, locked, not a file...)
    ends with its message on stderr and exit code 1, as every CLI command does; so does a
    fault that stopped the app (its message is printed by Textual on exit)."""
    from quizapp.store import StoreError

    try:
        app = prepare(data_dir, extra_banks, builtin=builtin, watch=watch, language=language)
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        raise SystemExit(1) from None
    was_enabled = gc.isenabled()
    gc.disable()  # Textual's start makes long-lived objects too: paused until Home is painted
    app.gc_paused_for_start = was_enabled
    try:
        app.run()
    finally:
        if was_enabled:
            gc.enable()
        app.context.close()
    if app.return_code:
        raise SystemExit(app.return_code)

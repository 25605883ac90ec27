"""The one place the app is built, for the CLI and the tests alike (as posting does)."""

from __future__ import annotations

import gc
from pathlib import Path

from quizapp.core.context import QuizContext
from quizapp.tui.app import QuizApp


def build_app(context: QuizContext, *, watch: Path | None = None) -> QuizApp:
    _freeze_startup_heap()
    return QuizApp(context, watch=watch)


_heap_frozen = False


def _freeze_startup_heap() -> None:
    """Move everything loaded so far (modules, Textual, the catalog) out of the cyclic GC's
    reach, once per process, as long-running CPython services do after start-up: later full
    collections then scan only what the session creates. Without it a full collection landed
    between Home and the first question (~15 ms) and pauses later keypresses. Tests that build
    many apps freeze only the first time, so nothing of theirs is kept past its life.
    """
    global _heap_frozen
    if not _heap_frozen:
        gc.freeze()
        _heap_frozen = True

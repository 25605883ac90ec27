"""The one place the app is built, for the CLI and the tests alike (as posting does)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from quizapp.core.context import QuizContext, open_context
from quizapp.tui.app import QuizApp


def build_app(context: QuizContext, *, watch: Path | None = None) -> QuizApp:
    return QuizApp(context, watch=watch)


def run_app(
    data_dir: Path,
    extra_banks: Iterable[Path] = (),
    *,
    builtin: bool = True,
    watch: Path | None = None,
) -> None:
    context = open_context(data_dir, list(extra_banks), builtin=builtin)
    try:
        build_app(context, watch=watch).run()
    finally:
        context.close()

"""The one place the app is built, for the CLI and the tests alike (as posting does)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from quizapp.core.context import QuizContext, open_context
from quizapp.tui.app import QuizApp


def build_app(context: QuizContext) -> QuizApp:
    return QuizApp(context)


def run_app(data_dir: Path, extra_banks: Iterable[Path] = ()) -> None:
    context = open_context(data_dir, list(extra_banks))
    try:
        build_app(context).run()
    finally:
        context.close()

"""The app built through the same factory as the CLI, on inline banks and a pinned clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.core.context import QuizContext, open_context
from quizapp.store import FixedClock
from tests.core.conftest import CORE_BANK

HOSTILE_BANK = """\
bank: {id: hostile, title: "Hostile [bold]bank[/bold]"}
questions:
  - id: hostile.q
    kind: short
    topics: [lstm.equations]
    prompt: "Markup [bold]x[/bold] and [@click=app.quit]click[/] and \\x1b]0;pwned\\x07 and a very long word: %s"
    explanation: "Still [red]text[/red]."
    answers: [fine]
""" % ("W" * 300)


def make_context(tmp_path: Path, *banks: str) -> QuizContext:
    paths = []
    for k, text in enumerate(banks):
        path = tmp_path / f"bank{k}.yaml"
        path.write_text(text)
        paths.append(path)
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    return open_context(tmp_path / "data", paths, clock=clock, seed=1, builtin=False)


@pytest.fixture
def context(tmp_path: Path):
    ctx = make_context(tmp_path, CORE_BANK)
    yield ctx
    ctx.close()


def skip_to(screen, question_id: str) -> None:
    """Move a question screen's session on until ``question_id`` is being asked."""
    while screen.session.current.question_id != question_id:
        screen.show_next(screen.session.next_question())

"""A context on the core test bank (one question of every kind), a pinned clock, a generator."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizapp.core.context import QuizContext, open_context
from quizapp.store import FixedClock
from tests.helpers import CORE_BANK, START


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def context(tmp_path: Path, clock: FixedClock) -> Iterator[QuizContext]:
    bank = tmp_path / "core.yaml"
    bank.write_text(CORE_BANK)
    ctx = open_context(tmp_path / "data", [bank], clock=clock, seed=1, builtin=False)
    assert ctx.catalog.errors == []
    yield ctx
    ctx.close()


@pytest.fixture
def rng() -> Callable[[], random.Random]:
    return lambda: random.Random(5)

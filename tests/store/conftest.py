"""A store on the pinned clock (``clock``, tests/conftest.py) in a fresh data directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from quizapp.store import AnswerRecord, FixedClock, Store


@pytest.fixture
def store(tmp_path: Path, clock: FixedClock) -> Iterator[Store]:
    with Store.open(tmp_path / "data", clock) as opened:
        yield opened


@pytest.fixture
def answer(store: Store, clock: FixedClock) -> Callable[..., int]:
    def record(qid: str = "q1", rating: int = 3, mode: str = "review", **fields: object) -> int:
        values: dict[str, Any] = {
            "time": clock.now(),
            "question_id": qid,
            "bank_id": "bank",
            "content_hash": "h1",
            "variant_seed": None,
            "answer_given": "x",
            "correct": rating > 1,
            "rating": rating,
            "duration_ms": 4000,
            "mode": mode,
        }
        values.update(fields)
        return store.record_answer(AnswerRecord(**values))

    return record

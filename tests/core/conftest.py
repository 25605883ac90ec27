"""A catalog of small inline banks, a store on a pinned clock, and a seeded generator."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.core.context import QuizContext, open_context
from quizapp.store import AnswerRecord, FixedClock

CORE_BANK = """\
bank: {id: core, title: Core}
questions:
  - id: core.choice
    kind: choice
    topics: [lstm.equations]
    prompt: How is the LSTM cell state updated?
    explanation: Additively.
    hints: [Think of the conveyor belt.]
    follow_ups: [core.short]
    shuffle: false
    options:
      - {text: "c = f ⊙ c_prev + i ⊙ g", correct: true, feedback: Right.}
      - {text: "c = o ⊙ tanh(c_prev)", feedback: That is h.}
  - id: core.multi
    kind: multi
    topics: [gates.definition]
    prompt: Which are sigmoid gates?
    explanation: i, f and o.
    shuffle: false
    options:
      - {text: input, correct: true}
      - {text: forget, correct: true}
      - {text: candidate}
  - id: core.short
    kind: short
    topics: [lstm.gates-roles]
    prompt: Which gate decides what of c_prev survives?
    explanation: The forget gate.
    answers: [forget gate, f]
  - id: core.flash
    kind: flashcard
    topics: [lstm.cell-state]
    prompt: Explain the cell state.
    explanation: A conveyor belt.
    answer: An additive memory path.
  - id: core.numeric
    kind: numeric
    topics: [lstm.param-count]
    prompt: Parameters of nn.LSTM(10, 20)?
    explanation: 4(h(x+h)+2h).
    answer: 2560
    tolerance: {abs: 0}
  - id: core.drill
    kind: numeric
    topics: [numeric.lstm-step]
    prompt: One LSTM step.
    explanation: Compute every gate.
    template: lstm_step
    params: {quantity: h}
  - id: core.spot
    kind: spot_the_mistake
    topics: [gru.candidate]
    prompt: What is wrong?
    statement: The GRU candidate is tanh(W x + r ⊙ h).
    explanation: W_hh is missing.
    shuffle: false
    options:
      - {text: It drops W_hh, correct: true}
      - {text: Nothing}
    answers: [W_hh is missing, missing W_hh]
"""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def context(tmp_path: Path, clock: FixedClock) -> QuizContext:
    bank = tmp_path / "core.yaml"
    bank.write_text(CORE_BANK)
    ctx = open_context(tmp_path / "data", [bank], clock=clock, seed=1, builtin=False)
    assert ctx.catalog.errors == []
    yield ctx
    ctx.close()


@pytest.fixture
def rng() -> Callable[[], random.Random]:
    return lambda: random.Random(5)


def answer(context: QuizContext, qid: str, rating: int = 3) -> None:
    """Record one answer to ``qid`` at the context's clock, as a session would."""
    context.store.record_answer(
        AnswerRecord(
            time=context.clock.now(),
            question_id=qid,
            bank_id="core",
            content_hash="h",
            variant_seed=None,
            answer_given="x",
            correct=rating > 1,
            rating=rating,
            duration_ms=4000,
        )
    )

from __future__ import annotations

from pathlib import Path

import pytest

SMALL_BANK = """\
bank:
  id: small
  title: Small <test> bank
questions:
  - id: small.choice
    kind: choice
    topics: [lstm.gates-roles]
    prompt: Which gate decides what of C_{t-1} is kept?
    options:
      - text: The forget gate f_t
        correct: true
        feedback: f_t multiplies C_{t-1} element-wise.
      - text: The output gate o_t
        feedback: o_t filters tanh(C_t) into h_t.
    explanation: "C_t = f_t * C_{t-1} + i_t * g_t, so f_t & only f_t scales the old cell."
  - id: small.multi
    kind: multi
    topics: [gates.definition]
    prompt: Which are true of gates?
    options:
      - text: They use a sigmoid.
        correct: true
      - text: Their output lies in (0, 1).
        correct: true
      - text: They use ReLU.
    explanation: A gate is a sigmoid layer.
  - id: small.short
    kind: short
    topics: [gates.definition]
    prompt: Which activation produces a gate's output?
    answers: [sigmoid]
    explanation: Bounded in (0, 1).
  - id: small.flash
    kind: flashcard
    topics: [lstm.cell-state]
    prompt: What is the cell state for?
    answer: A conveyor belt for long-term memory.
    explanation: Only element-wise operations touch it.
  - id: small.fixed
    kind: numeric
    topics: [lstm.param-count]
    prompt: How many parameters does `nn.LSTM(10, 20)` have?
    answer: 2560
    tolerance: {abs: 0}
    explanation: 4 * (20 * (10 + 20) + 2 * 20) = 2560.
  - id: small.template
    kind: numeric
    topics: [numeric.lstm-step]
    prompt: Compute one LSTM step and give h_t.
    template: lstm_step
    params: {quantity: h, input_size: 1, hidden_size: 1}
    explanation: h = o * tanh(c).
  - id: small.spot
    kind: spot_the_mistake
    topics: [rnn.why-tanh]
    prompt: What is wrong with this note?
    statement: RNNs use tanh because its second derivative stays away from zero.
    options:
      - text: The reason is folklore.
        correct: true
        feedback: tanh is zero-centred and bounded.
      - text: Nothing.
        feedback: It is wrong.
    correction: tanh is zero-centred, bounded in (-1, 1), with derivative at most 1.
    explanation: The second-derivative reason is folklore.
"""

BROKEN_BANK = """\
bank:
  id: broken
  title: Broken
questions:
  - id: broken.one
    kind: choice
    topics: [lstm.gates-roles]
    prompt: Two correct?
    options:
      - text: a
        correct: true
      - text: b
        correct: true
    explantion: typo
"""


@pytest.fixture
def small_bank(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_BANK, encoding="utf-8")
    return path


@pytest.fixture
def broken_bank(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_BANK, encoding="utf-8")
    return path

"""Small inline banks written to tmp files, so tests assert exact lines and columns."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

TOPICS = """\
topics:
  - {id: t.one, section: "1", summary: One.}
  - {id: t.two, section: "1", summary: Two.}
"""


@pytest.fixture
def topics_path(tmp_path: Path) -> Path:
    path = tmp_path / "topics.yaml"
    path.write_text(TOPICS)
    return path


@pytest.fixture
def write_bank(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, text: str | bytes) -> Path:
        path = tmp_path / "banks" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text))
        return path

    return write


VALID = """\
bank:
  id: demo
  title: Demo
  conventions: {gru_update: keep}
questions:
  - id: demo.choice
    kind: choice
    topics: [t.one]
    prompt: Pick one.
    explanation: Because.
    follow_ups: [demo.short]
    options:
      - {text: Right, correct: true, feedback: Correct.}
      - {text: Wrong, feedback: Wrong.}
  - id: demo.multi
    kind: multi
    topics: [t.one]
    prompt: Pick some.
    explanation: Because.
    options:
      - {text: A, correct: true}
      - {text: B, correct: true}
      - {text: C}
  - id: demo.short
    kind: short
    topics: [t.two]
    prompt: Name the gate.
    explanation: Because.
    answers: [forget gate]
  - id: demo.flash
    kind: flashcard
    topics: [t.two]
    prompt: Explain.
    explanation: Because.
    answer: A model answer.
  - id: demo.numeric
    kind: numeric
    topics: [t.two]
    prompt: Count.
    explanation: Because.
    answer: 2560
    tolerance: {abs: 0}
  - id: demo.template
    kind: numeric
    topics: [t.two]
    prompt: Compute.
    explanation: Because.
    template: lstm_step
    params: {quantity: h}
  - id: demo.spot
    kind: spot_the_mistake
    topics: [t.one]
    prompt: What is wrong?
    statement: A wrong claim.
    explanation: Because.
    options:
      - {text: The claim, correct: true}
      - {text: Nothing}
    answers: [the claim]
"""

# VALID with nothing the item-writing rules warn about (same lines, so the same positions):
# explanations that say why, feedback on every distractor, no catch-all option.
CLEAN = (
    VALID.replace("explanation: Because.", "explanation: The forget gate scales the old cell.")
    .replace("- {text: C}", "- {text: C, feedback: C is the distractor.}")
    .replace("- {text: Nothing}", "- {text: The tanh, feedback: The tanh is fine.}")
)

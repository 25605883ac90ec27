"""What the cell-step templates share: weights drawn per gate, the tolerance, the worked
solution cut at the quantity asked.

Weights are drawn per gate (W_x*, W_h*, one bias b_*), as a textbook writes them. Tolerance
±0.01 absolute: a learner who rounds every intermediate to three decimals stays well inside
it for these sizes. The templates: ``lstm_step``, ``gru_step``, ``rnn_steps``.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from quizapp.templates.base import Block, Tolerance, WorkedStep, draw_blocks, draw_rounded

HAND_TOLERANCE = Tolerance(abs=0.01)


class CellSize(Protocol):
    """The params of a gated-cell step template that fix the draw's sizes and range."""

    @property
    def hidden_size(self) -> int: ...
    @property
    def input_size(self) -> int: ...
    @property
    def weight_range(self) -> float: ...


def draw_rnn_weights(
    rng: np.random.Generator, hidden: int, inputs: int, weight_range: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """W_xh, W_hh in ±weight_range and b in ±0.5, one decimal, in this order."""
    W_xh = draw_rounded(rng, (hidden, inputs), -weight_range, weight_range)
    W_hh = draw_rounded(rng, (hidden, hidden), -weight_range, weight_range)
    return W_xh, W_hh, draw_rounded(rng, hidden, -0.5, 0.5)


def draw_gate_weights(
    rng: np.random.Generator, gates: str, hidden: int, inputs: int, weight_range: float
) -> dict[str, np.ndarray]:
    """W_x*, W_h* in ±weight_range and b_* in ±0.5 per gate, one decimal, in a fixed order.

    One draw for all of them (``draw_blocks``): the numbers of one uniform draw per part (the
    pinned variants hold this).
    """
    return _gate_parts(draw_blocks(rng, _gate_blocks(gates, hidden, inputs, weight_range)), gates)


def _gate_blocks(gates: str, hidden: int, inputs: int, weight_range: float) -> list[Block]:
    """Each gate's W_x*, W_h* and b_*, gate after gate, as ``draw_blocks`` takes them."""
    w = weight_range
    per_gate: list[Block] = [
        ((hidden, inputs), -w, w, 1),
        ((hidden, hidden), -w, w, 1),
        (hidden, -0.5, 0.5, 1),
    ]
    return per_gate * len(gates)


def _gate_parts(drawn: list[np.ndarray], gates: str) -> dict[str, np.ndarray]:
    """The drawn blocks by name (W_xi, W_hi, b_i, W_xf...), in ``_gate_blocks`` order."""
    return {
        f"{kind}{gate}": drawn[3 * g + k]
        for g, gate in enumerate(gates)
        for k, kind in enumerate(("W_x", "W_h", "b_"))
    }


def draw_gate_step(
    rng: np.random.Generator,
    gates: str,
    p: CellSize,
    *,
    states: int = 1,
    zero_state: bool = False,
) -> tuple[dict[str, np.ndarray], np.ndarray, list[np.ndarray]]:
    """What a gated cell's step template opens with, drawn in this order (the pinned variants
    hold it): the weights per gate (``draw_gate_weights``), x in ±1, then each of the
    ``states`` previous states (h_prev, then c_prev) in ±1, one decimal; zeros, drawing
    nothing, for a start from the zero state."""
    H, I = p.hidden_size, p.input_size
    inputs: list[Block] = [(I, -1.0, 1.0, 1)]
    inputs += [] if zero_state else [(H, -1.0, 1.0, 1)] * states
    drawn = draw_blocks(rng, _gate_blocks(gates, H, I, p.weight_range) + inputs)  # one draw
    parts = _gate_parts(drawn, gates)
    x = drawn[3 * len(gates)]
    previous = [np.zeros(H) for _ in range(states)] if zero_state else drawn[3 * len(gates) + 1 :]
    return parts, x, previous


def steps_through(steps: list[WorkedStep], quantity: str) -> list[WorkedStep]:
    """The worked solution up to the quantity asked (a gate question needs no c or h)."""
    for index, step in enumerate(steps):
        if step.label == quantity:
            return steps[: index + 1]
    return steps

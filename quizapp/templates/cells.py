"""What the cell-step templates share: weights drawn per gate, the tolerance, the worked
solution cut at the quantity asked.

Weights are drawn per gate (W_x*, W_h*, one bias b_*), as a textbook writes them. Tolerance
±0.01 absolute: a learner who rounds every intermediate to three decimals stays well inside
it for these sizes. The templates: ``lstm_step``, ``gru_step``, ``rnn_steps``.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from quizapp.templates.base import Tolerance, WorkedStep, draw_rounded

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

    One draw for all of them: each is low + (high - low) · u on the generator's next doubles,
    in order, as ``rng.uniform`` computes it, so the numbers are those of one uniform draw per
    part (the pinned variants hold this).
    """
    w = weight_range
    blocks: list[tuple[str, tuple[int, ...], float, float]] = [
        ("W_x", (hidden, inputs), -w, w),
        ("W_h", (hidden, hidden), -w, w),
        ("b_", (hidden,), -0.5, 0.5),
    ]
    low: list[float] = []
    span: list[float] = []
    for _, shape, lo, hi in blocks:
        size = hidden * (shape[1] if len(shape) == 2 else 1)
        low += [lo] * size
        span += [hi - lo] * size
    per_gate = len(low)
    u = rng.random(per_gate * len(gates)).reshape(len(gates), per_gate)
    values = (np.array(low) + np.array(span) * u).round(1)
    values += 0.0  # -0.0 becomes 0.0, as draw_rounded does
    parts = {}
    for row, gate in zip(values, gates, strict=True):
        start = 0
        for kind, shape, _, _ in blocks:
            size = hidden * (shape[1] if len(shape) == 2 else 1)
            parts[f"{kind}{gate}"] = row[start : start + size].reshape(shape)
            start += size
    return parts


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
    parts = draw_gate_weights(rng, gates, H, I, p.weight_range)
    x = draw_rounded(rng, I, -1, 1)
    previous = [np.zeros(H) if zero_state else draw_rounded(rng, H, -1, 1) for _ in range(states)]
    return parts, x, previous


def steps_through(steps: list[WorkedStep], quantity: str) -> list[WorkedStep]:
    """The worked solution up to the quantity asked (a gate question needs no c or h)."""
    for index, step in enumerate(steps):
        if step.label == quantity:
            return steps[: index + 1]
    return steps

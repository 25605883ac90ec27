"""Small readable numbers from a seed: uniform draws rounded for hand computation.

A template's numbers must be the same for the same seed in every release (review logs store
the seed and the app redraws the variant the learner saw), so each helper here states which
``rng`` calls it makes, in which order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["Block", "draw_blocks", "draw_rounded"]


def draw_rounded(
    rng: np.random.Generator, shape: Any, low: float, high: float, decimals: int = 1
) -> np.ndarray:
    """Uniform numbers rounded for hand computation; -0.0 becomes 0.0."""
    values: np.ndarray = rng.uniform(low, high, size=shape).round(decimals)
    values += 0.0
    return values


Block = tuple[Any, float, float, int]  # shape, low, high, decimals: one ``draw_rounded``


def draw_blocks(rng: np.random.Generator, blocks: Sequence[Block]) -> list[np.ndarray]:
    """``[draw_rounded(rng, *block) for block in blocks]``, the same numbers from one draw.

    ``rng.uniform(low, high, shape)`` is low + (high − low)·u on the generator's next doubles,
    in order, so consecutive uniform draws are one ``rng.random`` with each block's low and
    span. Bounds that ``rng.uniform`` would refuse take the one-by-one path and its error.
    The blocks are views into one array, as ``cells.draw_gate_weights``' parts are.
    """
    sizes = [shape if type(shape) is int else math.prod(shape) for shape, *_ in blocks]
    lows = [float(low) for _, low, _, _ in blocks]
    spans = [float(high) - low for (_, _, high, _), low in zip(blocks, lows, strict=True)]
    if not all(0.0 <= span < math.inf for span in spans):
        return [draw_rounded(rng, *block) for block in blocks]
    values = np.repeat(lows, sizes) + np.repeat(spans, sizes) * rng.random(sum(sizes))
    rounded = {}
    for decimals in {block[3] for block in blocks}:  # rounding is element-wise: one pass each
        rounded[decimals] = values.round(decimals)
        rounded[decimals] += 0.0
    drawn = []
    start = 0
    for (shape, _, _, decimals), size in zip(blocks, sizes, strict=True):
        drawn.append(rounded[decimals][start : start + size].reshape(shape))
        start += size
    return drawn

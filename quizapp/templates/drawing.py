"""Small readable numbers from a seed: uniform draws rounded for hand computation.

A template's numbers must be the same for the same seed in every release (review logs store
the seed and the app redraws the variant the learner saw), so each helper here states which
``rng`` calls it makes, in which order.
"""

from __future__ import annotations

import functools
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
    The blocks are views into one array, as ``cells.draw_gate_weights``' parts are. A template
    draws the same blocks on every draw, so their layout is worked out once (``_layout``).
    """
    try:
        layout = _layout(tuple(blocks))
    except TypeError:  # a shape given as a list: not hashable, so not remembered
        layout = _layout.__wrapped__(tuple(blocks))
    if layout is None:
        return [draw_rounded(rng, *block) for block in blocks]
    total, lows, spans, places, parts = layout
    values = lows + spans * rng.random(total)
    rounded = {}
    for decimals in places:  # rounding is element-wise: one pass each
        rounded[decimals] = values.round(decimals)
        rounded[decimals] += 0.0
    return [rounded[decimals][start:stop].reshape(shape) for shape, decimals, start, stop in parts]


_Layout = tuple[int, np.ndarray, np.ndarray, tuple[int, ...], list[tuple[Any, int, int, int]]]


@functools.lru_cache(maxsize=1024)
def _layout(blocks: tuple[Block, ...]) -> _Layout | None:
    """What ``draw_blocks`` needs of ``blocks``: the count of doubles, each one's low and span
    (read-only), the decimals used, and each block's shape, decimals and slice; None for
    bounds ``rng.uniform`` would refuse."""
    sizes = [shape if type(shape) is int else math.prod(shape) for shape, *_ in blocks]
    lows = [float(low) for _, low, _, _ in blocks]
    spans = [float(high) - low for (_, _, high, _), low in zip(blocks, lows, strict=True)]
    if not all(0.0 <= span < math.inf for span in spans):
        return None
    low_each, span_each = np.repeat(lows, sizes), np.repeat(spans, sizes)
    low_each.flags.writeable = span_each.flags.writeable = False
    parts = []
    start = 0
    for (shape, _, _, decimals), size in zip(blocks, sizes, strict=True):
        parts.append((shape, decimals, start, start + size))
        start += size
    places = tuple(dict.fromkeys(block[3] for block in blocks))
    return start, low_each, span_each, places, parts

"""Would a listed wrong method be graded right? The redraw check, and its cheap first test.

A draw is redrawn while a wrong method's answer (or all zeros) lands within the tolerance of
the right one, and wrong methods that agree are named together; both compare every pair of
answers with ``check_numeric``. The first numbers rule most pairs out at a fraction of the
cost: a pair whose first numbers lie further apart than the tolerance allows cannot be graded
alike, and every other pair still goes to ``check_numeric``, so the verdicts are its own.

A template may also rule a draw out before computing its exact numbers (``surely_collides``):
from numbers it computed another way (by hand, in another order of operations), each within a
hair of the exact one, a wrong method that lands well inside the tolerance would land inside it
on the exact numbers too. Only a sure collision is taken; anything near the edge is left to
``collides`` on the exact numbers, so the verdict is always the one they give.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from quizapp.tolerance import ToleranceLike, check_numeric

__all__ = ["collides", "far_apart", "first_number", "reach_of", "surely_collides"]


def first_number(answer: Any) -> float | None:
    """An answer's first number (None for an empty or unusual one): a cheap necessary test."""
    try:
        return float(answer) if isinstance(answer, int | float) else float(answer[0])
    except (TypeError, ValueError, IndexError, KeyError):
        return None


def reach_of(expected: float | None, tolerance: ToleranceLike) -> float:
    """How far a first number may lie from ``expected``'s and still be graded alike: the
    bound ``check_numeric`` applies, widened a little (this test only ever rules out), or inf
    when it cannot tell. A NaN anywhere makes the test pass, and ``check_numeric`` decides."""
    if expected is None:
        return math.inf
    if tolerance.abs is not None:
        return (tolerance.abs + 1e-12 * max(1.0, abs(expected))) * (1 + 1e-9)
    if tolerance.rel is not None:
        return (tolerance.rel * abs(expected) + 1e-12) * (1 + 1e-9)
    return math.inf


def far_apart(got_first: float | None, expected_first: float | None, reach: float) -> bool:
    """The first numbers are too far apart for the answers to be graded alike."""
    return (
        got_first is not None
        and expected_first is not None
        and abs(got_first - expected_first) > reach
    )


def collides(
    answer: float | list[float], tolerance: ToleranceLike, slips: Sequence[float | list[float]]
) -> bool:
    """Would one of ``slips`` (the listed mistakes' answers), or all zeros, be graded right?
    True exactly when ``Variant.colliding_mistakes`` lists any."""
    first = first_number(answer)
    reach = reach_of(first, tolerance)
    for slip in slips:
        if far_apart(first_number(slip), first, reach):
            continue
        if check_numeric(slip, answer, tolerance):
            return True
    zeros = [0.0] * len(answer) if isinstance(answer, list) else 0.0
    return check_numeric(zeros, answer, tolerance)


NEAR = 1e-9  # how far (relative to the number, at least absolute) an estimate may lie from exact


def surely_collides(
    answer: float | list[float], tolerance: ToleranceLike, slips: Sequence[float | list[float]]
) -> bool:
    """``collides`` is sure to be True for the exact numbers, given estimates of the answer
    and of ``slips`` each within ``NEAR`` of them (relative, at least absolute): a slip (or all
    zeros) lies within the tolerance with that much to spare on every number. False means
    "not sure" (near an edge, a NaN or inf, significant figures): ask ``collides``.

    Estimates are within about 1e-15 of the exact numbers (a few operations in another order on
    numbers of order one), a million times closer than the margin asked.
    """
    if tolerance.abs is None and tolerance.rel is None:
        return False
    expected = [answer] if isinstance(answer, int | float) else answer
    zeros = [0.0] * len(answer) if isinstance(answer, list) else 0.0
    return any(_surely_within(slip, expected, tolerance) for slip in (zeros, *slips))


def _surely_within(
    got: float | list[float], expected: list[float], tolerance: ToleranceLike
) -> bool:
    values = [got] if isinstance(got, int | float) else got
    if len(values) != len(expected):
        return False
    for g, e in zip(values, expected, strict=True):
        if not (math.isfinite(g) and math.isfinite(e)):
            return False
        spare = NEAR * (max(1.0, abs(g)) + 2 * max(1.0, abs(e)))  # both estimates, and the bound
        if tolerance.abs is not None:
            if not abs(g - e) + spare <= tolerance.abs:
                return False
        elif tolerance.rel is not None and not abs(g - e) + spare <= tolerance.rel * (
            abs(e) - spare
        ):
            return False
    return True

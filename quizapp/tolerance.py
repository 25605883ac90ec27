"""Is a number close enough? One answer for grading, for templates and for validation.

Templates sit below grading in the layers, yet a template must know whether a wrong method
lands within the tolerance of the right answer (then it draws other numbers), so the
comparison lives here, importable by both.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from math import isfinite
from typing import Protocol


class ToleranceLike(Protocol):
    """The bank format's, a template's and a frozen record's tolerance alike: one of three set."""

    @property
    def abs(self) -> float | None: ...
    @property
    def rel(self) -> float | None: ...
    @property
    def sig_figs(self) -> int | None: ...


def check_numeric(
    got: float | Sequence[float], expected: float | Sequence[float], tolerance: ToleranceLike
) -> bool:
    """Element-wise comparison; ``tolerance`` has one of ``abs``, ``rel`` or ``sig_figs``.

    Templates call this a dozen times per draw (every listed wrong method against the answer
    and against each other), so the loop is written out: one pass, stopping at the first
    element out of tolerance.
    """
    got_list = [float(got)] if isinstance(got, int | float) else [float(v) for v in got]
    exp_list = (
        [float(expected)] if isinstance(expected, int | float) else [float(v) for v in expected]
    )
    if len(got_list) != len(exp_list):
        return False
    abs_tol, rel_tol, sig = tolerance.abs, tolerance.rel, tolerance.sig_figs
    for g, e in zip(got_list, exp_list, strict=True):
        if not (isfinite(g) and isfinite(e)):
            if g != e:
                return False
        elif abs_tol is not None:
            if not abs(g - e) <= abs_tol + 1e-12 * max(1.0, abs(e)):
                return False
        elif rel_tol is not None:
            if not abs(g - e) <= rel_tol * abs(e) + 1e-12:
                return False
        elif sig is not None:
            if _round_sig(g, sig) != _round_sig(e, sig):
                return False
        elif not abs(g - e) <= 1e-9 * max(1.0, abs(e)):
            return False
    return True


def _round_sig(value: float, figures: int) -> float:
    if value == 0:
        return 0.0
    digits = figures - math.floor(math.log10(abs(value))) - 1
    return round(value, digits)

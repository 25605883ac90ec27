"""What a drafted template's ``numbers`` return: the numbers that decide a redraw, before the text.

``Draft`` holds them as computed; ``LazyDraft`` computes its exact numbers only when they are
read, and may rule its draw out first from an estimate (``surely_collides``), so a draw that
is redrawn never pays for them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.templates.base import Tolerance

Answer = float | list[float]


@dataclass(frozen=True)
class Draft:
    """A build's numbers before its text: the answer, its tolerance and each listed mistake's
    answer (in the order the variant lists them), enough to decide a redraw. A template's
    draft adds what its text needs."""

    answer: Answer
    tolerance: Tolerance
    slips: tuple[Answer, ...]

    def surely_collides(self) -> bool:
        """A listed mistake (or all zeros) is sure to land within the tolerance, decided
        before the exact numbers are computed (``collisions.surely_collides``). A draft that
        computes its answer and slips only when they are read may say so; this one cannot."""
        return False


class LazyDraft:
    """A draft that computes its exact numbers (``exact``: the answer and the slips) only when
    they are read, and may rule its draw out before from an estimate (``surely_collides``):
    a draw that is redrawn then never computes them."""

    tolerance: Tolerance

    @functools.cached_property
    def _exact(self) -> tuple[Answer, tuple[Answer, ...]]:
        return self.exact()

    @property
    def answer(self) -> Answer:
        return self._exact[0]

    @property
    def slips(self) -> tuple[Answer, ...]:
        return self._exact[1]

    def exact(self) -> tuple[Answer, tuple[Answer, ...]]:  # pragma: no cover
        raise NotImplementedError

    def surely_collides(self) -> bool:
        return False

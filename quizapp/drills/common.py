"""Pieces several drills share: the overflow mistake, seeded draws, one-decimal numbers, and a
wrong method computed as the by-hand reference with one slip."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping

import numpy as np

from quizapp.drills.model import Array, Case, LearnerError, Outputs, Value, WrongMethod
from quizapp.i18n import N_


def overflowed(error: LearnerError, case: Case) -> bool:
    """exp (or a hand-written tanh) overflowed: NumPy raises under the checker's errstate."""
    del case
    return error.category in ("FloatingPointError", "OverflowError") and (
        "overflow" in error.message.lower()
    )


UNSTABLE_SIGMOID = WrongMethod(
    "sigmoid.unstable",
    N_("an unstable sigmoid: exp overflowed on a large pre-activation"),
    N_(
        "1 / (1 + exp(−a)) computes exp(−a), which overflows once −a > 709.78 (exp(710) is inf). "
        "Branch on the sign so exp only ever sees −|a|: e = exp(−|a|), then 1/(1 + e) where "
        "a ≥ 0 and e/(1 + e) where a < 0. np.where evaluates both branches, so compute e first."
    ),
    recognise=overflowed,
)


def rng_for(drill_id: str, salt: int = 0) -> np.random.Generator:
    """The same generator for the same drill on every machine (crc32 is stable; hash() is not)."""
    return np.random.default_rng([zlib.crc32(drill_id.encode()), salt])


def one_decimal(rng: np.random.Generator, shape: int | tuple[int, ...], bound: float) -> np.ndarray:
    """Hand-sized numbers: uniform in ±bound, rounded to one decimal."""
    return np.round(rng.uniform(-bound, bound, shape), 1) + 0.0  # + 0.0: no printed -0.


def float_arrays(args: Mapping[str, Value]) -> dict[str, Array]:
    """A case's arguments as float64 arrays (for drills whose arguments are all arrays)."""
    return {name: np.asarray(value, dtype=np.float64) for name, value in args.items()}


def with_slips(
    by_hand: Callable[..., Outputs], **slips: object
) -> Callable[[Case], Outputs | None]:
    """A wrong method's ``compute``: ``by_hand`` (a drill's reference written with keyword
    flags for its slips) on the case's arrays, with ``slips`` set."""
    return lambda case: by_hand(float_arrays(case.args), **slips)

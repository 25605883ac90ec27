"""Gradient clipping, as PyTorch does it: by the global norm (epsilon included) and by value."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import engine
from engine.clipping import EPSILON
from quizapp.drills.common import rng_for
from quizapp.drills.model import (
    Array,
    Case,
    Expected,
    LearnerError,
    Output,
    Outputs,
    Returns,
    WrongMethod,
)
from quizapp.drills.source import Task, build_drill
from quizapp.i18n import N_

NORM_SIGNATURE = """
def clip_grad_norm(
    grads: list[np.ndarray], max_norm: float
) -> tuple[list[np.ndarray], float]:
"""
NORM_DOC = """
Clip a list of gradients by their global L2 norm, with the same result as
torch.nn.utils.clip_grad_norm_ (Pascanu et al. 2013):

    total = sqrt(sum over every array of sum(g²))      one norm over all arrays
    scale = min(max_norm / (total + 1e-6), 1)           the 1e-6 is PyTorch's epsilon
    clipped = [g * scale for g in grads]

The epsilon makes the scale max_norm / (max_norm + 1e-6), not 1, when total equals
max_norm (0.9999998 for max_norm = 5), and keeps all-zero gradients from dividing by
zero. Do not modify the input arrays.

Args:
    grads: arrays of any shapes (0-d included).
    max_norm: the largest total norm allowed (≥ 0).

Returns:
    (clipped, total): clipped copies in the same order and shapes, and the total norm
    before clipping as a float (clip_grad_norm_ returns that norm too).
"""
NORM_BODY = """
total = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))
scale = min(max_norm / (total + 1e-6), 1.0)
return [g * scale for g in grads], total
"""

VALUE_SIGNATURE = (
    "def clip_grad_value(grads: list[np.ndarray], clip_value: float) -> list[np.ndarray]:"
)
VALUE_DOC = """
Clip a list of gradients element-wise to [−clip_value, clip_value], with the same result as
torch.nn.utils.clip_grad_value_. Unlike clipping by norm, this can change the gradient's
direction. Do not modify the input arrays.

Args:
    grads: arrays of any shapes (0-d included).
    clip_value: the largest magnitude allowed for any element (≥ 0).

Returns:
    Clipped copies, in the same order and shapes.
"""
VALUE_BODY = """
return [np.clip(g, -clip_value, clip_value) for g in grads]
"""


def _grads(case: Case) -> list[Array]:
    values = case.args["grads"]
    assert isinstance(values, list)
    return [np.asarray(g, dtype=np.float64) for g in values]


def _limit(case: Case, name: str) -> float:
    value = case.args[name]
    assert isinstance(value, (int, float)), f"{name} is a number in every case"
    return float(value)


def _norm_cases() -> list[Case]:
    rng = rng_for("clip-grad.norm")

    def case(label: str, grads: list[Array], max_norm: float) -> Case:
        return Case(label, {"grads": grads, "max_norm": max_norm})

    return [
        case(
            N_("hand-sized: norm 5, clipped to 1"),
            [np.array([3.0, 0.0]), np.array([[0.0, 4.0]])],
            1.0,
        ),
        case(N_("under the limit: unchanged"), [np.array([0.3, -0.4]), np.array([0.1])], 1.0),
        case(N_("exactly at the limit: the epsilon still scales"), [np.array([3.0, 4.0])], 5.0),
        case(
            N_("random shapes, a 0-d array among them"),
            [
                rng.normal(0, 2, (3, 4)),
                rng.normal(0, 2, 4),
                rng.normal(0, 2, (2, 2, 2)),
                rng.normal(0, 2, ()),
            ],
            1.5,
        ),
        case(N_("one large array"), [rng.normal(0, 1, 50)], 0.5),
        case(N_("tiny gradients: the epsilon matters"), [np.array([6e-4, -8e-4])], 1e-4),
        case(
            N_("max_norm 0: everything zeroed"),
            [rng.normal(0, 1, 3), rng.normal(0, 1, (2, 2))],
            0.0,
        ),
        case(N_("all-zero gradients"), [np.zeros(3), np.zeros((2, 2))], 1.0),
    ]


def _total(grads: list[Array], squared: bool = False) -> float:
    total = float(sum(float(np.sum(g * g)) for g in grads))
    return total if squared else float(np.sqrt(total))


def _scaled(case: Case, scale: Callable[[float, float], float], squared: bool = False) -> Outputs:
    grads, max_norm = _grads(case), _limit(case, "max_norm")
    total = _total(grads, squared)
    factor = scale(total, max_norm)
    return {"clipped": [g * factor for g in grads], "total_norm": total}


def _no_epsilon(case: Case) -> Outputs | None:
    if _total(_grads(case)) == 0.0:
        return None  # a division by zero: recognised from the error instead
    return _scaled(case, lambda total, m: min(m / total, 1.0))


def _divided_by_zero(error: LearnerError, case: Case) -> bool:
    zero = _total(_grads(case)) == 0.0
    return zero and (
        error.category == "ZeroDivisionError"
        or (error.category == "FloatingPointError" and "divide" in error.message)
        or (error.category == "FloatingPointError" and "invalid" in error.message)
    )


def _per_array(case: Case) -> Outputs:
    grads, max_norm = _grads(case), _limit(case, "max_norm")
    clipped = [g * min(max_norm / (_total([g]) + EPSILON), 1.0) for g in grads]
    return {"clipped": clipped, "total_norm": _total(grads)}


def _norm_after(case: Case) -> Outputs:
    clipped, _ = engine.clip_grad_norm(_grads(case), _limit(case, "max_norm"))
    return {"clipped": clipped, "total_norm": _total(clipped)}


def _by_value(case: Case) -> Outputs:
    grads, max_norm = _grads(case), _limit(case, "max_norm")
    return {"clipped": engine.clip_grad_value(grads, max_norm), "total_norm": _total(grads)}


NORM_MISTAKES = (
    WrongMethod(
        "clip.no-epsilon",
        N_("PyTorch's epsilon left out: max_norm / total instead of max_norm / (total + 1e-6)"),
        N_(
            "clip_grad_norm_ divides by total + 1e-6: at total = max_norm it still scales, by "
            "max_norm / (max_norm + 1e-6) (0.9999998 for max_norm = 5), tiny gradients scale a "
            "little less, and all-zero gradients never divide by zero."
        ),
        compute=_no_epsilon,
        recognise=_divided_by_zero,
    ),
    WrongMethod(
        "clip.per-array",
        N_("each array clipped by its own norm instead of one global norm"),
        N_(
            "Clipping by the global norm (Pascanu et al.) scales every array by the same factor, "
            "so the gradient's direction is kept; per-array clipping changes it."
        ),
        compute=_per_array,
    ),
    WrongMethod(
        "clip.always-scaled",
        N_("the min(·, 1) left out: gradients under the limit scaled up"),
        N_("Clipping only ever shrinks: scale = min(max_norm / (total + 1e-6), 1)."),
        compute=lambda case: _scaled(case, lambda total, m: m / (total + EPSILON)),
    ),
    WrongMethod(
        "clip.norm-after",
        N_("the norm after clipping returned instead of the norm before"),
        N_(
            "clip_grad_norm_ returns the total norm of the gradients as they were, which is what "
            "training logs watch for explosions."
        ),
        compute=_norm_after,
    ),
    WrongMethod(
        "clip.squared-norm",
        N_("the sum of squares used as the norm (the square root forgotten)"),
        N_("The L2 norm is sqrt(sum of g²) over every element of every array."),
        compute=lambda case: _scaled(
            case, lambda total, m: min(m / (total + EPSILON), 1.0), squared=True
        ),
    ),
    WrongMethod(
        "clip.by-value",
        N_("each element clamped to ±max_norm (clipping by value) instead of scaling by the norm"),
        N_(
            "Clipping by norm multiplies every element by one factor; clamping elements is "
            "clip_grad_value_, a different operation that can change the direction."
        ),
        compute=_by_value,
    ),
)


def _value_cases() -> list[Case]:
    rng = rng_for("clip-grad.value")

    def case(label: str, grads: list[Array], clip_value: float) -> Case:
        return Case(label, {"grads": grads, "clip_value": clip_value})

    return [
        case(N_("hand-sized"), [np.array([-2.0, 0.5, 3.0]), np.array([[0.1, -1.5]])], 1.0),
        case(N_("nothing to clip"), [np.array([0.2, -0.3])], 1.0),
        case(
            N_("random shapes, a 0-d array among them"),
            [rng.normal(0, 2, (3, 4)), rng.normal(0, 2, (2, 2, 2)), rng.normal(0, 3, ())],
            1.2,
        ),
        case(N_("large values"), [rng.normal(0, 1e6, 10)], 5.0),
        case(N_("clip_value 0: everything zeroed"), [rng.normal(0, 1, 4)], 0.0),
    ]


def _norm_args(case: Case) -> tuple[list[Array], float]:
    return _grads(case), _limit(case, "max_norm")


def _value_of(case: Case) -> tuple[list[Array], float]:
    return _grads(case), _limit(case, "clip_value")


VALUE_MISTAKES = (
    WrongMethod(
        "clip.value-one-sided",
        N_("only the upper bound applied (np.minimum(g, clip_value)): negatives not clamped"),
        N_("Clamp both sides: every element into [−clip_value, clip_value] (np.clip)."),
        compute=lambda case: {"clipped": [np.minimum(g, _value_of(case)[1]) for g in _grads(case)]},
    ),
    WrongMethod(
        "clip.value-by-norm",
        N_("clipped by the global norm instead of element-wise"),
        N_(
            "clip_grad_value_ clamps each element on its own; "
            "scaling by the norm is clip_grad_norm_."
        ),
        compute=lambda case: {"clipped": engine.clip_grad_norm(*_value_of(case))[0]},
    ),
)


DRILLS = (
    build_drill(
        "clip-grad.norm",
        "clip a list of gradients by global norm, as torch.nn.utils.clip_grad_norm_",
        Task("clip_grad_norm", NORM_SIGNATURE, NORM_DOC, NORM_BODY),
        topics=("rnn.exploding", "numeric.clipping"),
        summary=N_(
            "One global L2 norm, scale min(max_norm / (total + 1e-6), 1), the norm returned."
        ),
        returns=Returns((Output("clipped", "arrays"), Output("total_norm", "number")), "tuple"),
        cases=_norm_cases,
        expected=lambda case: Expected(
            dict(
                zip(
                    ("clipped", "total_norm"), engine.clip_grad_norm(*_norm_args(case)), strict=True
                )
            )
        ),
        mistakes=NORM_MISTAKES,
        tags={"by": "norm"},
    ),
    build_drill(
        "clip-grad.value",
        "clip a list of gradients by value, as torch.nn.utils.clip_grad_value_",
        Task("clip_grad_value", VALUE_SIGNATURE, VALUE_DOC, VALUE_BODY),
        topics=("rnn.exploding", "numeric.clipping"),
        summary=N_("Every element clamped to [−clip_value, clip_value]."),
        returns=Returns((Output("clipped", "arrays"),)),
        cases=_value_cases,
        expected=lambda case: Expected({"clipped": engine.clip_grad_value(*_value_of(case))}),
        mistakes=VALUE_MISTAKES,
        tags={"by": "value"},
    ),
)

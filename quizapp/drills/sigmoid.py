"""The numerically stable sigmoid: right for every float64, never an overflow."""

from __future__ import annotations

import numpy as np

from engine.activations import sigmoid
from quizapp.drills.common import UNSTABLE_SIGMOID, rng_for
from quizapp.drills.model import Case, Expected, Output, Returns, WrongMethod
from quizapp.drills.source import Task, build_drill
from quizapp.i18n import N_

ID = "sigmoid"
SIGNATURE = "def sigmoid(x: np.ndarray) -> np.ndarray:"
DOCSTRING = """
The logistic function σ(x) = 1 / (1 + exp(−x)), element-wise, for an array of any shape.

Args:
    x: float64 array of any shape (also 0-d), values anywhere in float64's range.

Returns:
    An array of the same shape with σ(x) in [0, 1].

It must never overflow: a hidden case has |x| in the thousands, and the checker runs your
code with NumPy's overflow, divide and invalid warnings turned into errors.
"""
BODY = """
e = np.exp(-np.abs(x))  # never more than 1: nothing to overflow
return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
"""


def _cases() -> list[Case]:
    rng = rng_for(ID)
    return [
        Case(N_("hand-sized"), {"x": np.array([-2.0, -1.0, 0.0, 0.5, 1.0, 2.0])}),
        Case(N_("a 0-d array"), {"x": np.array(0.3)}),
        Case(N_("random values, a matrix"), {"x": rng.normal(0.0, 4.0, (3, 4))}),
        Case(N_("random values, a batch of rows"), {"x": rng.normal(0.0, 10.0, (6, 5))}),
        Case(
            N_("large pre-activations"),
            {"x": np.array([-1e4, -1000.0, -745.0, -710.0, -40.0, 40.0, 710.0, 1000.0, 1e4])},
        ),
        Case(N_("extremes of float64"), {"x": np.array([-1e308, -1e300, 1e300, 1e308])}),
    ]


def _expected(case: Case) -> Expected:
    return Expected({"y": sigmoid(np.asarray(case.args["x"], dtype=np.float64))})


def _x(case: Case) -> np.ndarray:
    return np.asarray(case.args["x"], dtype=np.float64)


MISTAKES = (
    UNSTABLE_SIGMOID,
    WrongMethod(
        "sigmoid.sign-flipped",
        N_("the sign of x flipped: 1 / (1 + exp(x)), which is σ(−x)"),
        N_("σ(x) = 1 / (1 + exp(−x)): it rises from 0 to 1 as x grows; 1 / (1 + exp(x)) falls."),
        compute=lambda case: {"y": sigmoid(-_x(case))},
    ),
    WrongMethod(
        "sigmoid.tanh-unhalved",
        N_("(1 + tanh(x)) / 2: the tanh identity without halving x"),
        N_("σ(x) = (1 + tanh(x / 2)) / 2; tanh(x) = 2σ(2x) − 1, so tanh needs x / 2."),
        compute=lambda case: {"y": (1.0 + np.tanh(_x(case))) / 2.0},
    ),
)

DRILLS = (
    build_drill(
        ID,
        "a numerically stable sigmoid",
        Task("sigmoid", SIGNATURE, DOCSTRING, BODY),
        summary=N_("σ(x) element-wise for any float64, without overflow."),
        returns=Returns((Output("y"),)),
        cases=_cases,
        expected=_expected,
        mistakes=MISTAKES,
        topics=("gates.definition", "gates.saturation"),
    ),
)

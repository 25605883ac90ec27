"""Converting LSTM weights between PyTorch's layout and Keras'.

PyTorch: weight_ih (4H, I) and weight_hh (4H, H), gate blocks stacked as rows in the order
i, f, g, o, two biases (4H,). Keras: kernel (I, 4H) and recurrent_kernel (H, 4H), blocks
stacked as columns in the order i, f, c, o (the same order: Keras calls the candidate c),
one bias (4H,). PyTorch adds its two biases, so Keras' one bias is their sum.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import engine
from quizapp.drills.cells import Size, draw_weights, permute_blocks
from quizapp.drills.common import float_arrays, rng_for
from quizapp.drills.model import (
    Array,
    Case,
    Drill,
    Expected,
    Output,
    Outputs,
    Returns,
    Value,
    WrongMethod,
)
from quizapp.drills.source import Task, build_drill
from quizapp.i18n import N_

SIZES = (
    Size(N_("hand-sized"), 2, 1, 1, hand=True),
    Size(N_("hand-sized, two units"), 3, 2, 1, hand=True),
    Size(N_("random sizes"), 5, 3, 1),
    Size(N_("one input feature"), 1, 4, 1),
    Size(N_("a square kernel (I = 4H)"), 8, 2, 1),
    Size(N_("one unit, a square kernel"), 4, 1, 1),
)

TO_KERAS_SIGNATURE = """
def torch_to_keras(
    weight_ih: np.ndarray, weight_hh: np.ndarray, bias_ih: np.ndarray, bias_hh: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
"""
LAYOUTS = """
PyTorch (nn.LSTM): weight_ih (4H, I) and weight_hh (4H, H), the gate blocks stacked as rows
in the order i, f, g, o; two biases bias_ih and bias_hh (4H,), both added.
Keras (keras.layers.LSTM): kernel (I, 4H) and recurrent_kernel (H, 4H), the blocks stacked
as columns in the order i, f, c, o (c is Keras' name for the candidate g); one bias (4H,).
"""
TO_KERAS_DOC = f"""
Convert one LSTM layer's weights from PyTorch's layout to Keras', so that both compute the
same function.
{LAYOUTS}
Args:
    weight_ih: (4H, I).  weight_hh: (4H, H).  bias_ih: (4H,).  bias_hh: (4H,).

Returns:
    (kernel, recurrent_kernel, bias): (I, 4H), (H, 4H), (4H,).
"""
TO_KERAS_BODY = """
kernel = weight_ih.T.copy()  # rows -> columns; the block order already matches
recurrent_kernel = weight_hh.T.copy()
bias = bias_ih + bias_hh  # PyTorch adds its two biases
return kernel, recurrent_kernel, bias
"""

TO_TORCH_SIGNATURE = """
def keras_to_torch(
    kernel: np.ndarray, recurrent_kernel: np.ndarray, bias: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
"""
TO_TORCH_DOC = f"""
Convert one LSTM layer's weights from Keras' layout to PyTorch's, so that both compute the
same function.
{LAYOUTS}
PyTorch adds its two biases, so any split of Keras' bias works; this drill asks for the
usual one: bias_ih = bias and bias_hh = zeros.

Args:
    kernel: (I, 4H).  recurrent_kernel: (H, 4H).  bias: (4H,).

Returns:
    (weight_ih, weight_hh, bias_ih, bias_hh): (4H, I), (4H, H), (4H,), (4H,).
"""
TO_TORCH_BODY = """
weight_ih = kernel.T.copy()
weight_hh = recurrent_kernel.T.copy()
return weight_ih, weight_hh, bias.copy(), np.zeros_like(bias)
"""

SWAPPED = (
    "convert.gate-order",
    N_("the candidate and output blocks swapped"),
    N_(
        "PyTorch's i, f, g, o and Keras' i, f, c, o are the same order under two names for the "
        "candidate: the weights move from rows to columns and keep their blocks."
    ),
)
RESHAPED = (
    "convert.reshaped",
    N_("reshape used instead of a transpose"),
    N_(
        "reshape keeps the memory order and only relabels the axes, so the numbers land in the "
        "wrong places; the layouts differ by a transpose (.T)."
    ),
)
NOT_TRANSPOSED = (
    "convert.not-transposed",
    N_("the weight matrices not transposed"),
    N_(
        "PyTorch stacks the gate blocks as rows ((4H, I)), Keras as columns ((I, 4H)): "
        "each weight matrix is transposed."
    ),
)


def _torch_cases() -> list[Case]:
    rng = rng_for("lstm-convert.torch-to-keras")
    found = []
    for size in SIZES:
        w = draw_weights(rng, size, 4)
        args = {"weight_ih": w["W_ih"], "weight_hh": w["W_hh"], "bias_ih": w["b_ih"]}
        found.append(Case(size.label, {**args, "bias_hh": w["b_hh"]}))
    return found


def _keras_cases() -> list[Case]:
    rng = rng_for("lstm-convert.keras-to-torch")
    found = []
    for size in SIZES:
        w = draw_weights(rng, size, 4)
        keras = engine.LSTMCell.from_torch(w["W_ih"], w["W_hh"], w["b_ih"], w["b_hh"]).to_keras()
        found.append(Case(size.label, dict(keras)))
    return found


KERAS_NAMES = ("kernel", "recurrent_kernel", "bias")
TORCH_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def _to_keras(case: Case) -> Expected:
    p = float_arrays(case.args)
    cell = engine.LSTMCell.from_torch(p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"])
    return Expected(dict(cell.to_keras()))


def _to_torch(case: Case) -> Expected:
    p = float_arrays(case.args)
    return Expected(
        dict(engine.LSTMCell.from_keras(p["kernel"], p["recurrent_kernel"], p["bias"]).to_torch())
    )


def _keras_slip(
    change: Callable[[dict[str, Array]], dict[str, Array]],
) -> Callable[[Case], Outputs]:
    def compute(case: Case) -> Outputs:
        p = float_arrays(case.args)
        out: dict[str, Value] = {
            "kernel": p["weight_ih"].T,
            "recurrent_kernel": p["weight_hh"].T,
            "bias": p["bias_ih"] + p["bias_hh"],
        }
        out.update(change(p))
        return out

    return compute


def _torch_slip(
    change: Callable[[dict[str, Array]], dict[str, Array]],
) -> Callable[[Case], Outputs]:
    def compute(case: Case) -> Outputs:
        p = float_arrays(case.args)
        out: dict[str, Value] = {
            "weight_ih": p["kernel"].T,
            "weight_hh": p["recurrent_kernel"].T,
            "bias_ih": p["bias"],
            "bias_hh": np.zeros_like(p["bias"]),
        }
        out.update(change(p))
        return out

    return compute


def _swap_rows(array: Array) -> Array:
    return permute_blocks(array, "ifog", "ifgo")


def _swap_columns(array: Array) -> Array:
    return permute_blocks(array.T, "ifog", "ifgo").T


TO_KERAS_MISTAKES = (
    WrongMethod(
        "convert.second-bias-dropped",
        N_("PyTorch's second bias bias_hh dropped (bias = bias_ih)"),
        N_("PyTorch adds both biases to every pre-activation; Keras' one bias must be their sum."),
        compute=_keras_slip(lambda p: {"bias": p["bias_ih"]}),
    ),
    WrongMethod(
        *NOT_TRANSPOSED,
        compute=_keras_slip(
            lambda p: {"kernel": p["weight_ih"], "recurrent_kernel": p["weight_hh"]}
        ),
    ),
    WrongMethod(
        *RESHAPED,
        compute=_keras_slip(
            lambda p: {
                "kernel": p["weight_ih"].reshape(p["weight_ih"].shape[::-1]),
                "recurrent_kernel": p["weight_hh"].reshape(p["weight_hh"].shape[::-1]),
            }
        ),
    ),
    WrongMethod(
        *SWAPPED,
        compute=_keras_slip(
            lambda p: {
                "kernel": _swap_rows(p["weight_ih"]).T,
                "recurrent_kernel": _swap_rows(p["weight_hh"]).T,
                "bias": _swap_rows(p["bias_ih"] + p["bias_hh"]),
            }
        ),
    ),
)
TO_TORCH_MISTAKES = (
    WrongMethod(
        "convert.bias-doubled",
        N_("Keras' bias copied into both PyTorch biases (the effective bias doubled)"),
        N_(
            "PyTorch adds bias_ih and bias_hh, so together they must equal Keras' one bias: here "
            "bias_ih = bias and bias_hh = 0."
        ),
        compute=_torch_slip(lambda p: {"bias_hh": p["bias"]}),
    ),
    WrongMethod(
        *NOT_TRANSPOSED,
        compute=_torch_slip(
            lambda p: {"weight_ih": p["kernel"], "weight_hh": p["recurrent_kernel"]}
        ),
    ),
    WrongMethod(
        *RESHAPED,
        compute=_torch_slip(
            lambda p: {
                "weight_ih": p["kernel"].reshape(p["kernel"].shape[::-1]),
                "weight_hh": p["recurrent_kernel"].reshape(p["recurrent_kernel"].shape[::-1]),
            }
        ),
    ),
    WrongMethod(
        *SWAPPED,
        compute=_torch_slip(
            lambda p: {
                "weight_ih": _swap_columns(p["kernel"]).T,
                "weight_hh": _swap_columns(p["recurrent_kernel"]).T,
                "bias_ih": _swap_rows(p["bias"]),
            }
        ),
    ),
)


def _drill(
    drill_id: str,
    title: str,
    function: str,
    parts: tuple[str, str, str],
    names: tuple[str, ...],
    cases: Callable[[], list[Case]],
    expected: Callable[[Case], Expected],
    mistakes: tuple[WrongMethod, ...],
) -> Drill:
    direction = drill_id.split(".", 1)[1]  # the tag a bank names the variant by
    return build_drill(
        drill_id,
        title,
        Task(function, *parts),
        summary=title,
        returns=Returns(tuple(Output(name) for name in names), "tuple"),
        cases=cases,
        expected=expected,
        mistakes=mistakes,
        topics=("lstm.gate-order", "practice.pytorch-layers"),
        tags={"cell": "lstm", "direction": direction},
    )


DRILLS = (
    _drill(
        "lstm-convert.torch-to-keras",
        N_("convert LSTM weights from PyTorch's layout (i, f, g, o rows, two biases) to Keras'"),
        "torch_to_keras",
        (TO_KERAS_SIGNATURE, TO_KERAS_DOC, TO_KERAS_BODY),
        KERAS_NAMES,
        _torch_cases,
        _to_keras,
        TO_KERAS_MISTAKES,
    ),
    _drill(
        "lstm-convert.keras-to-torch",
        N_("convert LSTM weights from Keras' layout (i, f, c, o columns, one bias) to PyTorch's"),
        "keras_to_torch",
        (TO_TORCH_SIGNATURE, TO_TORCH_DOC, TO_TORCH_BODY),
        TORCH_NAMES,
        _keras_cases,
        _to_torch,
        TO_TORCH_MISTAKES,
    ),
)

"""BPTT for a vanilla RNN, and ‖∂h_T/∂h_0‖ by multiplying Jacobians: column vectors, one sequence.

Both drills run h_t = tanh(W_xh x_t + W_hh h_(t−1) + b) over xs (T, I) from h0 (H,), vectors
as 1-D arrays acted on from the left (W @ x). BPTT differentiates L = sum(g ⊙ h_T); the
Jacobian drill multiplies J_t = ∂h_t/∂h_(t−1) = diag(1 − h_t²) W_hh, later steps on the left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import engine
from quizapp.drills.common import float_arrays, one_decimal, rng_for, with_slips
from quizapp.drills.model import (
    Array,
    Case,
    Expected,
    Output,
    Outputs,
    Returns,
    Tolerance,
    WrongMethod,
)
from quizapp.drills.source import Task, build_drill
from quizapp.i18n import N_


@dataclass(frozen=True)
class SeqCase:
    label: str
    steps: int
    inputs: int
    hidden: int
    hand: bool = False
    zero_state: bool = False
    weight_scale: float = 0.8
    input_scale: float = 1.0


SIZES = (
    SeqCase(N_("hand-sized"), 2, 2, 3, hand=True),
    SeqCase(N_("hand-sized, square weights"), 3, 2, 2, hand=True),
    SeqCase(N_("random sizes"), 5, 3, 4),
    SeqCase(N_("one time step"), 1, 2, 3),
    SeqCase(N_("one hidden unit"), 4, 2, 1),
    SeqCase(N_("zero initial state"), 3, 3, 2, zero_state=True),
    SeqCase(N_("a longer sequence"), 12, 2, 4),
    SeqCase(
        N_("saturated units, |a| in the hundreds"), 3, 2, 3, weight_scale=20.0, input_scale=20.0
    ),
)

FORWARD = "h_t = tanh(W_xh x_t + W_hh h_(t−1) + b)"
ARGS = """
Args:
    xs: (T, I) inputs; row t − 1 is the vector x_t.
    h0: (H,) initial hidden state.
    W_xh: (H, I) input weights.
    W_hh: (H, H) recurrent weights (row k holds the weights into unit k).
    b: (H,) bias."""


def _draw(rng: np.random.Generator, size: SeqCase) -> dict[str, Array]:
    T, n_in, H = size.steps, size.inputs, size.hidden
    if size.hand:
        values = {
            "xs": one_decimal(rng, (T, n_in), 1.0),
            "h0": one_decimal(rng, H, 0.9),
            "W_xh": one_decimal(rng, (H, n_in), 1.0),
            "W_hh": one_decimal(rng, (H, H), 1.0),
            "b": one_decimal(rng, H, 0.5),
        }
    else:
        values = {
            "xs": rng.normal(0.0, size.input_scale, (T, n_in)),
            "h0": rng.uniform(-0.9, 0.9, H),
            "W_xh": rng.normal(0.0, size.weight_scale, (H, n_in)),
            "W_hh": rng.normal(0.0, size.weight_scale, (H, H)),
            "b": rng.normal(0.0, 0.3, H),
        }
    if size.zero_state:
        values["h0"] = np.zeros(H)
    return values


def _states(p: dict[str, Array]) -> list[Array]:
    """h_0 .. h_T, by the same recurrence the engine runs."""
    hs = [p["h0"]]
    for x in p["xs"]:
        hs.append(np.tanh(p["W_xh"] @ x + p["W_hh"] @ hs[-1] + p["b"]))
    return hs


def _cell(p: dict[str, Array]) -> engine.RNNCell:
    return engine.RNNCell.from_textbook(p["W_xh"], p["W_hh"], p["b"])


# -- BPTT ---------------------------------------------------------------------------------------
BPTT_SIGNATURE = """
def rnn_bptt(
    xs: np.ndarray,
    h0: np.ndarray,
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    b: np.ndarray,
    g: np.ndarray,
) -> dict[str, np.ndarray]:
"""
BPTT_DOC = f"""
Backpropagation through time for a tanh RNN over one sequence, column-vector convention:

    {FORWARD}    for t = 1..T
    L = sum(g ⊙ h_T)

so g is ∂L/∂h_T. Walk back from t = T: a_t's gradient is (∂L/∂h_t) ⊙ (1 − h_t²); it adds
to the weight gradients and passes W_hhᵀ times itself on to h_(t−1).
{ARGS}
    g: (H,) the gradient of L with respect to h_T.

Returns:
    A dict of gradients shaped like what they differentiate: "W_xh" (H, I), "W_hh" (H, H),
    "b" (H,), "h0" (H,).
"""
BPTT_BODY = """
hs = [h0]
for x in xs:
    hs.append(np.tanh(W_xh @ x + W_hh @ hs[-1] + b))
grads = {"W_xh": np.zeros_like(W_xh), "W_hh": np.zeros_like(W_hh), "b": np.zeros_like(b)}
dh = g
for t in range(len(xs), 0, -1):
    da = dh * (1.0 - hs[t] ** 2)  # through tanh at step t
    grads["W_xh"] += np.outer(da, xs[t - 1])
    grads["W_hh"] += np.outer(da, hs[t - 1])
    grads["b"] += da
    dh = W_hh.T @ da  # on to h_(t-1)
grads["h0"] = dh
return grads
"""


def bptt_by_hand(
    p: dict[str, Array],
    *,
    accumulate: bool = True,
    tanh_derivative: str = "current",
    transpose_recurrence: bool = True,
    outer_reversed: bool = False,
) -> Outputs:
    """The reference's loop with one slip; ``tanh_derivative``: current | previous | none."""
    hs = _states(p)
    grads = {"W_xh": np.zeros_like(p["W_xh"]), "W_hh": np.zeros_like(p["W_hh"])}
    grads["b"] = np.zeros_like(p["b"])
    if outer_reversed:
        grads = {k: v.T.copy() for k, v in grads.items()}
    dh = p["g"]
    for t in range(len(p["xs"]), 0, -1):
        slope = {"current": 1.0 - hs[t] ** 2, "previous": 1.0 - hs[t - 1] ** 2, "none": 1.0}
        da = dh * slope[tanh_derivative]
        terms = {
            "W_xh": np.outer(p["xs"][t - 1], da)
            if outer_reversed
            else np.outer(da, p["xs"][t - 1]),
            "W_hh": np.outer(hs[t - 1], da) if outer_reversed else np.outer(da, hs[t - 1]),
            "b": da,
        }
        for name, term in terms.items():
            grads[name] = grads[name] + term if accumulate else term
        dh = (p["W_hh"].T if transpose_recurrence else p["W_hh"]) @ da
    return {**grads, "h0": dh}


BPTT_MISTAKES = (
    WrongMethod(
        "bptt.not-accumulated",
        N_("the weight gradients overwritten at each step instead of summed over steps"),
        N_(
            "W_xh, W_hh and b are shared by every step, so their gradient is the sum of every "
            "step's term: += in the backward loop, not =. (Only the step processed last, t = 1, "
            "survives an overwrite.)"
        ),
        compute=with_slips(bptt_by_hand, accumulate=False),
    ),
    WrongMethod(
        "bptt.no-tanh-derivative",
        N_("the tanh derivative left out (∂L/∂a_t taken as ∂L/∂h_t)"),
        N_("h_t = tanh(a_t), so ∂L/∂a_t = ∂L/∂h_t ⊙ (1 − h_t²)."),
        compute=with_slips(bptt_by_hand, tanh_derivative="none"),
    ),
    WrongMethod(
        "bptt.derivative-at-previous-state",
        N_("the tanh derivative taken at h_(t−1): (1 − h_(t−1)²) instead of (1 − h_t²)"),
        N_("tanh′(a_t) = 1 − tanh(a_t)² = 1 − h_t²: the output of the same step."),
        compute=with_slips(bptt_by_hand, tanh_derivative="previous"),
    ),
    WrongMethod(
        "bptt.untransposed-recurrence",
        N_("the gradient passed back as W_hh ∂L/∂a_t instead of W_hhᵀ ∂L/∂a_t"),
        N_("a_t = W_hh h_(t−1) + ..., so ∂L/∂h_(t−1) = W_hhᵀ ∂L/∂a_t (the Jacobian's transpose)."),
        compute=with_slips(bptt_by_hand, transpose_recurrence=False),
    ),
    WrongMethod(
        "bptt.outer-product-reversed",
        N_("the weight gradients transposed: outer(h_(t−1), ∂L/∂a_t), not outer(∂L/∂a_t, h_(t−1))"),
        N_(
            "∂L/∂W_hh has W_hh's shape (H, H): row k is unit k's ∂L/∂a times the inputs, "
            "outer(da, h_prev)."
        ),
        compute=with_slips(bptt_by_hand, outer_reversed=True),
    ),
)


def _bptt_cases() -> list[Case]:
    rng = rng_for("rnn-bptt")
    found = []
    for size in SIZES:
        values = _draw(rng, size)
        g = one_decimal(rng, size.hidden, 1.0) if size.hand else rng.normal(0.0, 1.0, size.hidden)
        found.append(Case(size.label, {**values, "g": g}))
    return found


def _bptt_expected(case: Case) -> Expected:
    p = float_arrays(case.args)
    grads = _cell(p).backward(p["xs"], p["h0"], p["g"])
    return Expected(
        {
            "W_xh": grads["weight_ih"],
            "W_hh": grads["weight_hh"],
            "b": grads["bias_ih"],
            "h0": grads["h0"],
        }
    )


# -- ‖∂h_T/∂h_0‖ ----------------------------------------------------------------------------------
JACOBIAN_SIGNATURE = """
def jacobian_norm(
    xs: np.ndarray,
    h0: np.ndarray,
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    b: np.ndarray,
) -> float:
"""
JACOBIAN_DOC = f"""
The spectral norm (largest singular value) of ∂h_T/∂h_0 for a tanh RNN over one sequence,
by multiplying one Jacobian per step, column-vector convention:

    {FORWARD}
    J_t = ∂h_t/∂h_(t−1) = diag(1 − h_t²) W_hh      (rows indexed by h_t)
    ∂h_T/∂h_0 = J_T J_(T−1) ... J_1                (later steps on the left)
{ARGS}

Returns:
    ‖∂h_T/∂h_0‖₂ as a float (np.linalg.norm(M, 2)). Over long sequences it shrinks or grows
    roughly geometrically: the vanishing and exploding gradients.
"""
JACOBIAN_BODY = """
h = h0
product = np.eye(h0.shape[0])
for x in xs:
    h = np.tanh(W_xh @ x + W_hh @ h + b)
    product = ((1.0 - h**2)[:, None] * W_hh) @ product  # J_t on the left
return float(np.linalg.norm(product, 2))
"""


def jacobian_by_hand(
    p: dict[str, Array],
    *,
    reversed_order: bool = False,
    slope_at: str = "current",
    transposed: bool = False,
    norm: str = "spectral",
) -> Outputs:
    hs = _states(p)
    w = p["W_hh"].T if transposed else p["W_hh"]
    product = np.eye(p["h0"].shape[0])
    for t in range(1, len(hs)):
        slope = {"current": 1.0 - hs[t] ** 2, "previous": 1.0 - hs[t - 1] ** 2, "none": 1.0}
        jac = w if slope_at == "none" else np.asarray(slope[slope_at])[:, None] * w
        product = product @ jac if reversed_order else jac @ product
    value = np.linalg.norm(product, "fro" if norm == "frobenius" else 2)
    return {"norm": float(value)}


JACOBIAN_MISTAKES = (
    WrongMethod(
        "jacobian.reversed-product",
        N_("the Jacobians multiplied in the wrong order (J_1 J_2 ... J_T)"),
        N_(
            "The chain rule puts later steps on the left: ∂h_T/∂h_0 = J_T ⋯ J_1. Matrix products "
            "do not commute, so in general the order changes the norm."
        ),
        compute=with_slips(jacobian_by_hand, reversed_order=True),
    ),
    WrongMethod(
        "jacobian.derivative-at-previous-state",
        N_("diag(1 − h_(t−1)²) used for J_t instead of diag(1 − h_t²)"),
        N_("tanh′ is evaluated at step t's own pre-activation: 1 − h_t²."),
        compute=with_slips(jacobian_by_hand, slope_at="previous"),
    ),
    WrongMethod(
        "jacobian.no-tanh-derivative",
        N_("the tanh derivative left out (J_t = W_hh, the product a power of W_hh)"),
        N_("J_t = diag(1 − h_t²) W_hh: saturated units (h near ±1) pass almost nothing back."),
        compute=with_slips(jacobian_by_hand, slope_at="none"),
    ),
    WrongMethod(
        "jacobian.transposed-weights",
        N_("W_hhᵀ in place of W_hh (J_t = diag(1 − h_t²) W_hhᵀ)"),
        N_(
            "In the column convention the row k of J_t is "
            "∂h_t[k]/∂h_(t−1) = (1 − h_t[k]²) W_hh[k]. "
            "The row-vector form (d2l) transposes the whole product, diag and all."
        ),
        compute=with_slips(jacobian_by_hand, transposed=True),
    ),
    WrongMethod(
        "jacobian.frobenius-norm",
        N_("the Frobenius norm instead of the spectral norm"),
        N_(
            "‖·‖₂ of a matrix is its largest singular value: np.linalg.norm(M, 2). The Frobenius "
            "norm (the default for a matrix) is at least as large."
        ),
        compute=with_slips(jacobian_by_hand, norm="frobenius"),
    ),
)

JACOBIAN_SIZES = (
    SeqCase(N_("hand-sized"), 2, 1, 2, hand=True),
    SeqCase(N_("hand-sized, three units"), 3, 2, 3, hand=True),
    SeqCase(N_("random sizes"), 6, 3, 4),
    SeqCase(N_("one time step"), 1, 2, 3),
    SeqCase(N_("one hidden unit"), 5, 2, 1),
    SeqCase(N_("zero initial state"), 4, 2, 3, zero_state=True),
    SeqCase(N_("a long sequence: vanishing"), 25, 2, 4),
    SeqCase(
        N_("large recurrent weights, small inputs"), 6, 2, 4, weight_scale=1.2, input_scale=0.05
    ),
)


def _jacobian_cases() -> list[Case]:
    rng = rng_for("jacobian-norm")
    return [Case(size.label, _draw(rng, size)) for size in JACOBIAN_SIZES]


def _jacobian_expected(case: Case) -> Expected:
    p = float_arrays(case.args)
    return Expected({"norm": float(engine.gradient_norms(_cell(p), p["xs"], p["h0"])[0])})


DRILLS = (
    build_drill(
        "rnn-bptt",
        "BPTT for a vanilla RNN: ∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b, ∂L/∂h_0 for L = sum(g ⊙ h_T)",
        Task("rnn_bptt", BPTT_SIGNATURE, BPTT_DOC, BPTT_BODY),
        tags={"cell": "rnn", "layout": "columns"},
        summary=N_("Walk back through T tanh steps, summing the shared weights' gradients."),
        returns=Returns(tuple(Output(n) for n in ("W_xh", "W_hh", "b", "h0")), "dict"),
        cases=_bptt_cases,
        expected=_bptt_expected,
        mistakes=BPTT_MISTAKES,
        topics=("rnn.bptt-jacobian",),
    ),
    build_drill(
        "jacobian-norm",
        "‖∂h_T/∂h_0‖ of a vanilla RNN by multiplying Jacobians",
        Task("jacobian_norm", JACOBIAN_SIGNATURE, JACOBIAN_DOC, JACOBIAN_BODY),
        tags={"cell": "rnn", "layout": "columns"},
        summary=N_("J_T ⋯ J_1 with J_t = diag(1 − h_t²) W_hh, then its spectral norm."),
        returns=Returns((Output("norm", "number"),)),
        cases=_jacobian_cases,
        expected=_jacobian_expected,
        mistakes=JACOBIAN_MISTAKES,
        tolerance=Tolerance(rel=1e-8, abs=0.0),  # vanishing norms are tiny: relative only
        topics=("rnn.bptt-jacobian", "numeric.gradient-norm"),
    ),
)

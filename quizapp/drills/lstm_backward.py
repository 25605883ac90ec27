"""The backward pass of one LSTM step: PyTorch's layout, batch-first rows.

Given the upstream gradients dh = ∂L/∂h and dc = ∂L/∂c of this step's outputs, return every
input's and parameter's gradient: L = sum(dh ⊙ h) + sum(dc ⊙ c). The two paths into c (the
upstream dc and the one through h = o ⊙ tanh(c)) are where most hand-written versions slip.
"""

from __future__ import annotations

import numpy as np

import engine
from engine.activations import sigmoid
from quizapp.drills.cells import STEP_SIZES, draw_inputs, draw_state, draw_weights
from quizapp.drills.common import UNSTABLE_SIGMOID, float_arrays, one_decimal, rng_for, with_slips
from quizapp.drills.model import Array, Case, Expected, Output, Outputs, Returns, WrongMethod
from quizapp.drills.source import STABLE_SIGMOID, Task, build_drill
from quizapp.i18n import N_

ID = "lstm-step-backward"
TITLE = "the backward pass of one LSTM step (PyTorch layout, batch-first rows)"
NAMES = ("x", "h_prev", "c_prev", "W_ih", "W_hh", "b")
SIGNATURE = """
def lstm_step_backward(
    x: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    dh: np.ndarray,
    dc: np.ndarray,
) -> dict[str, np.ndarray]:
"""
DOCSTRING = """
The gradients of one LSTM step (torch.nn.LSTMCell's forward, PyTorch's layout):

    a = x W_ihᵀ + b_ih + h_prev W_hhᵀ + b_hh        (B, 4H): blocks i, f, g, o
    i, f, o = σ(a_i), σ(a_f), σ(a_o)   g = tanh(a_g)
    c = f ⊙ c_prev + i ⊙ g
    h = o ⊙ tanh(c)

for the loss L = sum(dh ⊙ h) + sum(dc ⊙ c), i.e. dh = ∂L/∂h and dc = ∂L/∂c arrive from
above (the next step and the layer's output). c gets gradient from both dc and h.

Args:
    x: (B, I), h_prev: (B, H), c_prev: (B, H): the step's inputs, one example per row.
    W_ih: (4H, I), W_hh: (4H, H): weights, row blocks i, f, g, o.
    b_ih: (4H,), b_hh: (4H,): PyTorch's two biases.
    dh: (B, H) ∂L/∂h.   dc: (B, H) ∂L/∂c.

Returns:
    A dict of gradients shaped like what they differentiate: "x" (B, I), "h_prev" (B, H),
    "c_prev" (B, H), "W_ih" (4H, I), "W_hh" (4H, H), "b" (4H,): the gradient of either bias
    (they are added to the same pre-activation, so the two are equal), summed over the batch.

σ must not overflow: a hidden case has pre-activations in the thousands.
"""
BODY = """
H = h_prev.shape[1]
a = x @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh
i = sigmoid(a[:, :H])
f = sigmoid(a[:, H : 2 * H])
g = np.tanh(a[:, 2 * H : 3 * H])
o = sigmoid(a[:, 3 * H :])
c = f * c_prev + i * g
tanh_c = np.tanh(c)
dc_total = dc + dh * o * (1.0 - tanh_c**2)  # both paths into c
da = np.concatenate(
    [
        dc_total * g * i * (1.0 - i),  # a_i
        dc_total * c_prev * f * (1.0 - f),  # a_f
        dc_total * i * (1.0 - g**2),  # a_g
        dh * tanh_c * o * (1.0 - o),  # a_o
    ],
    axis=1,
)
return {
    "x": da @ W_ih,
    "h_prev": da @ W_hh,
    "c_prev": dc_total * f,
    "W_ih": da.T @ x,
    "W_hh": da.T @ h_prev,
    "b": da.sum(axis=0),
}
"""


def backward_by_hand(
    p: dict[str, Array],
    *,
    dh_into_dc: bool = True,
    tanh_derivative: bool = True,
    forget_to_c_prev: bool = True,
    gate_derivative: str = "sigmoid",
    sum_bias: bool = True,
) -> Outputs:
    """The reference's computation with one slip."""
    H = p["h_prev"].shape[1]
    a = p["x"] @ p["W_ih"].T + p["b_ih"] + p["h_prev"] @ p["W_hh"].T + p["b_hh"]
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H : 2 * H]), sigmoid(a[:, 3 * H :])
    g = np.tanh(a[:, 2 * H : 3 * H])
    c = f * p["c_prev"] + i * g
    tanh_c = np.tanh(c)
    dh, dc = p["dh"], p["dc"]
    through_h = dh * o * ((1.0 - tanh_c**2) if tanh_derivative else 1.0)
    dc_total = dc + through_h if dh_into_dc else dc

    def slope(s: Array) -> Array:
        return s * (1.0 - s) if gate_derivative == "sigmoid" else 1.0 - s**2

    da = np.concatenate(
        [
            dc_total * g * slope(i),
            dc_total * p["c_prev"] * slope(f),
            dc_total * i * (1.0 - g**2),
            dh * tanh_c * slope(o),
        ],
        axis=1,
    )
    return {
        "x": da @ p["W_ih"],
        "h_prev": da @ p["W_hh"],
        "c_prev": dc_total * f if forget_to_c_prev else dc_total,
        "W_ih": da.T @ p["x"],
        "W_hh": da.T @ p["h_prev"],
        "b": da.sum(axis=0) if sum_bias else da,
    }


MISTAKES = (
    WrongMethod(
        "lstm.backward-no-dh-into-dc",
        N_("the path from dh into c left out (only the upstream dc reaches c)"),
        N_("h = o ⊙ tanh(c) depends on c, so ∂L/∂c = dc + dh ⊙ o ⊙ (1 − tanh²(c)): both paths."),
        compute=with_slips(backward_by_hand, dh_into_dc=False),
    ),
    WrongMethod(
        "lstm.backward-no-tanh-derivative",
        N_("tanh′(c) left out of the path through h (dc + dh ⊙ o)"),
        N_("∂h/∂c = o ⊙ (1 − tanh²(c)): the squash of the cell has a derivative too."),
        compute=with_slips(backward_by_hand, tanh_derivative=False),
    ),
    WrongMethod(
        "lstm.backward-dc-prev-without-f",
        N_("∂L/∂c_prev taken as ∂L/∂c (the forget gate not applied)"),
        N_(
            "c = f ⊙ c_prev + i ⊙ g, so ∂L/∂c_prev = ∂L/∂c ⊙ f: the cell path is scaled by the "
            "forget gate at every step (which is why f near 1 keeps gradients alive)."
        ),
        compute=with_slips(backward_by_hand, forget_to_c_prev=False),
    ),
    WrongMethod(
        "lstm.backward-gate-derivative",
        N_("σ′ written as 1 − s² (that is tanh′) for the gates"),
        N_("For s = σ(a), σ′(a) = s(1 − s); 1 − s² is the derivative of tanh, right only for g."),
        compute=with_slips(backward_by_hand, gate_derivative="tanh"),
    ),
    WrongMethod(
        "lstm.backward-bias-not-summed",
        N_("the bias gradient not summed over the batch ((B, 4H) instead of (4H,))"),
        N_("The bias is shared by every example, so its gradient sums ∂L/∂a over the batch rows."),
        compute=with_slips(backward_by_hand, sum_bias=False),
    ),
    UNSTABLE_SIGMOID,
)


def _cases() -> list[Case]:
    rng = rng_for(ID)
    found = []
    for size in STEP_SIZES:
        x, h, c = draw_inputs(rng, size), draw_state(rng, size), draw_state(rng, size, 2.0)
        weights = draw_weights(rng, size, 4)
        shape = (size.batch, size.hidden)
        if size.hand:
            dh, dc = one_decimal(rng, shape, 1.0), one_decimal(rng, shape, 1.0)
        else:
            dh, dc = rng.normal(0.0, 1.0, shape), rng.normal(0.0, 1.0, shape)
        found.append(
            Case(size.label, {"x": x, "h_prev": h, "c_prev": c, **weights, "dh": dh, "dc": dc})
        )
    return found


def _expected(case: Case) -> Expected:
    p = float_arrays(case.args)
    cell = engine.LSTMCell.from_torch(p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])
    grads = cell.backward(p["x"][None], p["h_prev"], p["c_prev"], p["dh"], grad_c_T=p["dc"])
    return Expected(
        {
            "x": grads["xs"][0],
            "h_prev": grads["h0"],
            "c_prev": grads["c0"],
            "W_ih": grads["weight_ih"],
            "W_hh": grads["weight_hh"],
            "b": grads["bias_ih"],
        }
    )


DRILLS = (
    build_drill(
        ID,
        TITLE,
        Task("lstm_step_backward", SIGNATURE, DOCSTRING, BODY, STABLE_SIGMOID),
        summary=N_("Every gradient of one LSTM step, from ∂L/∂h and ∂L/∂c."),
        returns=Returns(tuple(Output(name) for name in NAMES), "dict"),
        cases=_cases,
        expected=_expected,
        mistakes=MISTAKES,
        topics=("lstm.gradient-path", "lstm.equations"),
        tags={"cell": "lstm", "layout": "rows"},
    ),
)

"""One step (or a few) of an LSTM, a GRU or a vanilla RNN, by hand, computed by the engine.

Weights are drawn per gate (W_x*, W_h*, one bias b_*), as a textbook writes them; the prompt
states the conventions that change the answer. Tolerance ±0.01 absolute: a learner who rounds
every intermediate to three decimals stays well inside it for these sizes.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

import numpy as np

import engine
from quizapp.templates.base import (
    Field,
    Mistake,
    Params,
    Template,
    Tolerance,
    Variant,
    WorkedStep,
    as_list,
    draw_rounded,
    matrix_block,
    vector_form,
)
from quizapp.templates.mistakes import (
    GRUSlips,
    LSTMSlips,
    gru_by_hand,
    lstm_by_hand,
    lstm_gates,
    lstm_pre_activations,
)

HAND_TOLERANCE = Tolerance(abs=0.01)


class LSTMStepParams(Params):
    quantity: Literal["i", "f", "g", "o", "c", "tanh_c", "h"] = "h"
    input_size: int = Field(2, ge=1, le=3)
    hidden_size: int = Field(2, ge=1, le=3)
    zero_state: bool = Field(False, description="Start from h_prev = c_prev = 0.")
    weight_range: float = Field(1.0, gt=0, le=3)

    def check(self) -> None:
        if self.zero_state and self.quantity == "h" and self.input_size == self.hidden_size == 1:
            raise ValueError(
                "h of a 1x1 step from the zero state rarely differs enough from the common wrong "
                "methods (a draw then needs hundreds of tries); use input_size or hidden_size 2"
            )


LSTM_FORMULAS = {
    "a_i": "a_i = W_xi·x + W_hi·h_prev + b_i",
    "a_f": "a_f = W_xf·x + W_hf·h_prev + b_f",
    "a_g": "a_g = W_xg·x + W_hg·h_prev + b_g",
    "a_o": "a_o = W_xo·x + W_ho·h_prev + b_o",
    "i": "i = σ(a_i)",
    "f": "f = σ(a_f)",
    "g": "g = tanh(a_g)",
    "o": "o = σ(a_o)",
    "c": "c = f ⊙ c_prev + i ⊙ g",
    "tanh_c": "tanh(c)",
    "h": "h = o ⊙ tanh(c)",
}
QUANTITY_NAMES = {
    "i": "the input gate i_t",
    "f": "the forget gate f_t",
    "g": "the candidate g_t (C̃_t)",
    "o": "the output gate o_t",
    "c": "the cell state c_t",
    "tanh_c": "tanh(c_t)",
    "h": "the hidden state h_t",
    "r": "the reset gate r_t",
    "z": "the update gate z_t",
    "n": "the candidate h̃_t (n_t)",
}


class LSTMStep(Template):
    name = "lstm_step"
    summary = "One LSTM step by hand: any gate, c_t, tanh(c_t) or h_t."
    topics = ("numeric.lstm-step", "lstm.equations")
    params_model = LSTMStepParams

    def build(self, rng: np.random.Generator, p: LSTMStepParams) -> Variant:
        H, I, w = p.hidden_size, p.input_size, p.weight_range
        parts = draw_gate_weights(rng, "ifgo", H, I, w)
        x = draw_rounded(rng, I, -1, 1)
        h_prev = np.zeros(H) if p.zero_state else draw_rounded(rng, H, -1, 1)
        c_prev = np.zeros(H) if p.zero_state else draw_rounded(rng, H, -1, 1)
        cell = engine.LSTMCell.from_gates(**parts)
        step = cell.step(x, h_prev, c_prev).as_dict()
        givens = {k: as_list(v) for k, v in parts.items()}
        givens.update(x=as_list(x), h_prev=as_list(h_prev), c_prev=as_list(c_prev))
        listing = [(k, parts[k]) for k in parts] + [
            ("x", x),
            ("h_prev", h_prev),
            ("c_prev", c_prev),
        ]
        prompt = (
            "Use the LSTM equations with the forget gate (no peepholes): gates "
            "i, f, o = σ(W_x·x + W_h·h_prev + b), candidate g = tanh(W_xg·x + W_hg·h_prev + b_g), "
            "c = f ⊙ c_prev + i ⊙ g, h = o ⊙ tanh(c).\n\n"
            f"Compute {QUANTITY_NAMES[p.quantity]} from:\n\n{matrix_block(listing)}"
        )
        steps = [WorkedStep(k, LSTM_FORMULAS[k], as_list(v)) for k, v in step.items()]
        steps = _through(steps, p.quantity)
        return Variant(
            givens=givens,
            prompt=prompt,
            answer=as_list(step[p.quantity]),
            tolerance=HAND_TOLERANCE,
            steps=steps,
            answer_form=vector_form(H),
            mistakes=lstm_mistakes(parts, x, h_prev, c_prev, p.quantity, step, p.zero_state),
        )


class GRUStepParams(Params):
    quantity: Literal["r", "z", "n", "h"] = "h"
    update: Literal["keep", "take"] = "keep"
    reset: Literal["before", "after"] = "after"
    input_size: int = Field(2, ge=1, le=3)
    hidden_size: int = Field(2, ge=1, le=3)
    weight_range: float = Field(1.0, gt=0, le=3)


class GRUStep(Template):
    name = "gru_step"
    summary = "One GRU step by hand under a stated update convention and reset placement."
    topics = ("numeric.gru-step", "gru.update-convention")
    params_model = GRUStepParams

    def build(self, rng: np.random.Generator, p: GRUStepParams) -> Variant:
        H, I, w = p.hidden_size, p.input_size, p.weight_range
        parts = draw_gate_weights(rng, "rzn", H, I, w)
        x = draw_rounded(rng, I, -1, 1)
        h_prev = draw_rounded(rng, H, -1, 1)
        cell = engine.GRUCell.from_gates(update=p.update, reset=p.reset, **parts)
        step = cell.step(x, h_prev).as_dict()
        if p.reset == "after":
            candidate = (
                "h̃ = tanh(W_xn·x + b_n + r ⊙ (W_hn·h_prev))"
                "  (reset after the matmul, as in PyTorch and Keras reset_after=True;"
                " one bias b_n, outside the reset)"
            )
            hn_formula = "W_hn·h_prev"
            an_formula = "a_n = W_xn·x + b_n + r ⊙ (W_hn·h_prev)"
        else:
            candidate = (
                "h̃ = tanh(W_xn·x + W_hn·(r ⊙ h_prev) + b_n)"
                "  (reset before the matmul: Cho et al. 2014 final version, d2l)"
            )
            hn_formula = "W_hn·(r ⊙ h_prev)"
            an_formula = "a_n = W_xn·x + W_hn·(r ⊙ h_prev) + b_n"
        if p.update == "keep":
            update = (
                "h = z ⊙ h_prev + (1 − z) ⊙ h̃"
                "  (z near 1 keeps the past: Cho et al., d2l, PyTorch, Keras)"
            )
            h_formula = "h = z ⊙ h_prev + (1 − z) ⊙ h̃"
        else:
            update = (
                "h = (1 − z) ⊙ h_prev + z ⊙ h̃"
                "  (z near 1 takes the candidate: Chung et al., Andrew Ng, colah)"
            )
            h_formula = "h = (1 − z) ⊙ h_prev + z ⊙ h̃"
        formulas = {
            "a_r": "a_r = W_xr·x + W_hr·h_prev + b_r",
            "a_z": "a_z = W_xz·x + W_hz·h_prev + b_z",
            "r": "r = σ(a_r)",
            "z": "z = σ(a_z)",
            "hn": hn_formula,
            "a_n": an_formula,
            "n": "h̃ = tanh(a_n)",
            "h": h_formula,
        }
        listing = [(k, parts[k]) for k in parts] + [("x", x), ("h_prev", h_prev)]
        prompt = (
            "Use this GRU: r = σ(W_xr·x + W_hr·h_prev + b_r), z = σ(W_xz·x + W_hz·h_prev + b_z),\n"
            f"{candidate},\n{update}.\n\n"
            f"Compute {QUANTITY_NAMES[p.quantity]} from:\n\n{matrix_block(listing)}"
        )
        steps = _through(
            [WorkedStep(k, formulas[k], as_list(v)) for k, v in step.items()], p.quantity
        )
        givens = {k: as_list(v) for k, v in parts.items()}
        givens.update(x=as_list(x), h_prev=as_list(h_prev))
        return Variant(
            givens=givens,
            prompt=prompt,
            answer=as_list(step[p.quantity]),
            tolerance=HAND_TOLERANCE,
            steps=steps,
            answer_form=vector_form(H),
            extras={"update": p.update, "reset": p.reset},
            mistakes=gru_mistakes(parts, x, h_prev, p.quantity, p.update, p.reset),
        )


class RNNStepsParams(Params):
    steps: int = Field(1, ge=1, le=4)
    nonlinearity: Literal["tanh", "relu"] = "tanh"
    input_size: int = Field(1, ge=1, le=3)
    hidden_size: int = Field(2, ge=1, le=3)
    weight_range: float = Field(1.0, gt=0, le=3)


class RNNSteps(Template):
    name = "rnn_steps"
    summary = "A vanilla RNN: h_t after one or a few steps from h_0 = 0."
    topics = ("numeric.rnn-step", "rnn.recurrence")
    params_model = RNNStepsParams

    def build(self, rng: np.random.Generator, p: RNNStepsParams) -> Variant:
        H, I, w = p.hidden_size, p.input_size, p.weight_range
        W_xh, W_hh, b = draw_rnn_weights(rng, H, I, w)
        xs = draw_rounded(rng, (p.steps, I), -1, 1)
        cell = engine.RNNCell.from_textbook(W_xh, W_hh, b, nonlinearity=p.nonlinearity)
        states = cell.forward(xs)
        phi = p.nonlinearity
        steps: list[WorkedStep] = []
        for t, state in enumerate(states, start=1):
            prev = "h_0" if t == 1 else f"h_{t - 1}"
            steps.append(
                WorkedStep(f"a_{t}", f"a_{t} = W_xh·x_{t} + W_hh·{prev} + b", as_list(state.a))
            )
            steps.append(WorkedStep(f"h_{t}", f"h_{t} = {phi}(a_{t})", as_list(state.h)))
        inputs = [(f"x_{t}", xs[t - 1]) for t in range(1, p.steps + 1)]
        listing = [("W_xh", W_xh), ("W_hh", W_hh), ("b", b), *inputs]
        which = "h_1" if p.steps == 1 else f"h_{p.steps}"
        prompt = (
            f"A vanilla RNN computes h_t = {phi}(W_xh·x_t + W_hh·h_(t−1) + b) with h_0 = 0.\n\n"
            f"Compute {which} from:\n\n{matrix_block(listing)}"
        )
        givens = {"W_xh": as_list(W_xh), "W_hh": as_list(W_hh), "b": as_list(b)}
        givens.update({name: as_list(v) for name, v in inputs})
        tolerance = HAND_TOLERANCE if p.steps <= 2 else Tolerance(abs=0.02)
        return Variant(
            givens=givens,
            prompt=prompt,
            answer=as_list(states[-1].h),
            tolerance=tolerance,
            steps=steps,
            answer_form=vector_form(H),
            mistakes=rnn_mistakes(W_xh, W_hh, b, xs, p.nonlinearity),
        )


GATE_ACTIVATIONS = (
    "Gates use σ, so their values lie in (0, 1) and read as 'how much passes'; only the "
    "candidate and the squash of the cell use tanh."
)


def lstm_mistakes(
    parts: dict[str, np.ndarray],
    x: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    quantity: str,
    step: dict[str, np.ndarray],
    zero_state: bool,
) -> tuple[Mistake, ...]:
    """The slips that change the asked quantity, each with the step where it happens."""

    pre: dict[bool, dict[str, np.ndarray]] = {}  # worked out once per bias...
    gates: dict[tuple[bool, bool], dict[str, np.ndarray]] = {}  # ...and per activation choice

    def slipped(**slips: bool) -> list[float] | float:
        chosen = LSTMSlips(**slips)
        which = (chosen.bias, chosen.swap_activations)
        if which not in gates:
            if chosen.bias not in pre:
                pre[chosen.bias] = lstm_pre_activations(parts, x, h_prev, chosen.bias)
            gates[which] = lstm_gates(parts, x, h_prev, *which, pre=pre[chosen.bias])
        answer: list[float] | float = as_list(
            lstm_by_hand(parts, x, h_prev, c_prev, chosen, gates[which])[quantity]
        )
        return answer

    gate = quantity in ("i", "f", "g", "o")
    later = quantity in ("c", "tanh_c", "h")
    found = []
    if later and not zero_state:  # from c_prev = 0 the forget gate multiplies nothing
        found.append(
            Mistake(
                "lstm.no-forget-gate",
                "the forget gate was left out (c = c_prev + i ⊙ g)",
                "c",
                slipped(forget_gate=False),
                "The forget gate scales the old cell first: c = f ⊙ c_prev + i ⊙ g.",
            )
        )
    if quantity in ("i", "f"):
        other = "f" if quantity == "i" else "i"
        found.append(
            Mistake(
                "lstm.i-f-swapped",
                f"i and f swapped (that is {other}_t)",
                quantity,
                as_list(step[other]),
                "f decides what of c_prev is kept; i decides how much of the candidate g is "
                "written.",
            )
        )
    elif later:
        found.append(
            Mistake(
                "lstm.i-f-swapped",
                "i and f swapped (c = i ⊙ c_prev + f ⊙ g)",
                "c",
                slipped(swap_i_f=True),
                "f multiplies c_prev (what to keep); i multiplies the candidate g (what to write).",
            )
        )
    found.append(
        Mistake(
            "lstm.sigmoid-tanh-swapped",
            "σ and tanh swapped (gates through tanh, the candidate through σ)",
            quantity if gate else "i",
            slipped(swap_activations=True),
            GATE_ACTIVATIONS,
        )
    )
    found.append(
        Mistake(
            "lstm.bias-left-out",
            "the biases were left out",
            f"a_{quantity}" if gate else "a_i",
            slipped(bias=False),
            "Every pre-activation includes its bias: a = W_x·x + W_h·h_prev + b.",
        )
    )
    if quantity in ("tanh_c", "h"):
        found.append(
            Mistake(
                "lstm.old-cell-in-h",
                "c_(t−1) used where c_t belongs",
                "tanh_c",
                slipped(old_cell_in_h=True),
                "h is computed after the new cell: h = o ⊙ tanh(c_t), with c_t from this step.",
            )
        )
    if quantity == "h":
        found.append(
            Mistake(
                "lstm.no-tanh-c",
                "tanh(c_t) omitted from h_t (h = o ⊙ c)",
                "h",
                slipped(tanh_c=False),
                "The cell is squashed before the output gate scales it: h = o ⊙ tanh(c_t).",
            )
        )
    return tuple(found)


UPDATE_RULES = {
    "keep": "keep: h = z ⊙ h_prev + (1 − z) ⊙ h̃ (Cho et al., d2l, PyTorch, Keras)",
    "take": "take: h = (1 − z) ⊙ h_prev + z ⊙ h̃ (Chung et al., Andrew Ng, colah)",
}
RESET_RULES = {
    "after": "after the matmul, r ⊙ (W_hn·h_prev) (PyTorch, Keras reset_after=True)",
    "before": "before the matmul, W_hn·(r ⊙ h_prev) (Cho et al. 2014, final version; d2l)",
}


def gru_mistakes(
    parts: dict[str, np.ndarray],
    x: np.ndarray,
    h_prev: np.ndarray,
    quantity: str,
    update: str,
    reset: str,
) -> tuple[Mistake, ...]:
    asked = GRUSlips(update=update, reset=reset)

    def slipped(**slips: Any) -> list[float] | float:
        chosen = dataclasses.replace(asked, **slips)
        answer: list[float] | float = as_list(gru_by_hand(parts, x, h_prev, chosen)[quantity])
        return answer

    other_update = "take" if update == "keep" else "keep"
    other_reset = "before" if reset == "after" else "after"
    found = []
    if quantity == "h":
        found.append(
            Mistake(
                "gru.update-flipped",
                "the other update convention (z and 1 − z swapped)",
                "h",
                slipped(update=other_update),
                f"Your answer is right under {UPDATE_RULES[other_update]}; this question uses "
                f"{UPDATE_RULES[update]}.",
                convention=True,
            )
        )
    if quantity in ("n", "h") and h_prev.size > 1:  # for one unit, r·(w·h) = w·(r·h)
        found.append(
            Mistake(
                "gru.reset-wrong-side",
                "the reset gate on the wrong side of the matmul",
                "a_n",
                slipped(reset=other_reset),
                f"Your answer applies the reset {RESET_RULES[other_reset]}; this question "
                f"applies it {RESET_RULES[reset]}.",
                convention=True,
            )
        )
    found.append(
        Mistake(
            "gru.sigmoid-tanh-swapped",
            "σ and tanh swapped (gates through tanh, the candidate through σ)",
            quantity if quantity in ("r", "z") else "r",
            slipped(swap_activations=True),
            "r and z are gates, so σ; only the candidate h̃ uses tanh.",
        )
    )
    found.append(
        Mistake(
            "gru.bias-left-out",
            "the biases were left out",
            {"r": "a_r", "z": "a_z", "n": "a_n"}.get(quantity, "a_r"),
            slipped(bias=False),
            "Every pre-activation includes its bias b_r, b_z, b_n.",
        )
    )
    return tuple(found)


def rnn_mistakes(
    W_xh: np.ndarray, W_hh: np.ndarray, b: np.ndarray, xs: np.ndarray, nonlinearity: str
) -> tuple[Mistake, ...]:
    phi = np.tanh if nonlinearity == "tanh" else (lambda a: np.maximum(a, 0.0))
    no_bias = np.zeros(W_hh.shape[0])
    for x in xs:
        no_bias = phi(W_xh @ x + W_hh @ no_bias)
    last = len(xs)
    found = [
        Mistake(
            "rnn.bias-left-out",
            "the bias was left out",
            "a_1",
            as_list(no_bias),
            "Each step adds b: a_t = W_xh·x_t + W_hh·h_(t−1) + b.",
        )
    ]
    if last >= 2:
        found.append(
            Mistake(
                "rnn.no-recurrence",
                f"h_{last - 1} was not fed back (the W_hh term dropped)",
                f"a_{last}",
                as_list(phi(W_xh @ xs[-1] + b)),
                f"The recurrence carries the past: "
                f"a_{last} = W_xh·x_{last} + W_hh·h_{last - 1} + b.",
            )
        )
    return tuple(found)


def draw_rnn_weights(
    rng: np.random.Generator, hidden: int, inputs: int, weight_range: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """W_xh, W_hh in ±weight_range and b in ±0.5, one decimal, in this order."""
    W_xh = draw_rounded(rng, (hidden, inputs), -weight_range, weight_range)
    W_hh = draw_rounded(rng, (hidden, hidden), -weight_range, weight_range)
    return W_xh, W_hh, draw_rounded(rng, hidden, -0.5, 0.5)


def draw_gate_weights(
    rng: np.random.Generator, gates: str, hidden: int, inputs: int, weight_range: float
) -> dict[str, np.ndarray]:
    """W_x*, W_h* in ±weight_range and b_* in ±0.5 per gate, one decimal, in a fixed order.

    One draw for all of them: each is low + (high - low) · u on the generator's next doubles,
    in order, as ``rng.uniform`` computes it, so the numbers are those of one uniform draw per
    part (the pinned variants hold this).
    """
    w = weight_range
    blocks: list[tuple[str, tuple[int, ...], float, float]] = [
        ("W_x", (hidden, inputs), -w, w),
        ("W_h", (hidden, hidden), -w, w),
        ("b_", (hidden,), -0.5, 0.5),
    ]
    low: list[float] = []
    span: list[float] = []
    for _, shape, lo, hi in blocks:
        size = hidden * (shape[1] if len(shape) == 2 else 1)
        low += [lo] * size
        span += [hi - lo] * size
    per_gate = len(low)
    u = rng.random(per_gate * len(gates)).reshape(len(gates), per_gate)
    values = (np.array(low) + np.array(span) * u).round(1)
    values += 0.0  # -0.0 becomes 0.0, as draw_rounded does
    parts = {}
    for row, gate in zip(values, gates, strict=True):
        start = 0
        for kind, shape, _, _ in blocks:
            size = hidden * (shape[1] if len(shape) == 2 else 1)
            parts[f"{kind}{gate}"] = row[start : start + size].reshape(shape)
            start += size
    return parts


def _through(steps: list[WorkedStep], quantity: str) -> list[WorkedStep]:
    """The worked solution up to the quantity asked (a gate question needs no c or h)."""
    for index, step in enumerate(steps):
        if step.label == quantity:
            return steps[: index + 1]
    return steps

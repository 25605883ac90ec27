"""One LSTM step by hand (any gate, c_t, tanh(c_t) or h_t), computed by the engine.

Weights are drawn per gate (W_x*, W_h*, one bias b_*), as a textbook writes them; the prompt
states the equations (forget gate, no peepholes). The wrong methods are the step redone by
hand with one slip each (``quizapp.templates.mistakes``).
"""

from __future__ import annotations

from typing import Literal

import numpy as np

import engine
from quizapp.templates.base import (
    Field,
    Mistake,
    Params,
    Prose,
    Template,
    Variant,
    WorkedStep,
    as_list,
    matrix_block,
    vector_form,
)
from quizapp.templates.cells import HAND_TOLERANCE, draw_gate_step, steps_through
from quizapp.templates.mistakes import LSTMSlips, lstm_by_hand, lstm_gates, lstm_pre_activations
from quizapp.templates.prose import N_


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
    "i": N_("the input gate i_t"),
    "f": N_("the forget gate f_t"),
    "g": N_("the candidate g_t (C̃_t)"),
    "o": N_("the output gate o_t"),
    "c": N_("the cell state c_t"),
    "tanh_c": "tanh(c_t)",
    "h": N_("the hidden state h_t"),
}


class LSTMStep(Template):
    name = "lstm_step"
    summary = "One LSTM step by hand: any gate, c_t, tanh(c_t) or h_t."
    topics = ("numeric.lstm-step", "lstm.equations")
    params_model = LSTMStepParams

    def build(self, rng: np.random.Generator, p: LSTMStepParams, tr: Prose) -> Variant:
        parts, x, (h_prev, c_prev) = draw_gate_step(
            rng, "ifgo", p, states=2, zero_state=p.zero_state
        )
        cell = engine.LSTMCell.from_gates(**parts)
        step = cell.step(x, h_prev, c_prev).as_dict()
        givens = {k: as_list(v) for k, v in parts.items()}
        givens.update(x=as_list(x), h_prev=as_list(h_prev), c_prev=as_list(c_prev))
        listing = [(k, parts[k]) for k in parts] + [
            ("x", x),
            ("h_prev", h_prev),
            ("c_prev", c_prev),
        ]
        prompt = tr(
            "Use the LSTM equations with the forget gate (no peepholes): gates "
            "i, f, o = σ(W_x·x + W_h·h_prev + b), candidate g = tanh(W_xg·x + W_hg·h_prev + b_g), "
            "c = f ⊙ c_prev + i ⊙ g, h = o ⊙ tanh(c).\n\n"
            "Compute {quantity} from:\n\n{listing}",
            quantity=tr(QUANTITY_NAMES[p.quantity]),
            listing=matrix_block(listing),
        )
        steps = [WorkedStep(k, LSTM_FORMULAS[k], as_list(v)) for k, v in step.items()]
        steps = steps_through(steps, p.quantity)
        return Variant(
            givens=givens,
            prompt=prompt,
            answer=as_list(step[p.quantity]),
            tolerance=HAND_TOLERANCE,
            steps=steps,
            answer_form=vector_form(tr, p.hidden_size),
            mistakes=lstm_mistakes(parts, x, h_prev, c_prev, p.quantity, step, p.zero_state, tr),
        )


GATE_ACTIVATIONS = N_(
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
    tr: Prose,
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
                tr("the forget gate was left out (c = c_prev + i ⊙ g)"),
                "c",
                slipped(forget_gate=False),
                tr("The forget gate scales the old cell first: c = f ⊙ c_prev + i ⊙ g."),
            )
        )
    if quantity in ("i", "f"):
        other = "f" if quantity == "i" else "i"
        found.append(
            Mistake(
                "lstm.i-f-swapped",
                tr("i and f swapped (that is {other}_t)", other=other),
                quantity,
                as_list(step[other]),
                tr(
                    "f decides what of c_prev is kept; i decides how much of the candidate g is "
                    "written."
                ),
            )
        )
    elif later:
        found.append(
            Mistake(
                "lstm.i-f-swapped",
                tr("i and f swapped (c = i ⊙ c_prev + f ⊙ g)"),
                "c",
                slipped(swap_i_f=True),
                tr(
                    "f multiplies c_prev (what to keep); i multiplies the candidate g "
                    "(what to write)."
                ),
            )
        )
    found.append(
        Mistake(
            "lstm.sigmoid-tanh-swapped",
            tr("σ and tanh swapped (gates through tanh, the candidate through σ)"),
            quantity if gate else "i",
            slipped(swap_activations=True),
            tr(GATE_ACTIVATIONS),
        )
    )
    found.append(
        Mistake(
            "lstm.bias-left-out",
            tr("the biases were left out"),
            f"a_{quantity}" if gate else "a_i",
            slipped(bias=False),
            tr("Every pre-activation includes its bias: a = W_x·x + W_h·h_prev + b."),
        )
    )
    if quantity in ("tanh_c", "h"):
        found.append(
            Mistake(
                "lstm.old-cell-in-h",
                tr("c_(t−1) used where c_t belongs"),
                "tanh_c",
                slipped(old_cell_in_h=True),
                tr("h is computed after the new cell: h = o ⊙ tanh(c_t), with c_t from this step."),
            )
        )
    if quantity == "h":
        found.append(
            Mistake(
                "lstm.no-tanh-c",
                tr("tanh(c_t) omitted from h_t (h = o ⊙ c)"),
                "h",
                slipped(tanh_c=False),
                tr("The cell is squashed before the output gate scales it: h = o ⊙ tanh(c_t)."),
            )
        )
    return tuple(found)

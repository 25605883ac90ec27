"""One LSTM step by hand (any gate, c_t, tanh(c_t) or h_t), computed by the engine.

Weights are drawn per gate (W_x*, W_h*, one bias b_*), as a textbook writes them; the prompt
states the equations (forget gate, no peepholes). The wrong methods are the step redone by
hand with one slip each (``quizapp.templates.mistakes``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

import engine
from quizapp.templates.base import (
    DraftTemplate,
    Field,
    LazyDraft,
    Mistake,
    Params,
    Prose,
    Tolerance,
    Variant,
    WorkedStep,
    as_list,
    matrix_block,
    surely_collides,
    vector_form,
)
from quizapp.templates.cells import HAND_TOLERANCE, draw_gate_step, steps_through
from quizapp.templates.mistakes import (
    LSTMSlips,
    lstm_by_hand,
    lstm_gates,
    lstm_pre_activations,
    lstm_weighted_sums,
)
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


class ByHand:
    """The step redone by hand (``mistakes.lstm_by_hand``) under any slips, what the slips
    share worked out once: the weighted sums, the pre-activations per bias choice, the gates
    per bias and activation choice, and each slipped step."""

    def __init__(
        self, parts: dict[str, np.ndarray], x: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray
    ) -> None:
        self.parts, self.x, self.h_prev, self.c_prev = parts, x, h_prev, c_prev
        self._sums = lstm_weighted_sums(parts, x, h_prev)  # the same with or without biases
        self._pre: dict[bool, dict[str, np.ndarray]] = {}
        self._gates: dict[tuple[bool, bool], dict[str, np.ndarray]] = {}
        self._steps: dict[LSTMSlips, dict[str, np.ndarray]] = {}

    def step(self, slips: LSTMSlips) -> dict[str, np.ndarray]:
        done = self._steps.get(slips)
        if done is None:
            parts, x, h_prev = self.parts, self.x, self.h_prev
            which = (slips.bias, slips.swap_activations)
            if which not in self._gates:
                if slips.bias not in self._pre:
                    self._pre[slips.bias] = lstm_pre_activations(
                        parts, x, h_prev, slips.bias, self._sums
                    )
                self._gates[which] = lstm_gates(parts, x, h_prev, *which, pre=self._pre[slips.bias])
            done = lstm_by_hand(parts, x, h_prev, self.c_prev, slips, self._gates[which])
            self._steps[slips] = done
        return done


@dataclass(frozen=True, eq=False)
class LSTMDraft(LazyDraft):
    """The drawn numbers; the engine's step and the slips' answers when first read. A draw is
    ruled out before the engine runs when, on the step redone by hand (the engine's numbers
    to within rounding), a slip lands well within the tolerance."""

    parts: dict[str, np.ndarray]
    x: np.ndarray
    h_prev: np.ndarray
    c_prev: np.ndarray
    quantity: str
    zero_state: bool
    hand: ByHand
    tolerance: Tolerance = HAND_TOLERANCE

    @functools.cached_property
    def step(self) -> dict[str, np.ndarray]:
        """The engine's step: every intermediate of the worked solution."""
        cell = engine.LSTMCell.from_gates(**self.parts)
        return cell.step(self.x, self.h_prev, self.c_prev).as_dict()

    def exact(self) -> tuple[list[float] | float, tuple[list[float] | float, ...]]:
        slips = lstm_slip_answers(self.hand, self.quantity, self.step, self.zero_state)
        return as_list(self.step[self.quantity]), slips

    def surely_collides(self) -> bool:
        estimate = self.hand.step(NO_SLIP)
        slips = lstm_slip_answers(self.hand, self.quantity, estimate, self.zero_state)
        return surely_collides(as_list(estimate[self.quantity]), self.tolerance, slips)


class LSTMStep(DraftTemplate):
    name = "lstm_step"
    summary = "One LSTM step by hand: any gate, c_t, tanh(c_t) or h_t."
    topics = ("numeric.lstm-step", "lstm.equations")
    params_model = LSTMStepParams

    def numbers(self, rng: np.random.Generator, p: LSTMStepParams) -> LSTMDraft:
        parts, x, (h_prev, c_prev) = draw_gate_step(
            rng, "ifgo", p, states=2, zero_state=p.zero_state
        )
        hand = ByHand(parts, x, h_prev, c_prev)
        return LSTMDraft(parts, x, h_prev, c_prev, p.quantity, p.zero_state, hand)

    def render(self, d: LSTMDraft, p: LSTMStepParams, tr: Prose) -> Variant:
        parts, x, h_prev, c_prev = d.parts, d.x, d.h_prev, d.c_prev
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
        steps = [WorkedStep(k, LSTM_FORMULAS[k], as_list(v)) for k, v in d.step.items()]
        steps = steps_through(steps, p.quantity)
        return Variant(
            givens=givens,
            prompt=prompt,
            answer=d.answer,
            tolerance=d.tolerance,
            steps=steps,
            answer_form=vector_form(tr, p.hidden_size),
            mistakes=lstm_mistakes(d.slips, p.quantity, p.zero_state, tr),
        )


GATE_ACTIVATIONS = N_(
    "Gates use σ, so their values lie in (0, 1) and read as 'how much passes'; only the "
    "candidate and the squash of the cell use tanh."
)


def lstm_slip_ids(quantity: str, zero_state: bool) -> list[str]:
    """The slips that change the asked quantity, in the order the variant lists them."""
    later = quantity in ("c", "tanh_c", "h")
    ids = []
    if later and not zero_state:  # from c_prev = 0 the forget gate multiplies nothing
        ids.append("lstm.no-forget-gate")
    if quantity in ("i", "f") or later:
        ids.append("lstm.i-f-swapped")
    ids += ["lstm.sigmoid-tanh-swapped", "lstm.bias-left-out"]
    if quantity in ("tanh_c", "h"):
        ids.append("lstm.old-cell-in-h")
    if quantity == "h":
        ids.append("lstm.no-tanh-c")
    return ids


SLIPS = {  # what each slip changes in the step redone by hand
    "lstm.no-forget-gate": LSTMSlips(forget_gate=False),
    "lstm.i-f-swapped": LSTMSlips(swap_i_f=True),
    "lstm.sigmoid-tanh-swapped": LSTMSlips(swap_activations=True),
    "lstm.bias-left-out": LSTMSlips(bias=False),
    "lstm.old-cell-in-h": LSTMSlips(old_cell_in_h=True),
    "lstm.no-tanh-c": LSTMSlips(tanh_c=False),
}


NO_SLIP = LSTMSlips()


def lstm_slip_answers(
    hand: ByHand, quantity: str, step: Mapping[str, np.ndarray], zero_state: bool
) -> tuple[list[float] | float, ...]:
    """Each slip's answer (``lstm_slip_ids`` order): the step redone by hand with that slip;
    i and f swapped in a gate question is the other gate's value in ``step``."""

    def slipped(slip: str) -> list[float] | float:
        if slip == "lstm.i-f-swapped" and quantity in ("i", "f"):  # the other gate's value
            answer: list[float] | float = as_list(step["f" if quantity == "i" else "i"])
            return answer
        answer = as_list(hand.step(SLIPS[slip])[quantity])
        return answer

    return tuple(slipped(slip) for slip in lstm_slip_ids(quantity, zero_state))


def lstm_mistakes(
    answers: tuple[list[float] | float, ...], quantity: str, zero_state: bool, tr: Prose
) -> tuple[Mistake, ...]:
    """The slips that change the asked quantity, each with the step where it happens and its
    answer (``lstm_slip_answers``)."""
    found = []
    for slip, answer in zip(lstm_slip_ids(quantity, zero_state), answers, strict=True):
        name, step, explanation = _slip_text(slip, quantity, tr)
        found.append(Mistake(slip, name, step, answer, explanation))
    return tuple(found)


@functools.lru_cache(maxsize=512)  # the same words on every draw of a question
def _slip_text(slip: str, quantity: str, tr: Prose) -> tuple[str, str, str]:
    """What the learner did, the worked step where it goes astray, and what that step does."""
    gate = quantity in ("i", "f", "g", "o")
    if slip == "lstm.no-forget-gate":
        return (
            tr("the forget gate was left out (c = c_prev + i ⊙ g)"),
            "c",
            tr("The forget gate scales the old cell first: c = f ⊙ c_prev + i ⊙ g."),
        )
    if slip == "lstm.i-f-swapped" and quantity in ("i", "f"):
        return (
            tr("i and f swapped (that is {other}_t)", other="f" if quantity == "i" else "i"),
            quantity,
            tr(
                "f decides what of c_prev is kept; i decides how much of the candidate g is "
                "written."
            ),
        )
    if slip == "lstm.i-f-swapped":
        return (
            tr("i and f swapped (c = i ⊙ c_prev + f ⊙ g)"),
            "c",
            tr("f multiplies c_prev (what to keep); i multiplies the candidate g (what to write)."),
        )
    if slip == "lstm.sigmoid-tanh-swapped":
        return (
            tr("σ and tanh swapped (gates through tanh, the candidate through σ)"),
            quantity if gate else "i",
            tr(GATE_ACTIVATIONS),
        )
    if slip == "lstm.bias-left-out":
        return (
            tr("the biases were left out"),
            f"a_{quantity}" if gate else "a_i",
            tr("Every pre-activation includes its bias: a = W_x·x + W_h·h_prev + b."),
        )
    if slip == "lstm.old-cell-in-h":
        return (
            tr("c_(t−1) used where c_t belongs"),
            "tanh_c",
            tr("h is computed after the new cell: h = o ⊙ tanh(c_t), with c_t from this step."),
        )
    return (
        tr("tanh(c_t) omitted from h_t (h = o ⊙ c)"),
        "h",
        tr("The cell is squashed before the output gate scales it: h = o ⊙ tanh(c_t)."),
    )

"""One GRU step by hand under a stated update convention and reset placement, by the engine.

Which way z updates (keep: z near 1 keeps the past, as in Cho et al. and PyTorch; take: the
other way) and where the reset gate acts (after the hidden matmul, as in PyTorch and Keras
reset_after=True, or before it, as in Cho et al.'s final version and d2l) both change the
answer, so the prompt states them and the other choice's answer is a convention, not a slip.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any, Literal

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
from quizapp.templates.mistakes import GRUByHand, GRUSlips
from quizapp.templates.prose import N_

QUANTITY_NAMES = {
    "r": N_("the reset gate r_t"),
    "z": N_("the update gate z_t"),
    "n": N_("the candidate h̃_t (n_t)"),
    "h": N_("the hidden state h_t"),
}


class GRUStepParams(Params):
    quantity: Literal["r", "z", "n", "h"] = "h"
    update: Literal["keep", "take"] = "keep"
    reset: Literal["before", "after"] = "after"
    input_size: int = Field(2, ge=1, le=3)
    hidden_size: int = Field(2, ge=1, le=3)
    weight_range: float = Field(1.0, gt=0, le=3)


@dataclass(frozen=True, eq=False)
class GRUDraft(LazyDraft):
    """The drawn numbers and the slips' answers (by hand); the engine's step when first read.
    A draw is ruled out before the engine runs when, on the step redone by hand without a
    slip (the engine's numbers to within rounding), a slip lands well within the tolerance."""

    parts: dict[str, np.ndarray]
    x: np.ndarray
    h_prev: np.ndarray
    p: GRUStepParams
    hand: GRUByHand
    slip_answers: tuple[list[float] | float, ...]
    tolerance: Tolerance = HAND_TOLERANCE

    @functools.cached_property
    def step(self) -> dict[str, np.ndarray]:
        """The engine's step: every intermediate of the worked solution."""
        p = self.p
        cell = engine.GRUCell.from_gates(update=p.update, reset=p.reset, **self.parts)
        return cell.step(self.x, self.h_prev).as_dict()

    def exact(self) -> tuple[list[float] | float, tuple[list[float] | float, ...]]:
        return as_list(self.step[self.p.quantity]), self.slip_answers

    def surely_collides(self) -> bool:
        p = self.p
        asked = GRUSlips(update=p.update, reset=p.reset)
        estimate = as_list(self.hand.step(asked)[p.quantity])
        return surely_collides(estimate, self.tolerance, self.slip_answers)


class GRUStep(DraftTemplate):
    name = "gru_step"
    summary = "One GRU step by hand under a stated update convention and reset placement."
    topics = ("numeric.gru-step", "gru.update-convention")
    params_model = GRUStepParams

    def numbers(self, rng: np.random.Generator, p: GRUStepParams) -> GRUDraft:
        parts, x, (h_prev,) = draw_gate_step(rng, "rzn", p)
        hand = GRUByHand(parts, x, h_prev)
        slips = gru_slip_answers(hand, p.quantity, p.update, p.reset)
        return GRUDraft(parts, x, h_prev, p, hand, slips)

    def render(self, d: GRUDraft, p: GRUStepParams, tr: Prose) -> Variant:
        parts, x, h_prev, step = d.parts, d.x, d.h_prev, d.step
        if p.reset == "after":
            candidate = tr(
                "h̃ = tanh(W_xn·x + b_n + r ⊙ (W_hn·h_prev))"
                "  (reset after the matmul, as in PyTorch and Keras reset_after=True,"
                " which also add a second bias inside the reset, r ⊙ (W_hn·h_prev + b_hn);"
                " here there is one bias b_n, outside the reset)"
            )
            hn_formula = "W_hn·h_prev"
            an_formula = "a_n = W_xn·x + b_n + r ⊙ (W_hn·h_prev)"
        else:
            candidate = tr(
                "h̃ = tanh(W_xn·x + W_hn·(r ⊙ h_prev) + b_n)"
                "  (reset before the matmul: Cho et al. 2014 final version, d2l)"
            )
            hn_formula = "W_hn·(r ⊙ h_prev)"
            an_formula = "a_n = W_xn·x + W_hn·(r ⊙ h_prev) + b_n"
        if p.update == "keep":
            update = tr(
                "h = z ⊙ h_prev + (1 − z) ⊙ h̃"
                "  (z near 1 keeps the past: Cho et al., d2l, PyTorch, Keras)"
            )
            h_formula = "h = z ⊙ h_prev + (1 − z) ⊙ h̃"
        else:
            update = tr(
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
        prompt = tr(
            "Use this GRU: r = σ(W_xr·x + W_hr·h_prev + b_r), z = σ(W_xz·x + W_hz·h_prev + b_z),\n"
            "{candidate},\n{update}.\n\n"
            "Compute {quantity} from:\n\n{listing}",
            candidate=candidate,
            update=update,
            quantity=tr(QUANTITY_NAMES[p.quantity]),
            listing=matrix_block(listing),
        )
        steps = steps_through(
            [WorkedStep(k, formulas[k], as_list(v)) for k, v in step.items()], p.quantity
        )
        givens = {k: as_list(v) for k, v in parts.items()}
        givens.update(x=as_list(x), h_prev=as_list(h_prev))
        return Variant(
            givens=givens,
            prompt=prompt,
            answer=d.answer,
            tolerance=d.tolerance,
            steps=steps,
            answer_form=vector_form(tr, p.hidden_size),
            extras={"update": p.update, "reset": p.reset},
            mistakes=gru_mistakes(d.slips, p.quantity, p.update, p.reset, h_prev.size, tr),
        )


UPDATE_RULES = {
    "keep": N_("keep: h = z ⊙ h_prev + (1 − z) ⊙ h̃ (Cho et al., d2l, PyTorch, Keras)"),
    "take": N_("take: h = (1 − z) ⊙ h_prev + z ⊙ h̃ (Chung et al., Andrew Ng, colah)"),
}
RESET_RULES = {
    "after": N_(
        "after the matmul, r ⊙ (W_hn·h_prev) (as in PyTorch and Keras reset_after=True,"
        " which also add a bias b_hn inside the reset)"
    ),
    "before": N_("before the matmul, W_hn·(r ⊙ h_prev) (Cho et al. 2014, final version; d2l)"),
}


def gru_slip_ids(quantity: str, hidden: int) -> list[str]:
    """The slips listed for ``quantity``, in the variant's order."""
    ids = ["gru.update-flipped"] if quantity == "h" else []
    if quantity in ("n", "h") and hidden > 1:  # for one unit, r·(w·h) = w·(r·h)
        ids.append("gru.reset-wrong-side")
    return [*ids, "gru.sigmoid-tanh-swapped", "gru.bias-left-out"]


def gru_slip_answers(
    hand: GRUByHand, quantity: str, update: str, reset: str
) -> tuple[list[float] | float, ...]:
    """Each slip's answer (``gru_slip_ids`` order): the step redone by hand with that slip."""
    chosen = _slips(quantity, update, reset, hand.h_prev.size)
    return tuple(as_list(hand.step(slips)[quantity]) for slips in chosen)


@functools.lru_cache(maxsize=256)
def _slips(quantity: str, update: str, reset: str, hidden: int) -> tuple[GRUSlips, ...]:
    """What each listed slip changes in the step asked (``gru_slip_ids`` order)."""
    asked = GRUSlips(update=update, reset=reset)
    changes: dict[str, dict[str, Any]] = {
        "gru.update-flipped": {"update": "take" if update == "keep" else "keep"},
        "gru.reset-wrong-side": {"reset": "before" if reset == "after" else "after"},
        "gru.sigmoid-tanh-swapped": {"swap_activations": True},
        "gru.bias-left-out": {"bias": False},
    }
    return tuple(
        dataclasses.replace(asked, **changes[slip]) for slip in gru_slip_ids(quantity, hidden)
    )


def gru_mistakes(
    answers: tuple[list[float] | float, ...],
    quantity: str,
    update: str,
    reset: str,
    hidden: int,
    tr: Prose,
) -> tuple[Mistake, ...]:
    """The slips with their names, steps and explanations, and their answers."""
    texts = _mistake_texts(quantity, update, reset, hidden, tr)
    return tuple(
        Mistake(slip, name, step, answer, explanation, convention=convention)
        for (slip, name, step, explanation, convention), answer in zip(texts, answers, strict=True)
    )


@functools.lru_cache(maxsize=256)  # the same words on every draw of a question
def _mistake_texts(
    quantity: str, update: str, reset: str, hidden: int, tr: Prose
) -> tuple[tuple[str, str, str, str, bool], ...]:
    """Each listed slip's id, name, worked step, explanation and whether it is a convention."""
    other_update = "take" if update == "keep" else "keep"
    other_reset = "before" if reset == "after" else "after"
    found = []
    for slip in gru_slip_ids(quantity, hidden):
        if slip == "gru.update-flipped":
            mistake = (
                slip,
                tr("the other update convention (z and 1 − z swapped)"),
                "h",
                tr(
                    "Your answer is right under {other}; this question uses {asked}.",
                    other=tr(UPDATE_RULES[other_update]),
                    asked=tr(UPDATE_RULES[update]),
                ),
                True,
            )
        elif slip == "gru.reset-wrong-side":
            mistake = (
                slip,
                tr("the reset gate on the wrong side of the matmul"),
                "a_n",
                tr(
                    "Your answer applies the reset {other}; this question applies it {asked}.",
                    other=tr(RESET_RULES[other_reset]),
                    asked=tr(RESET_RULES[reset]),
                ),
                True,
            )
        elif slip == "gru.sigmoid-tanh-swapped":
            mistake = (
                slip,
                tr("σ and tanh swapped (gates through tanh, the candidate through σ)"),
                quantity if quantity in ("r", "z") else "r",
                tr("r and z are gates, so σ; only the candidate h̃ uses tanh."),
                False,
            )
        else:
            mistake = (
                slip,
                tr("the biases were left out"),
                {"r": "a_r", "z": "a_z", "n": "a_n"}.get(quantity, "a_r"),
                tr("Every pre-activation includes its bias b_r, b_z, b_n."),
                False,
            )
        found.append(mistake)
    return tuple(found)

"""dL/dW_hh of a tanh RNN as BPTT's double sum over t and k, term by term from the engine.

    dL/dW_hh = sum_t sum_{k<=t} (dL_t/dh_t) (dh_t/dh_k) (d+h_k/dW_hh)

(Pascanu, Mikolov & Bengio 2013, sec. 2, eqs. 3-5). The loss is linear in the states (L_t is
the sum of h_t's entries), so dL_t/dh_t is a vector of ones and every number a learner writes
is a state, a tanh slope or a product of them. The answer and the term table come from
``engine.derivations.rnn_weight_gradient_terms``; the wrong methods are redone by hand with one
slip each (``bptt_by_hand``), and with no slip that hand computation equals the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

import engine
from engine.derivations import rnn_weight_gradient_terms
from quizapp.templates.base import (
    Mistake,
    Params,
    Prose,
    Template,
    Tolerance,
    Variant,
    WorkedStep,
    as_list,
    draw_rounded,
    fmt,
    matrix_block,
    vector_form,
)
from quizapp.templates.cells import draw_rnn_weights
from quizapp.templates.lstm_jacobian import matrix_answer
from quizapp.templates.params import Field
from quizapp.templates.prose import N_


@dataclass(frozen=True)
class BPTTSlips:
    through_time: bool = True  # False: only the k = t terms (no backpropagation through time)
    all_losses: bool = True  # False: only the last loss L_T
    previous_state: bool = True  # False: d+h_k/dW uses h_k instead of h_(k-1)
    tanh_derivative: bool = True  # False: every (1 - h^2) factor left out


def bptt_by_hand(
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    b: np.ndarray,
    xs: np.ndarray,
    h0: np.ndarray,
    loss: str,
    slips: BPTTSlips,
) -> np.ndarray:
    """dL/dW_hh for L = sum over the chosen steps of sum(h_t), the double sum written out."""
    return BPTTByHand(W_xh, W_hh, b, xs, h0).gradient(loss, slips)


class BPTTByHand:
    """``bptt_by_hand`` for one set of numbers under several slips: the forward pass, each
    slope, each backpropagated signal and each term worked out once, by the same operations
    in the same order (a signal from step t to k is the one to k + 1 taken one step further),
    so every gradient is the one ``bptt_by_hand`` gives."""

    def __init__(
        self, W_xh: np.ndarray, W_hh: np.ndarray, b: np.ndarray, xs: np.ndarray, h0: np.ndarray
    ) -> None:
        self.W_hh = W_hh
        self.hs = [h0]
        for x in xs:
            self.hs.append(np.tanh(W_xh @ x + W_hh @ self.hs[-1] + b))
        self._slopes: dict[tuple[int, bool], np.ndarray] = {}
        self._backs: dict[tuple[int, int, bool], np.ndarray] = {}
        self._terms: dict[tuple[int, int, bool, bool], np.ndarray] = {}

    def gradient(self, loss: str, slips: BPTTSlips) -> np.ndarray:
        T = len(self.hs) - 1
        losses = range(1, T + 1) if (loss == "sum" and slips.all_losses) else [T]
        grad = np.zeros_like(self.W_hh)
        for t in losses:
            first = 1 if slips.through_time else t
            for k in range(first, t + 1):
                grad += self._term(t, k, slips.tanh_derivative, slips.previous_state)
        return grad

    def _term(self, t: int, k: int, derivative: bool, previous: bool) -> np.ndarray:
        key = (t, k, derivative, previous)
        term = self._terms.get(key)
        if term is None:
            state = self.hs[k - 1] if previous else self.hs[k]
            back = self._back(t, k, derivative)
            term = self._terms[key] = np.outer(back * self._slope(k, derivative), state)
        return term

    def _back(self, t: int, k: int, derivative: bool) -> np.ndarray:
        """(dh_t/dh_k)^T applied to dL_t/dh_t = ones, one step at a time."""
        key = (t, k, derivative)
        back = self._backs.get(key)
        if back is None:
            if k == t:
                back = np.ones_like(self.hs[t])
            else:
                later = self._back(t, k + 1, derivative)
                back = self.W_hh.T @ (self._slope(k + 1, derivative) * later)
            self._backs[key] = back
        return back

    def _slope(self, t: int, derivative: bool) -> np.ndarray:
        key = (t, derivative)
        slope = self._slopes.get(key)
        if slope is None:
            h = self.hs[t]
            slope = self._slopes[key] = 1.0 - h**2 if derivative else np.ones_like(h)
        return slope


class BPTTParams(Params):
    hidden_size: int = Field(1, ge=1, le=2)
    steps: int = Field(3, ge=2, le=4)
    loss: Literal["sum", "last"] = "sum"
    weight_range: float = Field(1.0, gt=0, le=2)


class RNNWeightGradient(Template):
    name = "rnn_weight_gradient"
    summary = "dL/dW_hh of a tanh RNN as BPTT's double sum over t and k (engine terms)."
    topics = ("derive.bptt-double-sum", "rnn.bptt-jacobian")
    params_model = BPTTParams

    def build(self, rng: np.random.Generator, p: BPTTParams, tr: Prose) -> Variant:
        H, T = p.hidden_size, p.steps
        W_xh, W_hh, b = draw_rnn_weights(rng, H, 1, p.weight_range)
        xs = draw_rounded(rng, (T, 1), -1, 1)
        h0 = draw_rounded(rng, H, -0.5, 0.5)
        cell = engine.RNNCell.from_textbook(W_xh, W_hh, b)
        grad_hs = np.ones((T, H))  # dL_t/dh_t for L_t = sum(h_t)
        if p.loss == "last":
            grad_hs[:-1] = 0.0
        terms = rnn_weight_gradient_terms(cell, xs, h0, grad_hs)
        total = terms.sum(axis=(0, 1))
        states = [s.h for s in cell.forward(xs, h0)]
        steps = _steps(states, h0, W_hh, terms, tr)
        losses = " + ".join(_state_sum(t, H) for t in range(1, T + 1))
        loss_text = (
            f"L = {losses}"
            if p.loss == "sum"
            else tr("L = {loss} (last step)", loss=_state_sum(T, H))
        )
        if H == 1:
            w, u, bias = float(W_hh[0, 0]), float(W_xh[0, 0]), float(b[0])
            pre = _signed_sum([(u, "·x_t"), (w, "·h_(t−1)"), (bias, "")])
            prompt = tr(
                "A one-unit RNN computes h_t = tanh({pre}) from "
                "h_0 = {h0}, with inputs x = {xs}. The loss is "
                "{loss}. Compute ∂L/∂w, where w = {w} is the recurrent weight.",
                pre=pre,
                h0=_num(float(h0[0])),
                xs=fmt(xs[:, 0], 1),
                loss=loss_text,
                w=_num(w),
            )
            form = vector_form(tr, 1)
        else:
            prompt = tr(
                "An RNN computes h_t = tanh(W_xh·x_t + W_hh·h_(t−1) + b) on column vectors, with "
                "a scalar input. The loss is {loss}. Compute ∂L/∂W_hh as 4 numbers row by "
                "row, entry [i][j] = ∂L/∂W_hh[i][j] (W_hh[i][j] multiplies h_(t−1)[j] into "
                "unit i).\n\n{listing}",
                loss=loss_text,
                listing=matrix_block(
                    [("W_xh", W_xh), ("W_hh", W_hh), ("b", b), ("h_0", h0), ("x", xs[:, 0])]
                ),
            )
            form = tr("{count} numbers, row by row, to 3 decimals", count=H * H)
        by_hand = {
            "bptt.immediate-only": BPTTSlips(through_time=False),
            "bptt.last-loss-only": BPTTSlips(all_losses=False),
            "bptt.state-not-previous": BPTTSlips(previous_state=False),
            "bptt.no-tanh-derivative": BPTTSlips(tanh_derivative=False),
        }
        if p.loss == "last":
            del by_hand["bptt.last-loss-only"]
        hand = BPTTByHand(W_xh, W_hh, b, xs, h0)
        mistakes = [
            Mistake(
                slip_id,
                tr(NAMES[slip_id]),
                tr(STEP_OF[slip_id]),
                matrix_answer(hand.gradient(p.loss, slips)),
                tr(EXPLAIN[slip_id]),
            )
            for slip_id, slips in by_hand.items()
        ]
        if H > 1:
            mistakes.append(
                Mistake(
                    "bptt.transposed",
                    tr("the transposed layout (the row-vector convention's W_hh)"),
                    "∂L/∂W_hh",
                    matrix_answer(total.T),
                    tr(
                        "Entry [i][j] is ∂L/∂W_hh[i][j]: the backpropagated signal of unit i "
                        "times h_(k−1)[j]. Writing h_t = φ(x_t·W_xh + h_(t−1)·W_hh + b) with row "
                        "vectors (d2l) makes W_hh, and its gradient, the transpose."
                    ),
                    convention=True,
                )
            )
        return Variant(
            givens={
                "W_xh": as_list(W_xh),
                "W_hh": as_list(W_hh),
                "b": as_list(b),
                "h0": as_list(h0),
                "xs": as_list(xs[:, 0]),
                "loss": p.loss,
            },
            prompt=prompt,
            answer=matrix_answer(total),
            tolerance=Tolerance(abs=0.01),
            steps=steps,
            answer_form=form,
            mistakes=tuple(mistakes),
        )


def _signed_sum(terms: list[tuple[float, str]]) -> str:
    """``-0.2·x_t − 0.3·h_(t−1) + 0.1``: each later term's sign as the operator before it."""
    (first, first_name), *rest = terms
    text = f"{_num(first)}{first_name}"
    for value, name in rest:
        text += f" {'−' if value < 0 else '+'} {_num(abs(value))}{name}"
    return text


def _num(value: float) -> str:
    return fmt(value, 2)


def _state_sum(t: int, H: int) -> str:
    return f"h_{t}" if H == 1 else f"(h_{t}[1] + h_{t}[2])"


def _steps(
    states: list[np.ndarray], h0: np.ndarray, W_hh: np.ndarray, terms: np.ndarray, tr: Prose
) -> list[WorkedStep]:
    T = len(states)
    hs = [h0, *states]
    steps = [
        WorkedStep(
            f"h_{t}",
            f"h_{t} = tanh(W_xh·x_{t} + W_hh·h_{t - 1} + b)",
            matrix_answer(np.atleast_2d(hs[t])),
        )
        for t in range(1, T + 1)
    ]
    for t in range(2, T + 1):
        jac = (1.0 - hs[t] ** 2)[:, None] * W_hh
        steps.append(WorkedStep(f"∂h_{t}/∂h_{t - 1}", f"diag(1 − h_{t}²)·W_hh", matrix_answer(jac)))
    for k in range(1, T + 1):
        immediate = np.outer(1.0 - hs[k] ** 2, hs[k - 1])
        if immediate.size == 1:
            formula = tr("(1 − h_{k}²)·h_{previous}, h_{previous} held fixed", k=k, previous=k - 1)
        else:
            formula = tr(
                "entry [i][j] = ∂⁺h_{k}[i]/∂W_hh[i][j] = (1 − h_{k}[i]²)·h_{previous}[j], "
                "h_{previous} held fixed",
                k=k,
                previous=k - 1,
            )
        steps.append(WorkedStep(f"∂⁺h_{k}/∂W_hh", formula, matrix_answer(immediate)))
    diagonal = sum(terms[t, t] for t in range(T))
    steps.append(WorkedStep(tr(DIAGONAL), "Σ_t (∂L_t/∂h_t)·∂⁺h_t/∂W_hh", matrix_answer(diagonal)))
    for t in range(T):
        for k in range(t):
            label = tr("term t={t}, k={k}", t=t + 1, k=k + 1)
            formula = f"(∂L_{t + 1}/∂h_{t + 1})·(∂h_{t + 1}/∂h_{k + 1})·∂⁺h_{k + 1}/∂W_hh"
            steps.append(WorkedStep(label, formula, matrix_answer(terms[t, k])))
    steps.append(
        WorkedStep(
            "∂L/∂W_hh",
            tr("sum of every term (the engine's BPTT)"),
            matrix_answer(terms.sum(axis=(0, 1))),
        )
    )
    return steps


DIAGONAL = N_("k = t terms")
NAMES = {
    "bptt.immediate-only": N_("only the k = t terms (no backpropagation through time)"),
    "bptt.last-loss-only": N_("only the last loss L_T counted"),
    "bptt.state-not-previous": N_("∂⁺h_k/∂W_hh taken with h_k instead of h_(k−1)"),
    "bptt.no-tanh-derivative": N_("every tanh' factor (1 − h²) left out"),
}
STEP_OF = {
    "bptt.immediate-only": DIAGONAL,
    "bptt.last-loss-only": "∂L/∂W_hh",
    "bptt.state-not-previous": "∂⁺h_1/∂W_hh",
    "bptt.no-tanh-derivative": "∂⁺h_1/∂W_hh",
}
EXPLAIN = {
    "bptt.immediate-only": N_(
        "W_hh also moved every earlier state, and h_k reaches L_t through ∂h_t/∂h_k: add the "
        "k < t terms."
    ),
    "bptt.last-loss-only": N_("L sums the losses of every step: add ∂L_t/∂W_hh for each t."),
    "bptt.state-not-previous": N_(
        "W_hh multiplies h_(k−1) at step k, so ∂a_k/∂W_hh[i][j] = h_(k−1)[j]."
    ),
    "bptt.no-tanh-derivative": N_(
        "Each step passes through tanh: its slope 1 − h_k² scales the immediate term and "
        "every Jacobian."
    ),
}

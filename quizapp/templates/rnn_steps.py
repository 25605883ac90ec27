"""A vanilla RNN by hand: h_t after one or a few steps from h_0 = 0, computed by the engine."""

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
    Tolerance,
    Variant,
    WorkedStep,
    as_list,
    draw_rounded,
    matrix_block,
    vector_form,
)
from quizapp.templates.cells import HAND_TOLERANCE, draw_rnn_weights


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

    def build(self, rng: np.random.Generator, p: RNNStepsParams, tr: Prose) -> Variant:
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
        prompt = tr(
            "A vanilla RNN computes h_t = {phi}(W_xh·x_t + W_hh·h_(t−1) + b) with h_0 = 0.\n\n"
            "Compute {which} from:\n\n{listing}",
            phi=phi,
            which=which,
            listing=matrix_block(listing),
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
            answer_form=vector_form(tr, H),
            mistakes=rnn_mistakes(W_xh, W_hh, b, xs, p.nonlinearity, tr),
        )


def rnn_mistakes(
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    b: np.ndarray,
    xs: np.ndarray,
    nonlinearity: str,
    tr: Prose,
) -> tuple[Mistake, ...]:
    phi = np.tanh if nonlinearity == "tanh" else (lambda a: np.maximum(a, 0.0))
    no_bias = np.zeros(W_hh.shape[0])
    for x in xs:
        no_bias = phi(W_xh @ x + W_hh @ no_bias)
    last = len(xs)
    found = [
        Mistake(
            "rnn.bias-left-out",
            tr("the bias was left out"),
            "a_1",
            as_list(no_bias),
            tr("Each step adds b: a_t = W_xh·x_t + W_hh·h_(t−1) + b."),
        )
    ]
    if last >= 2:
        found.append(
            Mistake(
                "rnn.no-recurrence",
                tr("h_{previous} was not fed back (the W_hh term dropped)", previous=last - 1),
                f"a_{last}",
                as_list(phi(W_xh @ xs[-1] + b)),
                tr(
                    "The recurrence carries the past: "
                    "a_{last} = W_xh·x_{last} + W_hh·h_{previous} + b.",
                    last=last,
                    previous=last - 1,
                ),
            )
        )
    return tuple(found)

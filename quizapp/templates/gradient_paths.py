"""How a gradient travels back through time, as a product of one factor per step.

A one-unit tanh RNN's dh_T/dh_0 = Π w·(1 − h_t²), and the LSTM's direct cell-state path
dC_T/dC_0 = Π f_t: the vanishing/exploding arithmetic, computed by the engine.
"""

from __future__ import annotations

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
    figures_form,
    fmt,
)


class RNNGradientParams(Params):
    steps: int = Field(3, ge=1, le=6)
    weight_low: float = Field(0.5, gt=0, le=5)
    weight_high: float = Field(2.0, gt=0, le=5)

    def check(self) -> None:
        if self.weight_low > self.weight_high:
            raise ValueError("weight_low must not exceed weight_high")


class RNNGradientNorm(Template):
    """One hidden unit, so the Jacobian is a number: dh_T/dh_0 = Π w·(1 − h_t²)."""

    name = "rnn_gradient"
    summary = "dh_T/dh_0 of a one-unit tanh RNN: the product of one factor per step."
    topics = ("numeric.gradient-norm", "rnn.bptt-jacobian")
    params_model = RNNGradientParams

    def build(self, rng: np.random.Generator, p: RNNGradientParams, tr: Prose) -> Variant:
        w = float(np.round(rng.uniform(p.weight_low, p.weight_high), 1))
        u = float(np.round(rng.uniform(-1, 1), 1)) + 0.0  # + 0.0: never show -0.0
        xs = draw_rounded(rng, (p.steps, 1), -1, 1)
        h0 = float(np.round(rng.uniform(-0.5, 0.5), 1)) + 0.0
        cell = engine.RNNCell(np.array([[u]]), np.array([[w]]))
        states = cell.forward(xs, np.array([h0]))
        jacobians = engine.step_jacobians(cell, xs, np.array([h0]))
        total = float(engine.jacobian_product(jacobians)[0, 0])
        steps = []
        for t, (state, jac) in enumerate(zip(states, jacobians, strict=True), start=1):
            steps.append(
                WorkedStep(f"h_{t}", f"h_{t} = tanh({u}·x_{t} + {w}·h_{t - 1})", float(state.h[0]))
            )
            steps.append(WorkedStep(f"∂h_{t}/∂h_{t - 1}", f"{w}·(1 − h_{t}²)", float(jac[0, 0])))
        steps.append(WorkedStep(f"∂h_{p.steps}/∂h_0", tr("product of the factors"), total))
        prompt = tr(
            "A one-unit RNN computes h_t = tanh({u}·x_t + {w}·h_(t−1)) (no bias), "
            "from h_0 = {h0}, with inputs x = {xs}.\n\nCompute ∂h_{steps}/∂h_0. "
            "(Each step contributes a factor w·(1 − h_t²).)",
            u=u,
            w=w,
            h0=h0,
            xs=fmt(xs[:, 0], 1),
            steps=p.steps,
        )
        hs = [h0] + [float(state.h[0]) for state in states]
        mistakes = (
            Mistake(
                "gradient.no-tanh-derivative",
                tr("the tanh derivative left out (w^T)"),
                "∂h_1/∂h_0",
                float(w**p.steps),
                tr("Each step's factor is w·(1 − h_t²): the tanh' term is what makes it shrink."),
            ),
            Mistake(
                "gradient.derivative-at-previous-state",
                tr("tanh' taken at h_(t−1) instead of h_t"),
                "∂h_1/∂h_0",
                float(np.prod([w * (1 - hs[t - 1] ** 2) for t in range(1, p.steps + 1)])),
                tr(
                    "h_t = tanh(a_t), so ∂h_t/∂a_t = 1 − tanh(a_t)² = 1 − h_t², at this step's h_t."
                ),
            ),
        )
        return Variant(
            givens={"w": w, "u": u, "h0": h0, "xs": as_list(xs[:, 0])},
            prompt=prompt,
            answer=total,
            tolerance=Tolerance(rel=0.02),
            steps=steps,
            answer_form=figures_form(tr),
            mistakes=mistakes,
        )


class ForgetPathParams(Params):
    steps: int = Field(20, ge=2, le=200)
    constant: bool = Field(True, description="One forget value for every step, or a short list.")
    low: float = Field(0.8, gt=0, lt=1)
    high: float = Field(0.99, gt=0, le=1)


class LSTMCellPath(Template):
    name = "lstm_cell_path"
    summary = "dC_T/dC_0 along the LSTM cell-state path: the product of the forget gates."
    topics = ("numeric.gradient-norm", "lstm.gradient-path")
    params_model = ForgetPathParams

    def build(self, rng: np.random.Generator, p: ForgetPathParams, tr: Prose) -> Variant:
        if p.constant:
            f = float(np.round(rng.uniform(p.low, p.high), 2))
            gates = np.full(p.steps, f)
            described = tr(
                "the forget gate is f = {f} at every one of T = {steps} steps", f=f, steps=p.steps
            )
        else:
            count = min(p.steps, 5)
            gates = draw_rounded(rng, count, p.low, p.high, decimals=2)
            described = tr(
                "the forget gates over T = {count} steps are {gates}",
                count=count,
                gates=fmt(gates, 2),
            )
        path = float(engine.cell_state_path(gates[:, None])[0])
        steps = [
            WorkedStep("dC_T/dC_0", tr("Π_t f_t (direct cell path, indirect terms ignored)"), path)
        ]
        prompt = tr(
            "For one LSTM unit, {described}. Along the cell-state path "
            "C_t = f_t ⊙ C_(t−1) + i_t ⊙ g_t, what is ∂C_T/∂C_0 (ignoring the indirect terms "
            "through h)?",
            described=described,
        )
        return Variant(
            givens={"forget_gates": as_list(gates)},
            prompt=prompt,
            answer=path,
            tolerance=Tolerance(rel=0.02),
            steps=steps,
            answer_form=figures_form(tr),
        )

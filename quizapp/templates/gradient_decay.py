"""Predict, then see: how far back a gradient reaches through an RNN or an LSTM's cell state."""

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
)

# With ρ > 1 the state grows like ρ^t times the tiny inputs; up to ρ^T = 15 it stays below
# about 0.25 (tanh' > 0.94), so "each step multiplies by about ρ" still holds.
MAX_GROWTH = 15.0


class GradientDecayParams(Params):
    cell: Literal["rnn", "lstm"] = "rnn"
    radius_low: float = Field(0.5, gt=0, le=2, description="RNN: smallest ρ drawn.")
    radius_high: float = Field(
        0.9, gt=0, le=2, description="RNN: largest ρ drawn; above 1 the gradient explodes."
    )
    lengths: list[int] = Field(
        default_factory=lambda: [10, 20, 30, 50],
        min_length=1,
        max_length=8,
        item_ge=2,  # T = 1: "the factor, not raised to the power T" would be right
        item_le=200,
        description="Sequence lengths T to draw from, 2 to 200 steps each.",
    )

    def check(self) -> None:
        if self.radius_low > self.radius_high:
            raise ValueError("radius_low must not exceed radius_high")
        if self.radius_high > 1 and self.radius_high ** max(self.lengths) > MAX_GROWTH:
            raise ValueError(
                f"with ρ > 1 the state grows like ρ^T and leaves the linear regime; keep "
                f"radius_high^max(lengths) at most {MAX_GROWTH:g}"
            )


FORGET_BIASES = (0.5, 1.0, 1.5, 2.0, 3.0)
DECAY_UNITS = 4


class GradientDecay(Template):
    """Predict, then see: how far a gradient reaches back (or, with ρ > 1, how fast it grows).

    The learner predicts log10 ‖∂h_T/∂h_0‖ (RNN) or ‖∂c_T/∂c_0‖ (LSTM cell path) from the
    per-step factor; the engine then computes the whole curve over k, which the feedback
    draws. Inputs and weights are small so the per-step factor is what the prompt says; with
    ρ > 1 the parameters keep ρ^T small enough (``MAX_GROWTH``) for that to stay true.
    """

    name = "gradient_decay"
    summary = (
        "Predict how far a gradient reaches back (a power of ten); the engine draws the curve."
    )
    topics = ("numeric.gradient-norm", "rnn.vanishing-meaning")
    params_model = GradientDecayParams

    def build(self, rng: np.random.Generator, p: GradientDecayParams, tr: Prose) -> Variant:
        T = int(rng.choice(p.lengths))
        H = DECAY_UNITS
        xs = rng.normal(0.0, 0.05, size=(T, 1))
        if p.cell == "rnn":
            rho = float(np.round(rng.uniform(p.radius_low, p.radius_high), 2))
            q, _ = np.linalg.qr(rng.normal(size=(H, H)))
            cell = engine.RNNCell(rng.normal(0.0, 0.05, size=(H, 1)), rho * q)
            norms = engine.gradient_norms(cell, xs)
            factor, factor_text = rho, f"ρ = {rho}"
            prompt = tr(
                "A tanh RNN with {units} units has W_hh = ρ·Q with Q orthogonal, so every singular "
                "value of W_hh is ρ = {rho}; inputs are so small that h stays near 0 "
                "(tanh' ≈ 1). It runs T = {T} steps from h_0 = 0. Predict ‖∂h_T/∂h_0‖ "
                "(spectral norm) as a power of ten: give log10 of it.",
                units=H,
                rho=rho,
                T=T,
            )
            quantity = "‖∂h_T/∂h_0‖"
        else:
            bias = float(rng.choice(FORGET_BIASES))
            parts = {}
            for gate in "ifgo":
                parts[f"W_x{gate}"] = rng.normal(0.0, 0.01, size=(H, 1))
                parts[f"W_h{gate}"] = rng.normal(0.0, 0.01, size=(H, H))
                parts[f"b_{gate}"] = np.full(H, bias if gate == "f" else 0.0)
            lstm = engine.LSTMCell.from_gates(**parts)
            norms = engine.cell_path_norms(lstm, xs)
            factor = float(1.0 / (1.0 + np.exp(-bias)))
            factor_text = f"σ({bias:g}) = {factor:.3f}"
            prompt = tr(
                "An LSTM with {units} units has tiny weights and a forget-gate bias of {bias:g} "
                "(other biases 0), so every forget gate sits at σ({bias:g}). It runs T = {T} "
                "steps. Predict ‖∂c_T/∂c_0‖ along the cell state (spectral norm, all paths) as a "
                "power of ten: give log10 of it.",
                units=H,
                bias=bias,
                T=T,
            )
            quantity = "‖∂c_T/∂c_0‖"
        curve = [float(np.log10(n)) for n in norms]
        answer = curve[0]
        steps = [
            WorkedStep(tr("per-step factor"), tr("each step multiplies by about"), factor_text),
            WorkedStep(
                tr("estimate"),
                tr("T·log10(factor) = {T}·log10({factor:.3f})", T=T, factor=factor),
                T * np.log10(factor),
            ),
            WorkedStep(f"log10 {quantity}", tr("computed by the engine"), answer),
        ]
        for k in sorted({T // 4, T // 2, (3 * T) // 4}):
            steps.append(
                WorkedStep(
                    f"k = {k}",
                    tr("log10 ‖∂·_T/∂·_{k}‖: {back} steps back", k=k, back=T - k),
                    curve[k],
                )
            )
        mistakes = (
            Mistake(
                "decay.one-step",
                tr("the per-step factor, not raised to the power T"),
                tr("estimate"),
                float(np.log10(factor)),
                tr("Each of the {T} steps multiplies by the factor again: about factor^T.", T=T),
            ),
            Mistake(
                "decay.norm-not-exponent",
                tr("the norm itself instead of its power of ten"),
                f"log10 {quantity}",
                float(10.0**answer),
                tr(
                    "The answer is log10 of the norm: {answer:.2f} means 10^{answer:.2f}.",
                    answer=answer,
                ),
            ),
        )
        return Variant(
            givens={"T": T, "factor": factor},
            prompt=prompt,
            answer=answer,
            tolerance=Tolerance(abs=0.5),
            steps=steps,
            answer_form=tr("a power of ten (log10), within ±0.5"),
            extras={"curve": curve, "curve_label": f"log10 {quantity.replace('_0', '_k')}"},
            mistakes=mistakes,
        )

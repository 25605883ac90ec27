"""Gradients through time and clipping: the vanishing/exploding arithmetic, by the engine."""

from __future__ import annotations

from typing import Literal

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
    fmt,
    matrix_block,
)
from quizapp.templates.cells import draw_rnn_weights


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

    def build(self, rng: np.random.Generator, p: RNNGradientParams) -> Variant:
        w = float(np.round(rng.uniform(p.weight_low, p.weight_high), 1))
        u = float(np.round(rng.uniform(-1, 1), 1))
        xs = draw_rounded(rng, (p.steps, 1), -1, 1)
        h0 = float(np.round(rng.uniform(-0.5, 0.5), 1))
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
        steps.append(WorkedStep(f"∂h_{p.steps}/∂h_0", "product of the factors", total))
        prompt = (
            f"A one-unit RNN computes h_t = tanh({u}·x_t + {w}·h_(t−1)) (no bias), "
            f"from h_0 = {h0}, with inputs x = {fmt(xs[:, 0], 1)}.\n\nCompute ∂h_{p.steps}/∂h_0. "
            "(Each step contributes a factor w·(1 − h_t²).)"
        )
        hs = [h0] + [float(state.h[0]) for state in states]
        mistakes = (
            Mistake(
                "gradient.no-tanh-derivative",
                "the tanh derivative left out (w^T)",
                "∂h_1/∂h_0",
                float(w**p.steps),
                "Each step's factor is w·(1 − h_t²): the tanh' term is what makes it shrink.",
            ),
            Mistake(
                "gradient.derivative-at-previous-state",
                "tanh' taken at h_(t−1) instead of h_t",
                "∂h_1/∂h_0",
                float(np.prod([w * (1 - hs[t - 1] ** 2) for t in range(1, p.steps + 1)])),
                "h_t = tanh(a_t), so ∂h_t/∂a_t = 1 − tanh(a_t)² = 1 − h_t², at this step's h_t.",
            ),
        )
        return Variant(
            givens={"w": w, "u": u, "h0": h0, "xs": as_list(xs[:, 0])},
            prompt=prompt,
            answer=total,
            tolerance=Tolerance(rel=0.02),
            steps=steps,
            answer_form="a number, to 3 significant figures",
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

    def build(self, rng: np.random.Generator, p: ForgetPathParams) -> Variant:
        if p.constant:
            f = float(np.round(rng.uniform(p.low, p.high), 2))
            gates = np.full(p.steps, f)
            described = f"the forget gate is f = {f} at every one of T = {p.steps} steps"
        else:
            count = min(p.steps, 5)
            gates = draw_rounded(rng, count, p.low, p.high, decimals=2)
            described = f"the forget gates over T = {count} steps are {fmt(gates, 2)}"
        path = float(engine.cell_state_path(gates[:, None])[0])
        steps = [
            WorkedStep("dC_T/dC_0", "Π_t f_t (direct cell path, indirect terms ignored)", path)
        ]
        prompt = (
            f"For one LSTM unit, {described}. Along the cell-state path "
            "C_t = f_t ⊙ C_(t−1) + i_t ⊙ g_t, what is ∂C_T/∂C_0 (ignoring the indirect terms "
            "through h)?"
        )
        return Variant(
            givens={"forget_gates": as_list(gates)},
            prompt=prompt,
            answer=path,
            tolerance=Tolerance(rel=0.02),
            steps=steps,
            answer_form="a number, to 3 significant figures",
        )


class ClipParams(Params):
    quantity: Literal["norm", "clipped", "by_value"] = "clipped"
    # one entry: clipping by value and by norm agree, and so do the L1 and L2 norms
    length: int = Field(2, ge=2, le=4)
    max_norm: float | None = Field(None, gt=0)


class ClipGradient(Template):
    name = "clip_gradient"
    summary = "Clip a gradient by global norm (torch's clip_grad_norm_) or by value."
    topics = ("numeric.clipping", "rnn.exploding")
    params_model = ClipParams

    def build(self, rng: np.random.Generator, p: ClipParams) -> Variant:
        grad = rng.integers(-8, 9, size=p.length).astype(float)
        if not grad.any():
            grad[0] = 3.0
        max_norm = p.max_norm or float(rng.integers(1, 6))
        clipped, total = engine.clip_grad_norm([grad], max_norm)
        by_value = engine.clip_grad_value([grad], max_norm)[0]
        coef = min(max_norm / (total + engine.clipping.EPSILON), 1.0)
        steps = [
            WorkedStep("‖g‖", "sqrt(Σ g_k²)", total),
            WorkedStep("scale", f"min({max_norm:g} / (‖g‖ + 1e-6), 1)", coef),
            WorkedStep("clipped", "g · scale", as_list(clipped[0])),
        ]
        if p.quantity == "norm":
            ask, answer, form = "the gradient's global L2 norm before clipping", total, "a number"
        elif p.quantity == "clipped":
            ask, answer, form = (
                f"the gradient after `clip_grad_norm_(max_norm={max_norm:g})`",
                as_list(clipped[0]),
                f"a vector of {p.length} numbers",
            )
        else:
            ask, answer, form = (
                f"the gradient after `clip_grad_value_(clip_value={max_norm:g})`",
                as_list(by_value),
                f"a vector of {p.length} numbers",
            )
            steps = [
                WorkedStep(
                    "clamped",
                    f"each g_k clamped to [−{max_norm:g}, {max_norm:g}]",
                    as_list(by_value),
                )
            ]
        mistakes = clip_mistakes(p.quantity, grad, max_norm, total, clipped[0], by_value)
        prompt = f"A gradient is g = {fmt(grad)}. Give {ask}."
        if p.quantity == "clipped":
            prompt += " PyTorch scales by min(max_norm / (‖g‖ + 1e-6), 1)."
        return Variant(
            givens={"g": as_list(grad), "max_norm": max_norm},
            prompt=prompt,
            answer=answer if isinstance(answer, list) else float(answer),
            tolerance=Tolerance(abs=0.005),
            steps=steps,
            answer_form=form + ", to 3 decimals",
            mistakes=mistakes,
        )


def clip_mistakes(
    quantity: str,
    grad: np.ndarray,
    max_norm: float,
    total: float,
    clipped: np.ndarray,
    by_value: np.ndarray,
) -> tuple[Mistake, ...]:
    if quantity == "norm":
        return (
            Mistake(
                "clip.l1-norm",
                "the L1 norm (sum of |g_k|) instead of the L2 norm",
                "‖g‖",
                float(np.abs(grad).sum()),
                "clip_grad_norm_ uses the L2 norm by default (norm_type=2): sqrt(Σ g_k²).",
            ),
        )
    found = []
    if quantity == "clipped":
        found.append(
            Mistake(
                "clip.by-value",
                "clipped each component by value instead of rescaling by the norm",
                "clipped",
                as_list(by_value),
                "clip_grad_norm_ rescales the whole vector, keeping its direction; "
                "clip_grad_value_ clamps each component.",
            )
        )
        if total < max_norm:
            found.append(
                Mistake(
                    "clip.always-rescaled",
                    "rescaled although the norm was already below max_norm",
                    "scale",
                    as_list(grad * max_norm / total),
                    "The scale is min(max_norm / (‖g‖ + 1e-6), 1): a gradient already inside "
                    "the ball is left as it is.",
                )
            )
    else:
        found.append(
            Mistake(
                "clip.by-norm",
                "rescaled by the norm instead of clamping each component",
                "clamped",
                as_list(clipped),
                "clip_grad_value_ clamps each g_k to [−c, c] on its own; it does not rescale.",
            )
        )
    return tuple(found)


class RNNJacobianParams(Params):
    hidden_size: int = Field(2, ge=2, le=3)
    weight_range: float = Field(1.0, gt=0, le=3)


class RNNJacobian(Template):
    """∂h_t/∂h_(t−1) entry by entry, where the row/column layout matters (d2l writes rows)."""

    name = "rnn_jacobian"
    summary = "The Jacobian ∂h_t/∂h_(t−1) = diag(1 − h_t²)·W_hh of a tanh RNN, entry by entry."
    topics = ("rnn.bptt-jacobian", "numeric.gradient-norm")
    params_model = RNNJacobianParams

    def build(self, rng: np.random.Generator, p: RNNJacobianParams) -> Variant:
        H, w = p.hidden_size, p.weight_range
        W_xh, W_hh, b = draw_rnn_weights(rng, H, 1, w)
        x = draw_rounded(rng, 1, -1, 1)
        h_prev = draw_rounded(rng, H, -1, 1)
        state = engine.RNNCell.from_textbook(W_xh, W_hh, b).forward(x[None], h_prev)[-1]
        jac = engine.rnn_jacobian(state.h, W_hh)
        slope = 1.0 - state.h**2
        entries = ", ".join(f"J[{i + 1}][{j + 1}]" for i in range(H) for j in range(H))
        prompt = (
            "A vanilla RNN computes h_t = tanh(W_xh·x_t + W_hh·h_(t−1) + b) on column vectors. "
            "Give the Jacobian J = ∂h_t/∂h_(t−1), with J[i][j] = ∂h_t[i]/∂h_(t−1)[j] "
            f"(rows index h_t), as {H * H} numbers row by row: {entries}.\n\n"
            + matrix_block(
                [("W_xh", W_xh), ("W_hh", W_hh), ("b", b), ("x_t", x), ("h_prev", h_prev)]
            )
        )
        steps = [
            WorkedStep("a_t", "a_t = W_xh·x_t + W_hh·h_(t−1) + b", as_list(state.a)),
            WorkedStep("h_t", "h_t = tanh(a_t)", as_list(state.h)),
            WorkedStep("1 − h_t²", "tanh'(a_t) = 1 − h_t²", as_list(slope)),
            WorkedStep("J", "J = diag(1 − h_t²)·W_hh: row i of W_hh times 1 − h_t[i]²", _rows(jac)),
        ]
        mistakes = (
            Mistake(
                "jacobian.transposed",
                "the transposed (row-vector) layout",
                "J",
                _rows(jac.T),
                "Your J has rows indexed by h_(t−1): the layout the row-vector convention gives "
                "(d2l writes h_t = φ(x_t·W_xh + h_(t−1)·W_hh + b)). Here vectors are columns and "
                "J[i][j] = ∂h_t[i]/∂h_(t−1)[j].",
                convention=True,
            ),
            Mistake(
                "jacobian.columns-scaled",
                "the columns of W_hh scaled instead of its rows (W_hh·diag(1 − h_t²))",
                "J",
                _rows(W_hh * slope[None, :]),
                "h_t[i] depends on a_t[i] only, so row i of W_hh is scaled by 1 − h_t[i]².",
            ),
            Mistake(
                "jacobian.no-tanh-derivative",
                "the tanh derivative left out (J = W_hh)",
                "1 − h_t²",
                _rows(W_hh),
                "The chain rule passes through tanh: J = diag(1 − h_t²)·W_hh.",
            ),
            Mistake(
                "jacobian.derivative-at-previous-state",
                "tanh' taken at h_(t−1) instead of h_t",
                "1 − h_t²",
                _rows((1.0 - h_prev**2)[:, None] * W_hh),
                "The derivative belongs to this step's tanh: 1 − h_t², with h_t just computed.",
            ),
        )
        return Variant(
            givens={
                "W_xh": as_list(W_xh),
                "W_hh": as_list(W_hh),
                "b": as_list(b),
                "x": as_list(x),
                "h_prev": as_list(h_prev),
            },
            prompt=prompt,
            answer=_rows(jac),
            tolerance=Tolerance(abs=0.01),
            steps=steps,
            answer_form=f"{H * H} numbers, row by row, to 3 decimals",
            mistakes=mistakes,
        )


def _rows(matrix: np.ndarray) -> list[float]:
    """A matrix as the learner types it: row by row."""
    return [float(v) for v in np.asarray(matrix, dtype=float).reshape(-1)]


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

    def build(self, rng: np.random.Generator, p: GradientDecayParams) -> Variant:
        T = int(rng.choice(p.lengths))
        H = DECAY_UNITS
        xs = rng.normal(0.0, 0.05, size=(T, 1))
        if p.cell == "rnn":
            rho = float(np.round(rng.uniform(p.radius_low, p.radius_high), 2))
            q, _ = np.linalg.qr(rng.normal(size=(H, H)))
            cell = engine.RNNCell(rng.normal(0.0, 0.05, size=(H, 1)), rho * q)
            norms = engine.gradient_norms(cell, xs)
            factor, factor_text = rho, f"ρ = {rho}"
            prompt = (
                f"A tanh RNN with {H} units has W_hh = ρ·Q with Q orthogonal, so every singular "
                f"value of W_hh is ρ = {rho}; inputs are so small that h stays near 0 "
                f"(tanh' ≈ 1). It runs T = {T} steps from h_0 = 0. Predict ‖∂h_T/∂h_0‖ "
                "(spectral norm) as a power of ten: give log10 of it."
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
            prompt = (
                f"An LSTM with {H} units has tiny weights and a forget-gate bias of {bias:g} "
                f"(other biases 0), so every forget gate sits at σ({bias:g}). It runs T = {T} "
                "steps. Predict ‖∂c_T/∂c_0‖ along the cell state (spectral norm, all paths) as a "
                "power of ten: give log10 of it."
            )
            quantity = "‖∂c_T/∂c_0‖"
        curve = [float(np.log10(n)) for n in norms]
        answer = curve[0]
        steps = [
            WorkedStep("per-step factor", "each step multiplies by about", factor_text),
            WorkedStep(
                "estimate", f"T·log10(factor) = {T}·log10({factor:.3f})", T * np.log10(factor)
            ),
            WorkedStep(f"log10 {quantity}", "computed by the engine", answer),
        ]
        for k in sorted({T // 4, T // 2, (3 * T) // 4}):
            steps.append(
                WorkedStep(f"k = {k}", f"log10 ‖∂·_T/∂·_{k}‖: {T - k} steps back", curve[k])
            )
        mistakes = (
            Mistake(
                "decay.one-step",
                "the per-step factor, not raised to the power T",
                "estimate",
                float(np.log10(factor)),
                f"Each of the {T} steps multiplies by the factor again: about factor^T.",
            ),
            Mistake(
                "decay.norm-not-exponent",
                "the norm itself instead of its power of ten",
                f"log10 {quantity}",
                float(10.0**answer),
                f"The answer is log10 of the norm: {answer:.2f} means 10^{answer:.2f}.",
            ),
        )
        return Variant(
            givens={"T": T, "factor": factor},
            prompt=prompt,
            answer=answer,
            tolerance=Tolerance(abs=0.5),
            steps=steps,
            answer_form="a power of ten (log10), within ±0.5",
            extras={"curve": curve, "curve_label": f"log10 {quantity.replace('_0', '_k')}"},
            mistakes=mistakes,
        )

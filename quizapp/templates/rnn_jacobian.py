"""The one-step Jacobian ∂h_t/∂h_(t−1) = diag(1 − h_t²)·W_hh of a tanh RNN, by the engine."""

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
    matrix_block,
)
from quizapp.templates.cells import draw_rnn_weights


class RNNJacobianParams(Params):
    hidden_size: int = Field(2, ge=2, le=3)
    weight_range: float = Field(1.0, gt=0, le=3)


class RNNJacobian(Template):
    """∂h_t/∂h_(t−1) entry by entry, where the row/column layout matters (d2l writes rows)."""

    name = "rnn_jacobian"
    summary = "The Jacobian ∂h_t/∂h_(t−1) = diag(1 − h_t²)·W_hh of a tanh RNN, entry by entry."
    topics = ("rnn.bptt-jacobian", "numeric.gradient-norm")
    params_model = RNNJacobianParams

    def build(self, rng: np.random.Generator, p: RNNJacobianParams, tr: Prose) -> Variant:
        H, w = p.hidden_size, p.weight_range
        W_xh, W_hh, b = draw_rnn_weights(rng, H, 1, w)
        x = draw_rounded(rng, 1, -1, 1)
        h_prev = draw_rounded(rng, H, -1, 1)
        state = engine.RNNCell.from_textbook(W_xh, W_hh, b).forward(x[None], h_prev)[-1]
        jac = engine.rnn_jacobian(state.h, W_hh)
        slope = 1.0 - state.h**2
        entries = ", ".join(f"J[{i + 1}][{j + 1}]" for i in range(H) for j in range(H))
        prompt = tr(
            "A vanilla RNN computes h_t = tanh(W_xh·x_t + W_hh·h_(t−1) + b) on column vectors. "
            "Give the Jacobian J = ∂h_t/∂h_(t−1), with J[i][j] = ∂h_t[i]/∂h_(t−1)[j] "
            "(rows index h_t), as {count} numbers row by row: {entries}.\n\n{listing}",
            count=H * H,
            entries=entries,
            listing=matrix_block(
                [("W_xh", W_xh), ("W_hh", W_hh), ("b", b), ("x_t", x), ("h_prev", h_prev)]
            ),
        )
        steps = [
            WorkedStep("a_t", "a_t = W_xh·x_t + W_hh·h_(t−1) + b", as_list(state.a)),
            WorkedStep("h_t", "h_t = tanh(a_t)", as_list(state.h)),
            WorkedStep("1 − h_t²", "tanh'(a_t) = 1 − h_t²", as_list(slope)),
            WorkedStep(
                "J", tr("J = diag(1 − h_t²)·W_hh: row i of W_hh times 1 − h_t[i]²"), _rows(jac)
            ),
        ]
        mistakes = (
            Mistake(
                "jacobian.transposed",
                tr("the transposed (row-vector) layout"),
                "J",
                _rows(jac.T),
                tr(
                    "Your J has rows indexed by h_(t−1): the layout the row-vector convention "
                    "gives (d2l writes h_t = φ(x_t·W_xh + h_(t−1)·W_hh + b)). Here vectors are "
                    "columns and J[i][j] = ∂h_t[i]/∂h_(t−1)[j]."
                ),
                convention=True,
            ),
            Mistake(
                "jacobian.columns-scaled",
                tr("the columns of W_hh scaled instead of its rows (W_hh·diag(1 − h_t²))"),
                "J",
                _rows(W_hh * slope[None, :]),
                tr("h_t[i] depends on a_t[i] only, so row i of W_hh is scaled by 1 − h_t[i]²."),
            ),
            Mistake(
                "jacobian.no-tanh-derivative",
                tr("the tanh derivative left out (J = W_hh)"),
                "1 − h_t²",
                _rows(W_hh),
                tr("The chain rule passes through tanh: J = diag(1 − h_t²)·W_hh."),
            ),
            Mistake(
                "jacobian.derivative-at-previous-state",
                tr("tanh' taken at h_(t−1) instead of h_t"),
                "1 − h_t²",
                _rows((1.0 - h_prev**2)[:, None] * W_hh),
                tr("The derivative belongs to this step's tanh: 1 − h_t², with h_t just computed."),
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
            answer_form=tr("{count} numbers, row by row, to 3 decimals", count=H * H),
            mistakes=mistakes,
        )


def _rows(matrix: np.ndarray) -> list[float]:
    """A matrix as the learner types it: row by row."""
    return [float(v) for v in np.asarray(matrix, dtype=float).reshape(-1)]

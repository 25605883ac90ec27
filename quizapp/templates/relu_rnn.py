"""ReLU recurrences by hand: an IRNN's first steps, and how fast a ReLU RNN's state grows.

IRNN (Le, Jaitly & Hinton 2015): W_hh starts as the identity (or a scaled identity λ·I) and
the biases as zero, so each step copies the state (or scales it by λ), adds the input's effect
and zeroes the negative entries. ReLU is unbounded above: with positive weights and a positive
state it never clips, the recurrence is linear, and ‖h_t‖ grows by the spectral radius of W per
step in the long run.
States come from ``engine.RNNCell`` (nonlinearity="relu"), growth rates from ``engine.growth``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np

import engine
from engine import RNNStep, growth
from quizapp.templates.base import (
    Draft,
    DraftTemplate,
    LazyDraft,
    Mistake,
    Params,
    Prose,
    Tolerance,
    Variant,
    WorkedStep,
    as_list,
    draw_rounded,
    figures_form,
    fmt,
    matrix_block,
    surely_collides,
    vector_form,
)
from quizapp.templates.params import Field


class IRNNParams(Params):
    steps: int = Field(3, ge=2, le=4)
    hidden_size: int = Field(2, ge=1, le=3)
    input_size: int = Field(1, ge=1, le=2)
    identity_scale: float = Field(1.0, gt=0, le=1.0)

    def check(self) -> None:
        if self.steps == 2 and self.hidden_size == 1:
            raise ValueError(
                "with one unit and two steps a listed slip always gives the right answer "
                "(ReLU left out, applied at the end, or the state not carried): use steps ≥ 3 "
                "or hidden_size ≥ 2"
            )


IRNN_TOLERANCE = Tolerance(abs=0.01)


@dataclass(frozen=True, eq=False)
class IRNNDraft(LazyDraft):
    """The drawn numbers and the slips' answers; the engine's states when first read. A draw
    is ruled out before the engine runs when, on the steps redone by hand (the engine's
    numbers to within rounding), a slip lands well within the tolerance."""

    W_xh: np.ndarray
    xs: np.ndarray
    identity_scale: float
    slip_answers: tuple[list[float] | float, ...]
    tolerance: Tolerance = IRNN_TOLERANCE

    @functools.cached_property
    def states(self) -> list[RNNStep]:
        H = self.W_xh.shape[0]
        W_hh = self.identity_scale * np.eye(H)
        cell = engine.RNNCell.from_textbook(self.W_xh, W_hh, np.zeros(H), nonlinearity="relu")
        return cell.forward(self.xs)

    def exact(self) -> tuple[list[float] | float, tuple[list[float] | float, ...]]:
        return as_list(self.states[-1].h), self.slip_answers

    def surely_collides(self) -> bool:
        W_hh = self.identity_scale * np.eye(self.W_xh.shape[0])
        h = np.zeros(self.W_xh.shape[0])
        for x in self.xs:
            h = np.maximum(W_hh @ h + self.W_xh @ x, 0.0)
        return surely_collides(as_list(h), self.tolerance, self.slip_answers)


class IRNNSteps(DraftTemplate):
    name = "irnn_steps"
    summary = "An IRNN (ReLU, W_hh = I or λ·I, zero bias): h_T after a few steps from h_0 = 0."
    topics = ("ranges.relu-rnn",)
    params_model = IRNNParams

    def numbers(self, rng: np.random.Generator, p: IRNNParams) -> IRNNDraft:
        H, I, T, lam = p.hidden_size, p.input_size, p.steps, p.identity_scale
        W_xh = draw_rounded(rng, (H, I), -1, 1)
        while not W_xh.all():  # a zero weight would leave a unit at 0 for good
            W_xh = draw_rounded(rng, (H, I), -1, 1)
        xs = draw_rounded(rng, (T, I), -1, 1)
        return IRNNDraft(W_xh, xs, lam, irnn_slip_answers(W_xh, lam, xs))

    def render(self, d: IRNNDraft, p: IRNNParams, tr: Prose) -> Variant:
        H, T, lam = p.hidden_size, p.steps, p.identity_scale
        W_xh, xs, states = d.W_xh, d.xs, d.states
        scale = "" if lam == 1.0 else f"{lam:g}·"
        steps = []
        for t, state in enumerate(states, start=1):
            formula = f"a_{t} = {scale}h_{t - 1} + W_xh·x_{t}"
            steps.append(WorkedStep(f"a_{t}", formula, as_list(state.a)))
            steps.append(WorkedStep(f"h_{t}", f"h_{t} = ReLU(a_{t})", as_list(state.h)))
        listing = [("W_xh", W_xh)] + [(f"x_{t}", xs[t - 1]) for t in range(1, T + 1)]
        if lam == 1.0:
            init, carry = tr("the identity I"), tr("keeps the previous state")
        else:
            init = tr("{scale:g}·I (a scaled identity)", scale=lam)
            carry = tr("scales the previous state by {scale:g}", scale=lam)
        prompt = tr(
            "An IRNN (Le, Jaitly & Hinton 2015) computes h_t = ReLU(W_hh·h_(t−1) + W_xh·x_t + b) "
            "with W_hh initialised to {init}, b = 0 and h_0 = 0: each step {carry}, adds the "
            "input's effect and sets the negative entries to zero.\n\n"
            "Compute h_{T} from:\n\n{listing}",
            init=init,
            carry=carry,
            T=T,
            listing=matrix_block(listing),
        )
        return Variant(
            givens={"W_xh": as_list(W_xh), "xs": as_list(xs), "identity_scale": lam},
            prompt=prompt,
            answer=d.answer,
            tolerance=d.tolerance,
            steps=steps,
            answer_form=vector_form(tr, H),
            mistakes=irnn_mistakes(d.slips, lam, T, [s.a for s in states], tr),
        )


def irnn_slip_answers(
    W_xh: np.ndarray, identity_scale: float, xs: np.ndarray
) -> tuple[list[float] | float, ...]:
    """The answers of ReLU left out, ReLU applied once at the end, tanh in its place and the
    state not carried, in this order (``irnn_mistakes``)."""
    H = W_xh.shape[0]
    W_hh = identity_scale * np.eye(H)
    linear = np.zeros(H)
    squashed = np.zeros(H)
    for x in xs:
        linear = W_hh @ linear + W_xh @ x
        squashed = np.tanh(W_hh @ squashed + W_xh @ x)
    return (
        as_list(linear),
        as_list(np.maximum(linear, 0.0)),
        as_list(squashed),
        as_list(np.maximum(W_xh @ xs[-1], 0.0)),
    )


def irnn_mistakes(
    answers: tuple[list[float] | float, ...],
    identity_scale: float,
    T: int,
    pre: list[np.ndarray],
    tr: Prose,
) -> tuple[Mistake, ...]:
    """ReLU left out (or applied once at the end), tanh in its place, the state not carried;
    ``answers`` from ``irnn_slip_answers``."""
    no_relu, relu_at_end, tanh, not_carried = answers
    clipped = [t for t, a in enumerate(pre, start=1) if np.any(a < 0)]
    first_clip = f"h_{clipped[0]}" if clipped else "h_1"
    return (
        Mistake(
            "irnn.no-relu",
            tr("ReLU left out (a linear recurrence)"),
            first_clip,
            no_relu,
            tr("ReLU zeroes every negative entry at every step, before the next step uses it."),
        ),
        Mistake(
            "irnn.relu-at-end",
            tr("ReLU applied only once, to the final sum"),
            first_clip,
            relu_at_end,
            tr(
                "The nonlinearity acts inside the recurrence: a clipped entry starts the next "
                "step from 0, not from its negative value."
            ),
        ),
        Mistake(
            "irnn.tanh",
            tr("tanh used in place of ReLU"),
            "h_1",
            tanh,
            tr("An IRNN is a ReLU network; tanh would squash positive values too."),
        ),
        Mistake(
            "irnn.state-not-carried",
            tr("h_{previous} not carried into step {T}", previous=T - 1, T=T),
            f"a_{T}",
            not_carried,
            _carried(identity_scale, tr),
        ),
    )


def _carried(identity_scale: float, tr: Prose) -> str:
    """What W_hh passes on from h_(t−1), for the scale of this variant."""
    if identity_scale == 1.0:
        return tr("W_hh = I carries the whole previous state: a_t = h_(t−1) + W_xh·x_t.")
    return tr(
        "W_hh = {scale:g}·I carries {scale:g} times the previous state: "
        "a_t = {scale:g}·h_(t−1) + W_xh·x_t.",
        scale=identity_scale,
    )


class ReLUGrowthParams(Params):
    quantity: Literal["norm", "factor"] = "norm"
    steps: int = Field(4, ge=2, le=6)


@dataclass(frozen=True)
class GrowthDraft(Draft):
    W: np.ndarray
    h0: np.ndarray
    rho: float
    sigma: float
    run: tuple[list[RNNStep], list[float]] | None  # the engine's states and norms, if needed


class ReLUGrowth(DraftTemplate):
    name = "relu_rnn_growth"
    summary = "A ReLU RNN with positive weights: ‖h_T‖ after T steps, or the long-run growth rate."
    topics = ("ranges.relu-rnn",)
    params_model = ReLUGrowthParams

    def numbers(self, rng: np.random.Generator, p: ReLUGrowthParams) -> GrowthDraft:
        W = draw_rounded(rng, (2, 2), 0.2, 1.0)
        while W.sum(axis=1).min() < 1.1:  # ρ(W) ≥ the smallest row sum > 1: it always grows
            W = draw_rounded(rng, (2, 2), 0.2, 1.0)
        h0 = draw_rounded(rng, 2, 0.1, 1.0)
        rho = growth.spectral_radius(W)
        sigma = growth.largest_singular_value(W)
        if p.quantity == "norm":  # the growth factor's slips need no forward pass
            run = _relu_states(W, h0, p.steps)
            answer, slips = run[1][-1], growth_norm_slips(W, h0, p.steps)
            return GrowthDraft(answer, Tolerance(rel=0.02), slips, W, h0, rho, sigma, run)
        slips = (sigma, float(np.trace(W)), float(W.sum(axis=1).max()))
        return GrowthDraft(rho, Tolerance(rel=0.02), slips, W, h0, rho, sigma, None)

    def render(self, d: GrowthDraft, p: ReLUGrowthParams, tr: Prose) -> Variant:
        W, h0, rho, sigma, T = d.W, d.h0, d.rho, d.sigma, p.steps
        states, norms = d.run or _relu_states(W, h0, T)
        rule = tr(
            "A ReLU RNN runs with no input and no bias: h_t = ReLU(W·h_(t−1)) (column vectors). "
            "Every entry of W and of h_0 is positive, so ReLU never clips: h_t = W^t·h_0, and "
            "because ReLU is unbounded above nothing stops the growth."
        )
        listing = matrix_block([("W", W), ("h_0", h0)])
        if p.quantity == "norm":
            steps = [
                WorkedStep(f"h_{t}", f"h_{t} = W·h_{t - 1}", as_list(s.h))
                for t, s in enumerate(states, start=1)
            ]
            steps.append(
                WorkedStep(f"‖h_{T}‖", tr("square root of the sum of squared entries"), norms[-1])
            )
            prompt = tr(
                "{rule}\n\nCompute ‖h_{T}‖ (the L2 norm) from:\n\n{listing}",
                rule=rule,
                T=T,
                listing=listing,
            )
            mistakes = growth_norm_mistakes(d.slips, W, h0, T, tr)
        else:
            trace, det = float(np.trace(W)), float(np.linalg.det(W))
            steps = [
                WorkedStep("tr W, det W", "w11 + w22, w11·w22 − w12·w21", [trace, det]),
                WorkedStep("ρ(W)", tr("(tr + sqrt(tr² − 4·det)) / 2, the Perron root"), rho),
                WorkedStep(
                    tr("check"),
                    tr("‖h_t‖ / ‖h_(t−1)‖ over the first steps"),
                    _ratios(h0, norms),
                ),
            ]
            prompt = tr(
                "{rule}\n\nBy what factor does ‖h_t‖ grow per step in the long run, "
                "for:\n\n{listing}",
                rule=rule,
                listing=listing,
            )
            mistakes = growth_factor_mistakes(d.slips, tr)
        return Variant(
            givens={"W": as_list(W), "h0": as_list(h0), "steps": T},
            prompt=prompt,
            answer=d.answer,
            tolerance=d.tolerance,
            steps=steps,
            answer_form=figures_form(tr),
            extras={"spectral_radius": rho, "largest_singular_value": sigma, "norms": norms},
            mistakes=mistakes,
        )


def _ratios(h0: np.ndarray, norms: list[float]) -> list[float]:
    previous = [float(np.linalg.norm(h0)), *norms[:-1]]
    return [n / m for n, m in zip(norms, previous, strict=True)]


def _relu_states(W: np.ndarray, h0: np.ndarray, T: int) -> tuple[list[RNNStep], list[float]]:
    """The engine's T steps from h0 with no input and no bias, and ‖h_t‖ of each."""
    cell = engine.RNNCell.from_textbook(np.zeros((2, 1)), W, np.zeros(2), nonlinearity="relu")
    states = cell.forward(np.zeros((T, 1)), h0)
    return states, [float(np.linalg.norm(s.h)) for s in states]


def growth_norm_slips(W: np.ndarray, h0: np.ndarray, T: int) -> tuple[float, ...]:
    """‖h_T‖ with W transposed, with tanh in place of ReLU, and after T − 1 steps."""
    transposed, squashed, short = h0.copy(), h0.copy(), h0.copy()
    for _ in range(T):
        transposed = W.T @ transposed
        squashed = np.tanh(W @ squashed)
    for _ in range(T - 1):
        short = W @ short
    return tuple(float(np.linalg.norm(v)) for v in (transposed, squashed, short))


def growth_norm_mistakes(
    answers: tuple[float | list[float], ...], W: np.ndarray, h0: np.ndarray, T: int, tr: Prose
) -> tuple[Mistake, ...]:
    transposed, squashed, short = answers
    return (
        Mistake(
            "relu.transposed",
            tr("W transposed (h·W in place of W·h)"),
            "h_1",
            transposed,
            tr(
                "With column vectors, entry i of W·h is row i of W times h: h_1 = W·h_0 = {h1}.",
                h1=fmt(W @ h0, 3),
            ),
        ),
        Mistake(
            "relu.tanh",
            tr("tanh used in place of ReLU"),
            "h_1",
            squashed,
            tr("tanh would bound every entry in (−1, 1); ReLU is the identity on positive values."),
        ),
        Mistake(
            "relu.off-by-one",
            tr("{fewer} steps applied instead of {T}", fewer=T - 1, T=T),
            f"h_{T}",
            short,
            tr("h_{T} = W^{T}·h_0: one multiplication per step, {T} in all.", T=T),
        ),
    )


def growth_factor_mistakes(
    answers: tuple[float | list[float], ...], tr: Prose
) -> tuple[Mistake, ...]:
    """σ_max(W), the trace and the largest row sum, in this order (``answers``)."""
    sigma, trace, row_sum = answers
    return (
        Mistake(
            "growth.largest-singular-value",
            tr("the largest singular value σ_max(W)"),
            "ρ(W)",
            sigma,
            tr(
                "σ_max bounds the stretch of one step in the worst direction; repeated steps "
                "turn the state towards the Perron eigenvector, where the growth is ρ(W) ≤ σ_max."
            ),
        ),
        Mistake(
            "growth.trace",
            tr("the trace of W (the sum of both eigenvalues)"),
            "ρ(W)",
            trace,
            tr("The long run is set by the largest eigenvalue alone, not by the sum of both."),
        ),
        Mistake(
            "growth.max-row-sum",
            tr("the largest row sum of W"),
            "ρ(W)",
            row_sum,
            tr("Row sums only bracket ρ(W): min row sum ≤ ρ(W) ≤ max row sum for a positive W."),
        ),
    )

"""minGRU's linear recurrence by hand, step by step and as the scan's closed form.

In minGRU (Feng et al. 2024, §3.1) the update gate and the candidate depend on x_t only, so for
a given input sequence every z_t and h̃_t is known before the recurrence runs. What is left,
h_t = (1 − z_t) ⊙ h_(t−1) + z_t ⊙ h̃_t, is linear in h: each step is the affine map
h ↦ a_t ⊙ h + b_t with a_t = 1 − z_t and b_t = z_t ⊙ h̃_t, and the composed map
h_T = A_T ⊙ h_0 + B_T is what a parallel scan computes. The numbers come from the engine,
which runs the recurrence both ways.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from engine import linear_rnn
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
    figures_form,
    fmt,
    matrix_block,
    vector_form,
)
from quizapp.templates.params import Field
from quizapp.templates.prose import N_

HAND = Tolerance(abs=0.01)


class MinGRUScanParams(Params):
    quantity: Literal["h", "h0_weight", "pair"] = "h"
    steps: int = Field(3, ge=2, le=5)
    hidden_size: int = Field(1, ge=1, le=2)

    def check(self) -> None:
        if self.quantity == "pair" and self.hidden_size != 1:
            raise ValueError("quantity 'pair' asks for two numbers (A_T, B_T): hidden_size 1")


RULE = N_(
    "minGRU (Feng et al. 2024): the update gate and the candidate are computed from x_t alone, "
    "z_t = σ(Linear(x_t)) and h̃_t = Linear(x_t) with no tanh, so for a given input sequence "
    "all of them are known before the recurrence runs. The update is "
    "h_t = (1 − z_t) ⊙ h_(t−1) + z_t ⊙ h̃_t (z near 1 takes the candidate)."
)


class MinGRUScan(Template):
    name = "min_gru_scan"
    summary = "minGRU's linear recurrence: h_T step by step, or the scan's combined map (A, B)."
    topics = ("linrnn.parallel-scan",)
    params_model = MinGRUScanParams

    def build(self, rng: np.random.Generator, p: MinGRUScanParams, tr: Prose) -> Variant:
        T, H = p.steps, p.hidden_size
        z = draw_rounded(rng, (T, H), 0.1, 0.9)
        cand = draw_rounded(rng, (T, H), -2, 2)
        h0 = draw_rounded(rng, H, -1, 1)
        a, b = linear_rnn.min_gru_coefficients(z, cand)
        states = linear_rnn.sequential_states(a, b, h0)
        A, B = (m[-1] for m in linear_rnn.prefix_maps(a, b))
        steps = [WorkedStep(f"a_{t}", f"a_{t} = 1 − z_{t}", as_list(a[t - 1])) for t in _ts(T)]
        if p.quantity != "h0_weight":
            steps += [
                WorkedStep(f"b_{t}", f"b_{t} = z_{t} ⊙ h̃_{t}", as_list(b[t - 1])) for t in _ts(T)
            ]
        if p.quantity == "h":
            steps += [
                WorkedStep(f"h_{t}", f"h_{t} = a_{t} ⊙ h_{t - 1} + b_{t}", as_list(states[t - 1]))
                for t in _ts(T)
            ]
        steps.append(
            WorkedStep(f"A_{T}", tr("A_{T} = Π_t a_t (what survives of h_0)", T=T), as_list(A))
        )
        if p.quantity != "h0_weight":
            steps.append(
                WorkedStep(f"B_{T}", f"B_{T} = Σ_k (Π_(j>k) a_j) ⊙ b_k", as_list(B)),
            )
        if p.quantity == "h":
            steps.append(WorkedStep(scan_label(tr, T), f"A_{T} ⊙ h_0 + B_{T}", as_list(A * h0 + B)))
        answer: float | list[float]
        if p.quantity == "h":
            ask, answer, form = f"h_{T}", as_list(states[-1]), vector_form(tr, H)
        elif p.quantity == "h0_weight":
            ask = tr("A_{T}, the factor that multiplies h_0 in h_{T} = A_{T} ⊙ h_0 + B_{T},", T=T)
            answer, form = as_list(A), figures_form(tr, H)  # A_T spans 0.9^5 down to 0.1^5
        else:
            ask = tr(
                "the scan's combined map (A_{T}, B_{T}), where h_{T} = A_{T}·h_0 + B_{T},", T=T
            )
            answer, form = [float(A[0]), float(B[0])], tr("two numbers A, B, to 3 decimals")
        listing = [(f"z_{t}", z[t - 1]) for t in _ts(T)]
        listing += [(f"h̃_{t}", cand[t - 1]) for t in _ts(T)] + [("h_0", h0)]
        prompt = tr(
            "{rule}\n\nCompute {ask} from:\n\n{listing}",
            rule=tr(RULE),
            ask=ask,
            listing=matrix_block(listing),
        )
        return Variant(
            givens={"z": as_list(z), "h_tilde": as_list(cand), "h0": as_list(h0)},
            prompt=prompt,
            answer=answer,
            tolerance=Tolerance(rel=0.01) if p.quantity == "h0_weight" else HAND,
            steps=steps,
            answer_form=form,
            extras={"scan_rounds": linear_rnn.scan_rounds(T)},
            mistakes=scan_mistakes(p.quantity, z, cand, h0, (a, b, A, B), tr),
        )


def _ts(steps: int) -> range:
    return range(1, steps + 1)


def scan_label(tr: Prose, T: int) -> str:
    """The worked step that applies the combined map to h_0."""
    return tr("h_{T} by the scan", T=T)


def scan_mistakes(
    quantity: str,
    z: np.ndarray,
    cand: np.ndarray,
    h0: np.ndarray,
    scan: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    tr: Prose,
) -> tuple[Mistake, ...]:
    """The slips: GRU's other convention, a tanh on the candidate, h_0 forgotten, and the
    off-by-one in the closed form (each b_k also multiplied by its own a_k). ``scan``: the
    variant's a, b and combined map A, B."""
    T = z.shape[0]
    a, b, A, B = scan
    keep_A, keep_B = (
        m[-1] for m in linear_rnn.prefix_maps(*linear_rnn.min_gru_coefficients(1.0 - z, cand))
    )
    inclusive_B = sum(np.prod(a[k:], axis=0) * b[k] for k in range(T))
    keep = Mistake(
        "mingru.keep-convention",
        tr("the other GRU convention, h = z ⊙ h_prev + (1 − z) ⊙ h̃"),
        "a_1",
        as_list(keep_A * h0 + keep_B),
        tr(
            "Right for the GRU convention of Cho et al. and PyTorch (z keeps the past); minGRU "
            "writes h_t = (1 − z_t) ⊙ h_(t−1) + z_t ⊙ h̃_t, so a_t = 1 − z_t."
        ),
        convention=True,
    )
    if quantity == "h0_weight":
        return (
            Mistake(
                keep.id,
                tr("Π z_t, the other GRU convention"),
                "a_1",
                as_list(np.prod(z, axis=0)),
                keep.explanation,
                convention=True,
            ),
            Mistake(
                "mingru.last-factor-only",
                tr("only the last step's factor 1 − z_{T}", T=T),
                f"A_{T}",
                as_list(a[-1]),
                tr("h_0 passes through every step, so every factor a_t = 1 − z_t multiplies it."),
            ),
        )
    off_by_one = Mistake(
        "mingru.inclusive-products",
        tr("each b_k also multiplied by its own a_k (Π_(j≥k) instead of Π_(j>k))"),
        f"B_{T}",
        as_list(A * h0 + inclusive_B),
        tr(
            "b_k enters at step k after a_k has acted, so only the later factors a_(k+1)..a_T "
            "scale it; the last step's b_T is added unscaled."
        ),
    )
    if quantity == "pair":
        return (
            Mistake(
                keep.id,
                keep.name,
                "a_1",
                [float(keep_A[0]), float(keep_B[0])],
                keep.explanation,
                convention=True,
            ),
            Mistake(
                off_by_one.id,
                off_by_one.name,
                f"B_{T}",
                [float(A[0]), float(inclusive_B[0])],
                off_by_one.explanation,
            ),
            Mistake(
                "mingru.pair-swapped",
                tr("B and A given in the other order"),
                f"A_{T}",
                [float(B[0]), float(A[0])],
                tr("The pair is (A, B): A multiplies h_0, B is what the inputs add."),
            ),
        )
    tanh_a, tanh_b = linear_rnn.min_gru_coefficients(z, np.tanh(cand))
    return (
        keep,
        Mistake(
            "mingru.tanh-candidate",
            tr("tanh applied to the candidate, as in a GRU"),
            "b_1",
            as_list(linear_rnn.sequential_states(tanh_a, tanh_b, h0)[-1]),
            tr(
                "minGRU drops the tanh (Feng et al. 2024, §3.1, step 2): h̃_t = Linear(x_t) is "
                "used as given."
            ),
        ),
        Mistake(
            "mingru.h0-dropped",
            tr("h_0 left out (the A_T ⊙ h_0 term forgotten)"),
            scan_label(tr, T),
            as_list(B),
            tr(
                "h_0 = {h0} is scaled by A_T = Π a_t and added: h_T = A_T ⊙ h_0 + B_T.",
                h0=fmt(h0 if h0.size > 1 else h0[0], 2),
            ),
        ),
        off_by_one,
    )

"""Layer normalisation of a recurrent layer's summed inputs at one step, by hand.

Ba, Kiros & Hinton 2016 (§3.1): μ^t and σ^t are taken over the H hidden units of one sample at
the current step (no batch, no per-step running statistics, the same computation at training
and test time), then each unit gets its own gain and bias, before the nonlinearity. The givens
are a small batch so that batch statistics, the classic slip, give a visibly different answer.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from engine import normalization
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
    matrix_block,
    vector_form,
)
from quizapp.templates.params import Field
from quizapp.templates.prose import N_


class LayerNormParams(Params):
    quantity: Literal["out", "sigma"] = "out"
    hidden_size: int = Field(3, ge=3, le=4)
    batch: int = Field(2, ge=2, le=3)
    affine: bool = Field(True, description="Draw a gain and a bias (else g = 1, b = 0).")


RULE = N_(
    "Layer normalisation in a recurrent layer (Ba, Kiros & Hinton 2016, §3.1) normalises the "
    "summed inputs a_t of one sample at one time step over its H hidden units: "
    "μ = (1/H) Σ_i a_i and σ = sqrt((1/H) Σ_i (a_i − μ)²) (no ε), then g ⊙ (a − μ) / σ + b, "
    "before the nonlinearity. Row k below holds the summed inputs of sequence k of the batch at "
    "the same step."
)


class LayerNormStep(Template):
    name = "layer_norm_step"
    summary = "Layer norm of a recurrent layer's summed inputs at one step: σ, or the output."
    topics = ("norm.layer-norm",)
    params_model = LayerNormParams

    def build(self, rng: np.random.Generator, p: LayerNormParams, tr: Prose) -> Variant:
        H, B = p.hidden_size, p.batch
        a = draw_rounded(rng, (B, H), -2, 2)
        while _spread_too_small(a):
            a = draw_rounded(rng, (B, H), -2, 2)
        gain = draw_rounded(rng, H, 0.5, 1.5) if p.affine else np.ones(H)
        bias = draw_rounded(rng, H, -0.5, 0.5) if p.affine else np.zeros(H)
        mean, std = (float(v[0]) for v in normalization.layer_norm_stats(a))
        centred = (a[0] - mean) / std
        out = normalization.layer_norm(a, gain, bias)[0]
        steps = [
            WorkedStep("μ", tr("mean of a over the H units of sequence 1"), mean),
            WorkedStep("σ", tr("sqrt(mean of (a_i − μ)²), dividing by H"), std),
        ]
        if p.quantity == "out":
            steps += [
                WorkedStep("â", "(a − μ) / σ", as_list(centred)),
                WorkedStep(tr("out"), "g ⊙ â + b", as_list(out)),
            ]
        listing = [(tr("a (batch)"), a)]
        if p.affine:
            listing += [("g", gain), ("b", bias)]
        ask = (
            tr("the layer-normalised summed inputs of sequence 1 (row 1)")
            if p.quantity == "out"
            else tr("σ, the layer-norm standard deviation of sequence 1 (row 1)")
        )
        return Variant(
            givens={"a": as_list(a), "gain": as_list(gain), "bias": as_list(bias)},
            prompt=tr(
                "{rule}\n\nCompute {ask} from:\n\n{listing}",
                rule=tr(RULE),
                ask=ask,
                listing=matrix_block(listing),
            ),
            answer=as_list(out) if p.quantity == "out" else std,
            tolerance=Tolerance(abs=0.01),
            steps=steps,
            answer_form=vector_form(tr, H if p.quantity == "out" else 1),
            mistakes=norm_mistakes(p.quantity, a, gain, bias, p.affine, tr),
        )


def _spread_too_small(a: np.ndarray) -> bool:
    """Redraw unless every sequence's σ is at least 0.3 and every unit varies over the batch
    (else batch statistics divide by zero). A row of equal values is refused before
    ``layer_norm_stats`` sees it: its σ is 0, which the engine refuses to divide by."""
    if np.ptp(a, axis=1).min() == 0:
        return True
    return bool(normalization.layer_norm_stats(a)[1].min() < 0.3 or a.std(axis=0).min() == 0)


def norm_mistakes(
    quantity: str, a: np.ndarray, gain: np.ndarray, bias: np.ndarray, affine: bool, tr: Prose
) -> tuple[Mistake, ...]:
    """Batch statistics, the unbiased variance, no centring, and (if any) the affine left out."""
    row = a[0]
    H = row.size
    unbiased = float(row.std(ddof=1))
    rms = float(np.sqrt(np.mean(row**2)))
    unbiased_note = tr(
        "Layer norm divides by H = {H}, not H − 1: σ is the population standard deviation of "
        "the units, as in Ba et al. (and torch.nn.LayerNorm).",
        H=H,
    )
    rms_note = tr("Layer norm subtracts the mean first: σ is computed from a_i − μ, not from a_i.")
    if quantity == "sigma":
        return (
            Mistake("norm.unbiased-variance", tr("divided by H − 1"), "σ", unbiased, unbiased_note),
            Mistake(
                "norm.no-centring",
                tr("root mean square without subtracting μ"),
                "μ",
                rms,
                rms_note,
            ),
        )
    mean = row.mean()
    found = [
        Mistake(
            "norm.batch-statistics",
            tr("each unit normalised over the batch (batch norm)"),
            "μ",
            as_list(normalization.batch_norm_train(a, gain, bias)[0]),
            tr(
                "That is batch norm: statistics per unit across the sequences of the batch. "
                "Layer norm takes them across the units of one sequence, so it needs no batch."
            ),
        ),
        Mistake(
            "norm.unbiased-variance",
            tr("σ with H − 1 in the denominator"),
            "σ",
            as_list(gain * (row - mean) / unbiased + bias),
            unbiased_note,
        ),
        Mistake(
            "norm.no-centring",
            tr("a divided by its root mean square, μ not subtracted"),
            "μ",
            as_list(gain * row / rms + bias),
            rms_note,
        ),
    ]
    if affine:
        found.append(
            Mistake(
                "norm.affine-left-out",
                tr("gain and bias left out"),
                tr("out"),
                as_list((row - mean) / row.std()),
                tr(
                    "Each unit has its own adaptive gain g_i and bias b_i, applied after the "
                    "normalisation: out = g ⊙ â + b."
                ),
            )
        )
    return tuple(found)

"""Clipping a gradient by its global norm (torch's clip_grad_norm_) or by value, by the engine."""

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
    fmt,
    vector_form,
)


class ClipParams(Params):
    quantity: Literal["norm", "clipped", "by_value"] = "clipped"
    # one component: its L1 norm is its L2 norm and clipping by value is clipping by norm
    length: int = Field(2, ge=2, le=4)
    max_norm: float | None = Field(None, gt=0)


class ClipGradient(Template):
    name = "clip_gradient"
    summary = "Clip a gradient by global norm (torch's clip_grad_norm_) or by value."
    topics = ("numeric.clipping", "rnn.exploding")
    params_model = ClipParams

    def build(self, rng: np.random.Generator, p: ClipParams, tr: Prose) -> Variant:
        grad = rng.integers(-8, 9, size=p.length).astype(float)
        if not grad.any():
            grad[0] = 3.0
        max_norm = p.max_norm or float(rng.integers(1, 6))
        clipped, total = engine.clip_grad_norm([grad], max_norm)
        by_value = engine.clip_grad_value([grad], max_norm)[0]
        coef = min(max_norm / (total + engine.clipping.EPSILON), 1.0)
        steps = [
            WorkedStep("‖g‖", "sqrt(Σ g_k²)", total),
            WorkedStep(tr("scale"), f"min({max_norm:g} / (‖g‖ + 1e-6), 1)", coef),
            WorkedStep(tr("clipped"), tr("g · scale"), as_list(clipped[0])),
        ]
        if p.quantity == "norm":
            ask, answer = tr("the gradient's global L2 norm before clipping"), total
            form = vector_form(tr, 1)
        elif p.quantity == "clipped":
            ask = tr(
                "the gradient after `clip_grad_norm_(max_norm={max_norm:g})`", max_norm=max_norm
            )
            answer, form = as_list(clipped[0]), vector_form(tr, p.length)
        else:
            ask = tr(
                "the gradient after `clip_grad_value_(clip_value={max_norm:g})`", max_norm=max_norm
            )
            answer, form = as_list(by_value), vector_form(tr, p.length)
            steps = [
                WorkedStep(
                    tr("clamped"),
                    tr("each g_k clamped to [−{max_norm:g}, {max_norm:g}]", max_norm=max_norm),
                    as_list(by_value),
                )
            ]
        mistakes = clip_mistakes(p.quantity, grad, max_norm, total, clipped[0], by_value, tr)
        if p.quantity == "clipped":
            prompt = tr(
                "A gradient is g = {g}. Give {ask}. "
                "PyTorch scales by min(max_norm / (‖g‖ + 1e-6), 1).",
                g=fmt(grad),
                ask=ask,
            )
        else:
            prompt = tr("A gradient is g = {g}. Give {ask}.", g=fmt(grad), ask=ask)
        return Variant(
            givens={"g": as_list(grad), "max_norm": max_norm},
            prompt=prompt,
            answer=answer if isinstance(answer, list) else float(answer),
            tolerance=Tolerance(abs=0.005),
            steps=steps,
            answer_form=form,
            mistakes=mistakes,
        )


def clip_mistakes(
    quantity: str,
    grad: np.ndarray,
    max_norm: float,
    total: float,
    clipped: np.ndarray,
    by_value: np.ndarray,
    tr: Prose,
) -> tuple[Mistake, ...]:
    if quantity == "norm":
        return (
            Mistake(
                "clip.l1-norm",
                tr("the L1 norm (sum of |g_k|) instead of the L2 norm"),
                "‖g‖",
                float(np.abs(grad).sum()),
                tr("clip_grad_norm_ uses the L2 norm by default (norm_type=2): sqrt(Σ g_k²)."),
            ),
        )
    found = []
    if quantity == "clipped":
        found.append(
            Mistake(
                "clip.by-value",
                tr("clipped each component by value instead of rescaling by the norm"),
                tr("clipped"),
                as_list(by_value),
                tr(
                    "clip_grad_norm_ rescales the whole vector, keeping its direction; "
                    "clip_grad_value_ clamps each component."
                ),
            )
        )
        if total < max_norm:
            found.append(
                Mistake(
                    "clip.always-rescaled",
                    tr("rescaled although the norm was already below max_norm"),
                    tr("scale"),
                    as_list(grad * max_norm / total),
                    tr(
                        "The scale is min(max_norm / (‖g‖ + 1e-6), 1): a gradient already inside "
                        "the ball is left as it is."
                    ),
                )
            )
    else:
        found.append(
            Mistake(
                "clip.by-norm",
                tr("rescaled by the norm instead of clamping each component"),
                tr("clamped"),
                as_list(clipped),
                tr("clip_grad_value_ clamps each g_k to [−c, c] on its own; it does not rescale."),
            )
        )
    return tuple(found)

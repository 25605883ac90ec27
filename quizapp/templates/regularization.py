"""Regularisation arithmetic: how many dropout masks a sequence samples, and what weight tying
saves in a language model. Counts come from ``engine.dropout_masks`` and ``engine.lm_params``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from engine import dropout_masks, lm_params
from quizapp.templates.base import (
    Mistake,
    Params,
    Prose,
    Template,
    Tolerance,
    Variant,
    WorkedStep,
)
from quizapp.templates.params import Field
from quizapp.templates.prose import N_

SCHEME_RULES = {
    "naive": N_(
        "Zaremba, Sutskever & Vinyals (2014) apply dropout only to the non-recurrent "
        "connections and draw a fresh mask at every time step"
    ),
    "variational": N_(
        "Gal & Ghahramani (2016) reuse one mask for the whole sequence on every connection, the "
        "recurrent ones included"
    ),
}


class DropoutMaskParams(Params):
    scheme: Literal["naive", "variational"] = "naive"
    quantity: Literal["masks", "entries"] = "masks"


class DropoutMasks(Template):
    name = "dropout_mask_count"
    summary = "Dropout masks (or Bernoulli entries) one sequence samples: naive vs variational."
    topics = ("reg.recurrent-dropout",)
    params_model = DropoutMaskParams

    def build(self, rng: np.random.Generator, p: DropoutMaskParams, tr: Prose) -> Variant:
        L = int(rng.integers(1, 4))
        T = int(rng.integers(5, 41))
        d_x = int(rng.integers(2, 33)) * 10
        h = int(rng.integers(2, 65)) * 10
        plan = dropout_masks.mask_plan(p.scheme, L, T, d_x, h)
        masks = len(plan)
        entries = sum(m.connection.size for m in plan)
        if L == 1:
            stack = tr("A one-layer LSTM of {units} units", units=h)
            links = tr(
                "the input into the layer, its output, and its recurrent connection h_(t−1) → h_t"
            )
        else:
            stack = tr("An LSTM of {layers} stacked layers, {units} units each,", layers=L, units=h)
            links = (
                tr(
                    "the input into layer 1, one between layers, the output of layer {layers}, "
                    "and one recurrent connection h_(t−1) → h_t per layer",
                    layers=L,
                )
                if L == 2
                else tr(
                    "the input into layer 1, {between} between layers, the output of layer "
                    "{layers}, and one recurrent connection h_(t−1) → h_t per layer",
                    between=L - 1,
                    layers=L,
                )
            )
        setting = tr(
            "{stack} reads one sequence of T = {T} steps of {inputs}-dimensional inputs. Its "
            "connections: {links}. {scheme}. One mask per connection and "
            "sampling; a mask has one entry per unit of the vector it multiplies.",
            stack=stack,
            T=T,
            inputs=d_x,
            links=links,
            scheme=tr(SCHEME_RULES[p.scheme]),
        )
        if p.quantity == "masks":
            ask, answer = tr("How many dropout masks does this one sequence sample?"), masks
        else:
            ask = tr("How many Bernoulli entries do those masks hold in total?")
            answer = entries
        return Variant(
            givens={"layers": L, "steps": T, "input_size": d_x, "hidden_size": h},
            prompt=f"{setting}\n\n{ask}",
            answer=float(answer),
            tolerance=Tolerance(abs=0),
            steps=mask_steps(p.scheme, L, T, d_x, h, masks, entries, tr),
            answer_form=tr("a whole number"),
            extras={"scheme": p.scheme},
            mistakes=tuple(
                m for m in mask_mistakes(p, L, T, d_x, h, tr) if m.answer != float(answer)
            ),
        )


def mask_steps(
    scheme: str, L: int, T: int, d_x: int, h: int, masks: int, entries: int, tr: Prose
) -> list[WorkedStep]:
    if scheme == "naive":
        return [
            WorkedStep(
                tr("connections"),
                tr("L + 1 = {count} non-recurrent, no recurrent", count=L + 1),
                L + 1,
            ),
            WorkedStep(tr("masks"), f"(L + 1)·T = {L + 1}·{T}", float(masks)),
            WorkedStep(tr("entries"), f"T·(d_x + L·h) = {T}·({d_x} + {L}·{h})", float(entries)),
        ]
    return [
        WorkedStep(
            tr("connections"),
            tr("(L + 1) + L = {count}, recurrent included", count=2 * L + 1),
            2 * L + 1,
        ),
        WorkedStep(tr("masks"), tr("one per connection for the whole sequence"), float(masks)),
        WorkedStep(tr("entries"), f"d_x + 2·L·h = {d_x} + 2·{L}·{h}", float(entries)),
    ]


def mask_mistakes(
    p: DropoutMaskParams, L: int, T: int, d_x: int, h: int, tr: Prose
) -> list[Mistake]:
    """Per-step resampling where the scheme shares, sharing where it resamples, and the
    connections miscounted (output forgotten, recurrent ones added or dropped)."""
    entries = p.quantity == "entries"
    if p.scheme == "naive":
        per_step = d_x + L * h
        return [
            Mistake(
                "dropout.naive-not-resampled",
                tr("one mask per connection for the whole sequence"),
                tr("masks"),
                float(per_step if entries else L + 1),
                tr(
                    "In Zaremba et al.'s recipe the mask is drawn anew at every step, so every "
                    "one of the T steps samples its own masks."
                ),
            ),
            Mistake(
                "dropout.output-forgotten",
                tr("the output of layer {layers} not counted (L connections per step)", layers=L),
                tr("connections"),
                float(T * (d_x + (L - 1) * h) if entries else L * T),
                tr(
                    "Dropout also acts on the top layer's output before the softmax: L + 1 "
                    "connections, so information is corrupted L + 1 times (Zaremba et al., §3.2)."
                ),
            ),
            Mistake(
                "dropout.recurrent-added",
                tr("the recurrent connections dropped as well"),
                tr("connections"),
                float(T * (d_x + 2 * L * h) if entries else (2 * L + 1) * T),
                tr(
                    "Zaremba et al. leave h_(t−1) → h_t untouched; only the non-recurrent "
                    "connections are dropped."
                ),
            ),
        ]
    return [
        Mistake(
            "dropout.variational-resampled",
            tr("a fresh mask at every step"),
            tr("masks"),
            float(T * (d_x + 2 * L * h) if entries else (2 * L + 1) * T),
            tr(
                "Variational dropout samples each mask once per sequence and repeats it at every "
                "step (Gal & Ghahramani 2016, §4)."
            ),
        ),
        Mistake(
            "dropout.recurrent-forgotten",
            tr("the recurrent connections not counted"),
            tr("connections"),
            float(d_x + L * h if entries else L + 1),
            tr(
                "Gal & Ghahramani drop the recurrent connections too, with their own shared "
                "masks: one per layer."
            ),
        ),
    ]


class TiedLMParams(Params):
    tied: bool = True
    cell: Literal["lstm", "gru"] = "lstm"
    num_layers: int = Field(1, ge=1, le=3)


CELL_CLASSES = {"lstm": "nn.LSTM", "gru": "nn.GRU"}
GATE_BLOCKS = {"lstm": 4, "gru": 3}


class LMParamCount(Template):
    name = "lm_param_count"
    summary = "Parameters of a PyTorch word-level language model, with or without weight tying."
    topics = ("reg.weight-tying", "numeric.param-count")
    params_model = TiedLMParams

    def build(self, rng: np.random.Generator, p: TiedLMParams, tr: Prose) -> Variant:
        V = int(rng.integers(5, 101)) * 100
        d = int(rng.integers(4, 33)) * 8
        L, G = p.num_layers, GATE_BLOCKS[p.cell]
        parts = lm_params.language_model_params(V, d, d, p.cell, L, tied=p.tied)
        layers = f", num_layers={L}" if L > 1 else ""
        tie_line = (
            tr("decoder.weight = emb.weight (tied, as in PyTorch's word_language_model example)")
            if p.tied
            else tr("no weight tying")
        )
        prompt = tr(
            "A word-level language model in PyTorch: emb = nn.Embedding({V}, {d}), "
            "rnn = {cell}({d}, {d}{layers}), decoder = nn.Linear({d}, {V}), "
            "with {tie_line}. PyTorch's recurrent layers keep two bias vectors per gate block. "
            "How many distinct trainable parameters does the model have?",
            V=V,
            d=d,
            cell=CELL_CLASSES[p.cell],
            layers=layers,
            tie_line=tie_line,
        )
        steps = [
            WorkedStep(tr("embedding"), f"V·d = {V}·{d}", float(parts.embedding)),
            WorkedStep(
                tr("recurrent"),
                tr("{G}·(d·d + d·d + 2d) per layer × {L}", G=G, L=L),
                float(parts.recurrent),
            ),
            WorkedStep(
                tr("decoder weight"),
                tr("0: it is the embedding matrix") if p.tied else f"V·d = {V}·{d}",
                float(parts.decoder_weight),
            ),
            WorkedStep(
                tr("decoder bias"), tr("V = {V} (never shared)", V=V), float(parts.decoder_bias)
            ),
            WorkedStep(tr("total"), tr("sum"), float(parts.total)),
        ]
        return Variant(
            givens={"vocab": V, "embed": d, "layers": L},
            prompt=prompt,
            answer=float(parts.total),
            tolerance=Tolerance(abs=0),
            steps=steps,
            answer_form=tr("a whole number"),
            extras={"cell": p.cell, "vocab": V, "embed": d},
            mistakes=lm_mistakes(p, V, d, parts, tr),
        )


def lm_mistakes(
    p: TiedLMParams, V: int, d: int, parts: lm_params.LMParams, tr: Prose
) -> tuple[Mistake, ...]:
    one_bias = parts.total - GATE_BLOCKS[p.cell] * d * p.num_layers
    found = [
        Mistake(
            "lm.one-bias",
            tr("one bias vector per gate block in the recurrent layers"),
            tr("recurrent"),
            float(one_bias),
            tr("That is the Keras / textbook bias layout; PyTorch keeps bias_ih and bias_hh."),
            convention=True,
        ),
        Mistake(
            "lm.decoder-bias-forgotten",
            tr("the decoder's bias left out"),
            tr("decoder bias"),
            float(parts.total - V),
            tr("nn.Linear has a bias of V entries; tying shares the weight matrix only."),
        ),
    ]
    if p.tied:
        found.append(
            Mistake(
                "lm.tied-counted-twice",
                tr("the tied matrix counted twice"),
                tr("decoder weight"),
                float(parts.total + V * d),
                tr(
                    "After decoder.weight = emb.weight both modules hold the same Parameter, and "
                    "model.parameters() yields it once: V·d is saved."
                ),
            )
        )
    else:
        found.append(
            Mistake(
                "lm.untied-counted-tied",
                tr("the decoder weight counted as shared"),
                tr("decoder weight"),
                float(parts.total - V * d),
                tr("Without tying the decoder has its own V × d weight matrix."),
            )
        )
    return tuple(found)

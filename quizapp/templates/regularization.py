"""Regularisation arithmetic: how many dropout masks a sequence samples, and what weight tying
saves in a language model. Counts come from ``engine.dropout_masks`` and ``engine.lm_params``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from engine import dropout_masks, lm_params
from quizapp.templates.base import Mistake, Params, Template, Tolerance, Variant, WorkedStep
from quizapp.templates.params import Field

SCHEME_RULES = {
    "naive": (
        "Zaremba, Sutskever & Vinyals (2014) apply dropout only to the non-recurrent "
        "connections and draw a fresh mask at every time step"
    ),
    "variational": (
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

    def build(self, rng: np.random.Generator, p: DropoutMaskParams) -> Variant:
        L = int(rng.integers(1, 4))
        T = int(rng.integers(5, 41))
        d_x = int(rng.integers(2, 33)) * 10
        h = int(rng.integers(2, 65)) * 10
        plan = dropout_masks.mask_plan(p.scheme, L, T, d_x, h)
        masks = len(plan)
        entries = sum(m.connection.size for m in plan)
        if L == 1:
            stack = f"A one-layer LSTM of {h} units"
            links = (
                "the input into the layer, its output, and its recurrent connection h_(t−1) → h_t"
            )
        else:
            stack = f"An LSTM of {L} stacked layers, {h} units each,"
            between = "one" if L == 2 else str(L - 1)
            links = (
                f"the input into layer 1, {between} between layers, the output of layer {L}, "
                "and one recurrent connection h_(t−1) → h_t per layer"
            )
        setting = (
            f"{stack} reads one sequence of T = {T} steps of {d_x}-dimensional inputs. Its "
            f"connections: {links}. {SCHEME_RULES[p.scheme]}. One mask per connection and "
            "sampling; a mask has one entry per unit of the vector it multiplies."
        )
        if p.quantity == "masks":
            ask, answer = "How many dropout masks does this one sequence sample?", masks
        else:
            ask = "How many Bernoulli entries do those masks hold in total?"
            answer = entries
        return Variant(
            givens={"layers": L, "steps": T, "input_size": d_x, "hidden_size": h},
            prompt=f"{setting}\n\n{ask}",
            answer=float(answer),
            tolerance=Tolerance(abs=0),
            steps=mask_steps(p.scheme, L, T, d_x, h, masks, entries),
            answer_form="a whole number",
            extras={"scheme": p.scheme},
            mistakes=tuple(m for m in mask_mistakes(p, L, T, d_x, h) if m.answer != float(answer)),
        )


def mask_steps(
    scheme: str, L: int, T: int, d_x: int, h: int, masks: int, entries: int
) -> list[WorkedStep]:
    if scheme == "naive":
        return [
            WorkedStep("connections", f"L + 1 = {L + 1} non-recurrent, no recurrent", L + 1),
            WorkedStep("masks", f"(L + 1)·T = {L + 1}·{T}", float(masks)),
            WorkedStep("entries", f"T·(d_x + L·h) = {T}·({d_x} + {L}·{h})", float(entries)),
        ]
    return [
        WorkedStep("connections", f"(L + 1) + L = {2 * L + 1}, recurrent included", 2 * L + 1),
        WorkedStep("masks", "one per connection for the whole sequence", float(masks)),
        WorkedStep("entries", f"d_x + 2·L·h = {d_x} + 2·{L}·{h}", float(entries)),
    ]


def mask_mistakes(p: DropoutMaskParams, L: int, T: int, d_x: int, h: int) -> list[Mistake]:
    """Per-step resampling where the scheme shares, sharing where it resamples, and the
    connections miscounted (output forgotten, recurrent ones added or dropped)."""
    entries = p.quantity == "entries"
    if p.scheme == "naive":
        per_step = d_x + L * h
        return [
            Mistake(
                "dropout.naive-not-resampled",
                "one mask per connection for the whole sequence",
                "masks",
                float(per_step if entries else L + 1),
                "In Zaremba et al.'s recipe the mask is drawn anew at every step, so every one of "
                "the T steps samples its own masks.",
            ),
            Mistake(
                "dropout.output-forgotten",
                f"the output of layer {L} not counted (L connections per step)",
                "connections",
                float(T * (d_x + (L - 1) * h) if entries else L * T),
                "Dropout also acts on the top layer's output before the softmax: L + 1 "
                "connections, so information is corrupted L + 1 times (Zaremba et al., §3.2).",
            ),
            Mistake(
                "dropout.recurrent-added",
                "the recurrent connections dropped as well",
                "connections",
                float(T * (d_x + 2 * L * h) if entries else (2 * L + 1) * T),
                "Zaremba et al. leave h_(t−1) → h_t untouched; only the non-recurrent "
                "connections are dropped.",
            ),
        ]
    return [
        Mistake(
            "dropout.variational-resampled",
            "a fresh mask at every step",
            "masks",
            float(T * (d_x + 2 * L * h) if entries else (2 * L + 1) * T),
            "Variational dropout samples each mask once per sequence and repeats it at every "
            "step (Gal & Ghahramani 2016, §4).",
        ),
        Mistake(
            "dropout.recurrent-forgotten",
            "the recurrent connections not counted",
            "connections",
            float(d_x + L * h if entries else L + 1),
            "Gal & Ghahramani drop the recurrent connections too, with their own shared masks: "
            "one per layer.",
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

    def build(self, rng: np.random.Generator, p: TiedLMParams) -> Variant:
        V = int(rng.integers(5, 101)) * 100
        d = int(rng.integers(4, 33)) * 8
        L, G = p.num_layers, GATE_BLOCKS[p.cell]
        parts = lm_params.language_model_params(V, d, d, p.cell, L, tied=p.tied)
        layers = f", num_layers={L}" if L > 1 else ""
        tie_line = (
            "decoder.weight = emb.weight (tied, as in PyTorch's word_language_model example)"
            if p.tied
            else "no weight tying"
        )
        prompt = (
            f"A word-level language model in PyTorch: emb = nn.Embedding({V}, {d}), "
            f"rnn = {CELL_CLASSES[p.cell]}({d}, {d}{layers}), decoder = nn.Linear({d}, {V}), "
            f"with {tie_line}. PyTorch's recurrent layers keep two bias vectors per gate block. "
            "How many distinct trainable parameters does the model have?"
        )
        steps = [
            WorkedStep("embedding", f"V·d = {V}·{d}", float(parts.embedding)),
            WorkedStep(
                "recurrent", f"{G}·(d·d + d·d + 2d) per layer × {L}", float(parts.recurrent)
            ),
            WorkedStep(
                "decoder weight",
                "0: it is the embedding matrix" if p.tied else f"V·d = {V}·{d}",
                float(parts.decoder_weight),
            ),
            WorkedStep("decoder bias", f"V = {V} (never shared)", float(parts.decoder_bias)),
            WorkedStep("total", "sum", float(parts.total)),
        ]
        return Variant(
            givens={"vocab": V, "embed": d, "layers": L},
            prompt=prompt,
            answer=float(parts.total),
            tolerance=Tolerance(abs=0),
            steps=steps,
            answer_form="a whole number",
            extras={"cell": p.cell, "vocab": V, "embed": d},
            mistakes=lm_mistakes(p, V, d, parts),
        )


def lm_mistakes(p: TiedLMParams, V: int, d: int, parts: lm_params.LMParams) -> tuple[Mistake, ...]:
    one_bias = parts.total - GATE_BLOCKS[p.cell] * d * p.num_layers
    found = [
        Mistake(
            "lm.one-bias",
            "one bias vector per gate block in the recurrent layers",
            "recurrent",
            float(one_bias),
            "That is the Keras / textbook bias layout; PyTorch keeps bias_ih and bias_hh.",
            convention=True,
        ),
        Mistake(
            "lm.decoder-bias-forgotten",
            "the decoder's bias left out",
            "decoder bias",
            float(parts.total - V),
            "nn.Linear has a bias of V entries; tying shares the weight matrix only.",
        ),
    ]
    if p.tied:
        found.append(
            Mistake(
                "lm.tied-counted-twice",
                "the tied matrix counted twice",
                "decoder weight",
                float(parts.total + V * d),
                "After decoder.weight = emb.weight both modules hold the same Parameter, and "
                "model.parameters() yields it once: V·d is saved.",
            )
        )
    else:
        found.append(
            Mistake(
                "lm.untied-counted-tied",
                "the decoder weight counted as shared",
                "decoder weight",
                float(parts.total - V * d),
                "Without tying the decoder has its own V × d weight matrix.",
            )
        )
    return tuple(found)

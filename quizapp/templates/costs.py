"""Cost arithmetic of a recurrent layer: FLOPs, MACs and memory, counted by ``engine.costs``.

Sizes are drawn from the round numbers an interviewer would use (H = 512, B = 32, T = 100);
the prompt states the counting convention (one multiply-add = 2 FLOPs, matrix products only,
what BPTT keeps) because published counts differ by exactly those factors. Answers are large,
so the tolerance is relative (0.5 %): three significant figures, e-notation welcome.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from engine.costs import SAVED_PER_STEP, LayerCost, layer_cost
from quizapp.templates.base import (
    Mistake,
    Params,
    Prose,
    Template,
    Tolerance,
    Variant,
    WorkedStep,
)
from quizapp.templates.prose import N_

HIDDEN = (64, 128, 256, 512, 1024)
INPUT = (32, 64, 100, 128, 256, 300, 512)
STEPS = (20, 35, 50, 100, 200)
BATCH = (8, 16, 32, 64, 128)
FLOAT32 = 4
MIB, KIB = 2**20, 2**10

CELL_NAMES = {"rnn": N_("vanilla (tanh) RNN"), "gru": "GRU", "lstm": "LSTM"}
SAVED_TEXT = {
    ("lstm", "after"): N_("the four gates i, f, g, o, the cell state c_t, tanh(c_t) and h_t"),
    ("gru", "after"): N_(
        "the gates r and z, the candidate n, W_hn·h_(t−1) + b_hn (the reset is applied after "
        "the hidden matmul, as in PyTorch) and h_t"
    ),
    ("gru", "before"): N_(
        "the gates r and z, the candidate n and h_t (the reset is applied before the hidden "
        "matmul, as in Cho et al. 2014)"
    ),
    ("rnn", "after"): N_("h_t only (tanh' = 1 − h_t² is recomputed from it)"),
}
BLOCKS = {
    1: N_("one block"),
    3: N_("3 blocks: r, z, n"),
    4: N_("4 blocks: i, f, g, o"),
}
Quantity = Literal[
    "forward_flops", "forward_macs", "training_flops", "bptt_memory", "inference_memory"
]


class LayerCostParams(Params):
    cell: Literal["rnn", "gru", "lstm"] = "lstm"
    quantity: Quantity = "forward_flops"
    reset: Literal["before", "after"] = "after"


class LayerCostTemplate(Template):
    name = "layer_cost"
    summary = "FLOPs, MACs or memory of an RNN, GRU or LSTM layer over T steps (engine.costs)."
    topics = ("cost.flops", "cost.activation-memory")
    params_model = LayerCostParams

    def build(self, rng: np.random.Generator, p: LayerCostParams, tr: Prose) -> Variant:
        H = int(rng.choice(HIDDEN))
        I = int(rng.choice([size for size in INPUT if size != H]))
        T, B = int(rng.choice(STEPS)), int(rng.choice(BATCH))
        reset = p.reset if p.cell == "gru" else "after"
        cost = layer_cost(p.cell, I, H, T, B, reset=reset)
        setting = tr(
            "A single-direction {cell} layer with input size I = {I} and hidden "
            "size H = {H} runs T = {T} steps on a batch of B = {B} sequences.",
            cell=tr(CELL_NAMES[p.cell]),
            I=I,
            H=H,
            T=T,
            B=B,
        )
        if p.quantity in ("forward_flops", "forward_macs", "training_flops"):
            prompt, answer, steps, mistakes, form = _compute(p.quantity, cost, setting, tr)
        elif p.quantity == "bptt_memory":
            prompt, answer, steps, mistakes, form = _bptt_memory(cost, reset, setting, tr)
        else:
            prompt, answer, steps, mistakes, form = _inference_memory(cost, tr)
        return Variant(
            givens={"cell": p.cell, "input_size": I, "hidden_size": H, "steps": T, "batch": B},
            prompt=prompt,
            answer=float(answer),
            tolerance=Tolerance(rel=0.005),
            steps=steps,
            answer_form=form,
            extras={"reset": reset},
            mistakes=tuple(m for m in mistakes if m.answer != answer),
        )


Built = tuple[str, float, list[WorkedStep], list[Mistake], str]


def _compute(quantity: str, cost: LayerCost, setting: str, tr: Prose) -> Built:
    G, H, I, T, B = cost.gate_blocks, cost.hidden_size, cost.input_size, cost.steps, cost.batch
    per_step = G * H * (I + H)
    steps = [
        WorkedStep(tr("weight blocks"), f"G = {G} ({tr(BLOCKS[G])})", float(G)),
        WorkedStep(
            tr("MACs per step and sequence"),
            f"G·H·I + G·H·H = {G}·{H}·{I} + {G}·{H}·{H}",
            float(per_step),
        ),
        WorkedStep(tr("forward MACs"), f"× T·B = × {T}·{B}", float(cost.forward_macs)),
        WorkedStep(tr("forward FLOPs"), tr("2 FLOPs per multiply-add"), float(cost.forward_flops)),
    ]
    rule = tr(
        "Count only the matrix products W_ih·x_t and W_hh·h_(t−1) (biases, σ, tanh and the "
        "element-wise products are left out)"
    )
    if quantity == "forward_macs":
        prompt = tr(
            "{setting} {rule}. How many multiply-accumulate operations (MACs: one multiply "
            "and one add each) does the forward pass take?",
            setting=setting,
            rule=rule,
        )
        answer, unit = cost.forward_macs, "MACs"
        steps = steps[:3]
    elif quantity == "forward_flops":
        prompt = tr(
            "{setting} {rule}, and count one multiply-add as 2 FLOPs. How many FLOPs does the "
            "forward pass take?",
            setting=setting,
            rule=rule,
        )
        answer, unit = cost.forward_flops, "FLOPs"
    else:
        prompt = tr(
            "{setting} {rule}, one multiply-add = 2 FLOPs. The backward pass (BPTT) computes, "
            "for every matrix product of the forward pass, the gradients with respect to both "
            "of its operands: the weight, and x_t or h_(t−1). How many FLOPs do the forward "
            "and backward passes take together?",
            setting=setting,
            rule=rule,
        )
        answer, unit = cost.training_flops, "FLOPs"
        steps += [
            WorkedStep(
                tr("backward FLOPs"),
                tr("2 products per forward product"),
                float(cost.backward_flops),
            ),
            WorkedStep(
                tr("forward + backward"), tr("3 × forward FLOPs"), float(cost.training_flops)
            ),
        ]
    scale = answer / cost.forward_macs  # 1 (MACs), 2 (FLOPs) or 6 (training FLOPs)
    mistakes = [
        Mistake(
            "cost.one-block",
            tr("one weight block counted instead of G"),
            tr("weight blocks"),
            answer / G,
            tr(
                "The {cell} layer has G = {G} weight blocks, each H×I and H×H "
                "(one per gate and one for the candidate): multiply by G.",
                cell=_short_name(cost),
                G=G,
            ),
        ),
        Mistake(
            "cost.input-only",
            tr("only the input product W_ih·x_t counted"),
            tr("MACs per step and sequence"),
            scale * T * B * G * H * I,
            tr("Every step also multiplies h_(t−1) by W_hh (G·H·H multiply-adds)."),
        ),
        Mistake(
            "cost.recurrent-only",
            tr("only the recurrent product W_hh·h_(t−1) counted"),
            tr("MACs per step and sequence"),
            scale * T * B * G * H * H,
            tr("Every step also multiplies x_t by W_ih (G·H·I multiply-adds)."),
        ),
        Mistake(
            "cost.no-batch",
            tr("one sequence counted instead of the batch"),
            tr("forward MACs"),
            answer / B,
            tr("Every one of the B = {B} sequences does the same work: multiply by B.", B=B),
        ),
        Mistake(
            "cost.one-step",
            tr("one time step counted instead of T"),
            tr("forward MACs"),
            answer / T,
            tr(
                "The layer runs the same products at each of the T = {T} steps: multiply by T.", T=T
            ),
        ),
    ]
    if quantity == "forward_macs":
        mistakes.append(
            Mistake(
                "cost.flops-for-macs",
                tr("FLOPs given (2 per multiply-add) where MACs were asked"),
                tr("forward MACs"),
                2.0 * answer,
                tr("A MAC is one multiply-add; 2 FLOPs per MAC would double the count."),
            )
        )
    else:
        mistakes.append(
            Mistake(
                "cost.macs-for-flops",
                tr("the factor 2 for multiply-adds forgotten (MACs given)"),
                tr("forward FLOPs"),
                answer / 2,
                tr("Each multiply-add is 2 FLOPs (a multiply and an add)."),
            )
        )
    if quantity == "training_flops":
        mistakes += [
            Mistake(
                "cost.forward-only",
                tr("the forward pass only"),
                tr("forward + backward"),
                float(cost.forward_flops),
                tr("The backward pass costs twice the forward: add 2 × the forward FLOPs."),
            ),
            Mistake(
                "cost.one-backward-product",
                tr("one backward product per forward product (backward = forward)"),
                tr("backward FLOPs"),
                2.0 * cost.forward_flops,
                tr("Each forward product Y = W·X needs dX = Wᵀ·dY and dW = dY·Xᵀ: two products."),
            ),
        ]
    form = tr(
        "a number of {unit}, to 3 significant figures (e-notation such as 1.23e9 is fine)",
        unit=unit,
    )
    return prompt, float(answer), steps, mistakes, form


def _short_name(cost: LayerCost) -> str:
    return {"lstm": "LSTM", "gru": "GRU", "rnn": "RNN"}[cost.cell]


def _bptt_memory(cost: LayerCost, reset: str, setting: str, tr: Prose) -> Built:
    H, T, B = cost.hidden_size, cost.steps, cost.batch
    k = len(SAVED_PER_STEP[(cost.cell, reset)])
    answer = cost.saved_floats * FLOAT32 / MIB
    prompt = tr.plural(
        "{setting} For training with BPTT the forward pass keeps, at every step and for every "
        "sequence, {saved}: a vector of H numbers. How much memory do these saved values take, "
        "in float32 (4 bytes each), in MiB (2^20 bytes)? Leave out the inputs and the initial "
        "state.",
        "{setting} For training with BPTT the forward pass keeps, at every step and for every "
        "sequence, {saved}: each a vector of H numbers. How much memory do these saved values "
        "take, in float32 (4 bytes each), in MiB (2^20 bytes)? Leave out the inputs and the "
        "initial state.",
        k,
        setting=setting,
        saved=tr(SAVED_TEXT[(cost.cell, reset)]),
    )
    steps = [
        WorkedStep(
            tr("vectors per step"),
            tr.plural("{count} vector of H = {H}", "{count} vectors of H = {H}", k, H=H),
            float(k),
        ),
        WorkedStep(tr("floats"), f"{k}·H·T·B = {k}·{H}·{T}·{B}", float(cost.saved_floats)),
        WorkedStep(tr("bytes"), tr("× 4 (float32)"), float(cost.saved_floats * FLOAT32)),
        WorkedStep("MiB", "÷ 2^20", answer),
    ]
    mistakes = [
        Mistake(
            "memory.h-only",
            tr("only h_t kept per step"),
            tr("vectors per step"),
            T * B * H * FLOAT32 / MIB,
            tr.plural(
                "The backward pass of this layer reads {count} vector per step, not just h_t.",
                "The backward pass of this layer reads {count} vectors per step, not just h_t.",
                k,
            ),
        ),
        Mistake(
            "memory.float64",
            tr("8 bytes per number (float64)"),
            tr("bytes"),
            2 * answer,
            tr(FLOAT64),
        ),
        Mistake(
            "memory.megabytes",
            tr("MB (10^6 bytes) instead of MiB (2^20 bytes)"),
            "MiB",
            cost.saved_floats * FLOAT32 / 1e6,
            tr("1 MiB = 2^20 = 1,048,576 bytes; 10^6 bytes is an MB."),
        ),
        Mistake(
            "memory.no-batch",
            tr("one sequence instead of the batch"),
            tr("floats"),
            answer / B,
            tr("Each of the B = {B} sequences keeps its own values: multiply by B.", B=B),
        ),
        Mistake(
            "memory.one-step",
            tr("one step instead of all T"),
            tr("floats"),
            answer / T,
            tr(
                "BPTT keeps the values of all T = {T} steps until the backward pass reads them.",
                T=T,
            ),
        ),
    ]
    form = tr("a number of MiB, to 3 significant figures")
    return prompt, answer, steps, mistakes, form


FLOAT64 = N_("The question counts float32, 4 bytes per number; 8 bytes per number is float64.")


def _inference_memory(cost: LayerCost, tr: Prose) -> Built:
    H, T, B = cost.hidden_size, cost.steps, cost.batch
    vectors = cost.state_floats // (B * H)
    state = tr("h_t and c_t") if cost.cell == "lstm" else "h_t"
    answer = cost.state_floats * FLOAT32 / KIB
    prompt = tr(
        "A trained single-direction {cell} layer (input size {I}, "
        "hidden size H = {H}) serves B = {B} streams, one step per incoming token, forward "
        "only; T = {T} tokens of each stream have been read so far. How much memory does the "
        "layer carry from one step to the next for all the streams, in float32 (4 bytes each), "
        "in KiB (2^10 bytes)? Leave out the weights.",
        cell=tr(CELL_NAMES[cost.cell]),
        I=cost.input_size,
        H=H,
        B=B,
        T=T,
    )
    steps = [
        WorkedStep(
            tr("state per stream"),
            tr.plural(
                "{state}: {count} vector of H = {H}",
                "{state}: {count} vectors of H = {H}",
                vectors,
                state=state,
                H=H,
            ),
            float(vectors),
        ),
        WorkedStep(tr("floats"), f"{vectors}·H·B = {vectors}·{H}·{B}", float(cost.state_floats)),
        WorkedStep("KiB", tr("× 4 bytes ÷ 2^10"), answer),
    ]
    mistakes = [
        Mistake(
            "memory.all-steps",
            tr("the states of all T steps kept"),
            tr("state per stream"),
            T * answer,
            tr(
                "Forward-only inference needs the current state only; the past states are kept "
                "only for a backward pass."
            ),
        ),
        Mistake(
            "memory.float64", tr("8 bytes per number (float64)"), "KiB", 2 * answer, tr(FLOAT64)
        ),
    ]
    if cost.cell == "lstm":
        mistakes.append(
            Mistake(
                "memory.no-cell-state",
                tr("h_t only: the cell state c_t forgotten"),
                tr("state per stream"),
                answer / 2,
                tr("An LSTM carries two vectors to the next step: h_t and c_t."),
            )
        )
    form = tr("a number of KiB, to 3 significant figures")
    return prompt, answer, steps, mistakes, form

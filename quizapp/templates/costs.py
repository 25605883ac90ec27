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
from quizapp.templates.base import Mistake, Params, Template, Tolerance, Variant, WorkedStep

HIDDEN = (64, 128, 256, 512, 1024)
INPUT = (32, 64, 100, 128, 256, 300, 512)
STEPS = (20, 35, 50, 100, 200)
BATCH = (8, 16, 32, 64, 128)
FLOAT32 = 4
MIB, KIB = 2**20, 2**10

CELL_NAMES = {"rnn": "vanilla (tanh) RNN", "gru": "GRU", "lstm": "LSTM"}
SAVED_TEXT = {
    ("lstm", "after"): "the four gates i, f, g, o, the cell state c_t, tanh(c_t) and h_t",
    ("gru", "after"): (
        "the gates r and z, the candidate n, W_hn·h_(t−1) + b_hn (the reset is applied after "
        "the hidden matmul, as in PyTorch) and h_t"
    ),
    ("gru", "before"): (
        "the gates r and z, the candidate n and h_t (the reset is applied before the hidden "
        "matmul, as in Cho et al. 2014)"
    ),
    ("rnn", "after"): "h_t only (tanh' = 1 − h_t² is recomputed from it)",
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

    def build(self, rng: np.random.Generator, p: LayerCostParams) -> Variant:
        H = int(rng.choice(HIDDEN))
        I = int(rng.choice([size for size in INPUT if size != H]))
        T, B = int(rng.choice(STEPS)), int(rng.choice(BATCH))
        reset = p.reset if p.cell == "gru" else "after"
        cost = layer_cost(p.cell, I, H, T, B, reset=reset)
        setting = (
            f"A single-direction {CELL_NAMES[p.cell]} layer with input size I = {I} and hidden "
            f"size H = {H} runs T = {T} steps on a batch of B = {B} sequences."
        )
        if p.quantity in ("forward_flops", "forward_macs", "training_flops"):
            prompt, answer, steps, mistakes, form = _compute(p.quantity, cost, setting)
        elif p.quantity == "bptt_memory":
            prompt, answer, steps, mistakes, form = _bptt_memory(cost, reset, setting)
        else:
            prompt, answer, steps, mistakes, form = _inference_memory(cost)
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


def _compute(quantity: str, cost: LayerCost, setting: str) -> Built:
    G, H, I, T, B = cost.gate_blocks, cost.hidden_size, cost.input_size, cost.steps, cost.batch
    per_step = G * H * (I + H)
    blocks = {1: "one block", 3: "3 blocks: r, z, n", 4: "4 blocks: i, f, g, o"}[G]
    steps = [
        WorkedStep("weight blocks", f"G = {G} ({blocks})", float(G)),
        WorkedStep(
            "MACs per step and sequence",
            f"G·H·I + G·H·H = {G}·{H}·{I} + {G}·{H}·{H}",
            float(per_step),
        ),
        WorkedStep("forward MACs", f"× T·B = × {T}·{B}", float(cost.forward_macs)),
        WorkedStep("forward FLOPs", "2 FLOPs per multiply-add", float(cost.forward_flops)),
    ]
    rule = (
        "Count only the matrix products W_ih·x_t and W_hh·h_(t−1) (biases, σ, tanh and the "
        "element-wise products are left out)"
    )
    if quantity == "forward_macs":
        prompt = (
            f"{setting} {rule}. How many multiply-accumulate operations (MACs: one multiply "
            "and one add each) does the forward pass take?"
        )
        answer, unit = cost.forward_macs, "MACs"
        steps = steps[:3]
    elif quantity == "forward_flops":
        prompt = (
            f"{setting} {rule}, and count one multiply-add as 2 FLOPs. How many FLOPs does the "
            "forward pass take?"
        )
        answer, unit = cost.forward_flops, "FLOPs"
    else:
        prompt = (
            f"{setting} {rule}, one multiply-add = 2 FLOPs. The backward pass (BPTT) computes, "
            "for every matrix product of the forward pass, the gradients with respect to both "
            "of its operands: the weight, and x_t or h_(t−1). How many FLOPs do the forward "
            "and backward passes take together?"
        )
        answer, unit = cost.training_flops, "FLOPs"
        steps += [
            WorkedStep(
                "backward FLOPs", "2 products per forward product", float(cost.backward_flops)
            ),
            WorkedStep("forward + backward", "3 × forward FLOPs", float(cost.training_flops)),
        ]
    scale = answer / cost.forward_macs  # 1 (MACs), 2 (FLOPs) or 6 (training FLOPs)
    mistakes = [
        Mistake(
            "cost.one-block",
            "one weight block counted instead of G",
            "weight blocks",
            answer / G,
            f"The {_short_name(cost)} layer has G = {G} weight blocks, each H×I and H×H "
            "(one per gate and one for the candidate): multiply by G.",
        ),
        Mistake(
            "cost.input-only",
            "only the input product W_ih·x_t counted",
            "MACs per step and sequence",
            scale * T * B * G * H * I,
            "Every step also multiplies h_(t−1) by W_hh (G·H·H multiply-adds).",
        ),
        Mistake(
            "cost.recurrent-only",
            "only the recurrent product W_hh·h_(t−1) counted",
            "MACs per step and sequence",
            scale * T * B * G * H * H,
            "Every step also multiplies x_t by W_ih (G·H·I multiply-adds).",
        ),
        Mistake(
            "cost.no-batch",
            "one sequence counted instead of the batch",
            "forward MACs",
            answer / B,
            f"Every one of the B = {B} sequences does the same work: multiply by B.",
        ),
        Mistake(
            "cost.one-step",
            "one time step counted instead of T",
            "forward MACs",
            answer / T,
            f"The layer runs the same products at each of the T = {T} steps: multiply by T.",
        ),
    ]
    if quantity == "forward_macs":
        mistakes.append(
            Mistake(
                "cost.flops-for-macs",
                "FLOPs given (2 per multiply-add) where MACs were asked",
                "forward MACs",
                2.0 * answer,
                "A MAC is one multiply-add; 2 FLOPs per MAC would double the count.",
            )
        )
    else:
        mistakes.append(
            Mistake(
                "cost.macs-for-flops",
                "the factor 2 for multiply-adds forgotten (MACs given)",
                "forward FLOPs",
                answer / 2,
                "Each multiply-add is 2 FLOPs (a multiply and an add).",
            )
        )
    if quantity == "training_flops":
        mistakes += [
            Mistake(
                "cost.forward-only",
                "the forward pass only",
                "forward + backward",
                float(cost.forward_flops),
                "The backward pass costs twice the forward: add 2 × the forward FLOPs.",
            ),
            Mistake(
                "cost.one-backward-product",
                "one backward product per forward product (backward = forward)",
                "backward FLOPs",
                2.0 * cost.forward_flops,
                "Each forward product Y = W·X needs dX = Wᵀ·dY and dW = dY·Xᵀ: two products.",
            ),
        ]
    form = f"a number of {unit}, to 3 significant figures (e-notation such as 1.23e9 is fine)"
    return prompt, float(answer), steps, mistakes, form


def _vectors(count: int) -> str:
    return f"{count} vector" if count == 1 else f"{count} vectors"


def _short_name(cost: LayerCost) -> str:
    return {"lstm": "LSTM", "gru": "GRU", "rnn": "RNN"}[cost.cell]


def _bptt_memory(cost: LayerCost, reset: str, setting: str) -> Built:
    H, T, B = cost.hidden_size, cost.steps, cost.batch
    k = len(SAVED_PER_STEP[(cost.cell, reset)])
    answer = cost.saved_floats * FLOAT32 / MIB
    prompt = (
        f"{setting} For training with BPTT the forward pass keeps, at every step and for every "
        f"sequence, {SAVED_TEXT[(cost.cell, reset)]}: {'each ' if k > 1 else ''}a vector of H "
        "numbers. How much "
        "memory do these saved values take, in float32 (4 bytes each), in MiB (2^20 bytes)? "
        "Leave out the inputs and the initial state."
    )
    steps = [
        WorkedStep("vectors per step", f"{_vectors(k)} of H = {H}", float(k)),
        WorkedStep("floats", f"{k}·H·T·B = {k}·{H}·{T}·{B}", float(cost.saved_floats)),
        WorkedStep("bytes", "× 4 (float32)", float(cost.saved_floats * FLOAT32)),
        WorkedStep("MiB", "÷ 2^20", answer),
    ]
    mistakes = [
        Mistake(
            "memory.h-only",
            "only h_t kept per step",
            "vectors per step",
            T * B * H * FLOAT32 / MIB,
            f"The backward pass of this layer reads {_vectors(k)} per step, not just h_t.",
        ),
        Mistake(
            "memory.float64",
            "8 bytes per number (float64)",
            "bytes",
            2 * answer,
            "The question counts float32, 4 bytes per number; 8 bytes per number is float64.",
        ),
        Mistake(
            "memory.megabytes",
            "MB (10^6 bytes) instead of MiB (2^20 bytes)",
            "MiB",
            cost.saved_floats * FLOAT32 / 1e6,
            "1 MiB = 2^20 = 1,048,576 bytes; 10^6 bytes is an MB.",
        ),
        Mistake(
            "memory.no-batch",
            "one sequence instead of the batch",
            "floats",
            answer / B,
            f"Each of the B = {B} sequences keeps its own values: multiply by B.",
        ),
        Mistake(
            "memory.one-step",
            "one step instead of all T",
            "floats",
            answer / T,
            f"BPTT keeps the values of all T = {T} steps until the backward pass reads them.",
        ),
    ]
    form = "a number of MiB, to 3 significant figures"
    return prompt, answer, steps, mistakes, form


def _inference_memory(cost: LayerCost) -> Built:
    H, T, B = cost.hidden_size, cost.steps, cost.batch
    vectors = cost.state_floats // (B * H)
    state = "h_t and c_t" if cost.cell == "lstm" else "h_t"
    answer = cost.state_floats * FLOAT32 / KIB
    prompt = (
        f"A trained single-direction {CELL_NAMES[cost.cell]} layer (input size {cost.input_size}, "
        f"hidden size H = {H}) serves B = {B} streams, one step per incoming token, forward "
        f"only; T = {T} tokens of each stream have been read so far. How much memory does the "
        "layer carry from one step to the next for all the streams, in float32 (4 bytes each), "
        "in KiB (2^10 bytes)? Leave out the weights."
    )
    steps = [
        WorkedStep("state per stream", f"{state}: {_vectors(vectors)} of H = {H}", float(vectors)),
        WorkedStep("floats", f"{vectors}·H·B = {vectors}·{H}·{B}", float(cost.state_floats)),
        WorkedStep("KiB", "× 4 bytes ÷ 2^10", answer),
    ]
    mistakes = [
        Mistake(
            "memory.all-steps",
            "the states of all T steps kept",
            "state per stream",
            T * answer,
            "Forward-only inference needs the current state only; the past states are kept "
            "only for a backward pass.",
        ),
        Mistake(
            "memory.float64",
            "8 bytes per number (float64)",
            "KiB",
            2 * answer,
            "The question counts float32, 4 bytes per number; 8 bytes per number is float64.",
        ),
    ]
    if cost.cell == "lstm":
        mistakes.append(
            Mistake(
                "memory.no-cell-state",
                "h_t only: the cell state c_t forgotten",
                "state per stream",
                answer / 2,
                "An LSTM carries two vectors to the next step: h_t and c_t.",
            )
        )
    form = "a number of KiB, to 3 significant figures"
    return prompt, answer, steps, mistakes, form

"""layer_cost: answers equal an independent count and torch's FLOP counter, every listed wrong
method is a different number that the grader names, and the prompt states its conventions."""

from __future__ import annotations

from typing import Any

import pytest

from engine.costs import layer_cost
from quizapp.templates import TEMPLATES
from tests.templates.diagnosis import assert_every_slip_is_diagnosed

CELLS = ("rnn", "gru", "lstm")
QUANTITIES = ("forward_flops", "forward_macs", "training_flops", "bptt_memory", "inference_memory")
BLOCKS = {"rnn": 1, "gru": 3, "lstm": 4}
SAVED = {("lstm", "after"): 7, ("gru", "after"): 5, ("gru", "before"): 4, ("rnn", "after"): 1}
PARAMS = [{"cell": c, "quantity": q} for c in CELLS for q in QUANTITIES] + [
    {"cell": "gru", "quantity": "bptt_memory", "reset": "before"}
]


def _expected(params: dict[str, Any], g: dict[str, Any], reset: str) -> float:
    """The count written out from the givens, without engine.costs."""
    cell, quantity = params["cell"], params["quantity"]
    G, I, H = BLOCKS[cell], g["input_size"], g["hidden_size"]
    T, B = g["steps"], g["batch"]
    macs = T * B * (G * H * I + G * H * H)
    counts: dict[str, float] = {
        "forward_macs": macs,
        "forward_flops": 2 * macs,
        "training_flops": 2 * macs + 2 * (2 * macs),
        "bptt_memory": SAVED[(cell, reset)] * H * T * B * 4 / 2**20,
        "inference_memory": (2 if cell == "lstm" else 1) * H * B * 4 / 2**10,
    }
    return counts[quantity]


@pytest.mark.parametrize("params", PARAMS)
def test_answer_is_the_count_from_the_givens(params: dict[str, Any]) -> None:
    template = TEMPLATES["layer_cost"]
    for seed in range(60):
        variant = template.draw(seed, params)
        g = variant.givens
        assert variant.answer == pytest.approx(_expected(params, g, variant.extras["reset"]))
        assert g["input_size"] != g["hidden_size"]  # the input-only and recurrent-only slips differ
        assert variant.colliding_mistakes() == [], seed
        labels = {s.label for s in variant.steps}
        assert all(m.step in labels for m in variant.mistakes)
        assert variant == template.draw(seed, params)


@pytest.mark.parametrize("params", PARAMS)
def test_prompt_states_the_sizes_and_the_convention(params: dict[str, Any]) -> None:
    for seed in range(20):
        variant = TEMPLATES["layer_cost"].draw(seed, params)
        g, text = variant.givens, variant.prompt
        for key in ("input_size", "hidden_size", "batch"):
            assert str(g[key]) in text
        if params["quantity"] in ("forward_flops", "training_flops"):
            assert "2 FLOPs" in text and "matrix products" in text
        if params["quantity"] == "forward_macs":
            assert "one multiply and one add" in text
        if params["quantity"] in ("bptt_memory", "inference_memory"):
            assert "float32 (4 bytes each)" in text and "2^" in text
        if params["quantity"] == "bptt_memory" and params["cell"] == "gru":
            reset = params.get("reset", "after")
            assert f"applied {reset} the hidden matmul" in text


def test_listed_mistakes_are_the_named_slips() -> None:
    template = TEMPLATES["layer_cost"]
    for seed in range(20):
        v = template.draw(seed, {"cell": "lstm", "quantity": "forward_flops"})
        g = v.givens
        slips = {m.id: m.answer for m in v.mistakes}
        assert isinstance(v.answer, float)
        I, H, T, B = g["input_size"], g["hidden_size"], g["steps"], g["batch"]
        assert slips["cost.one-block"] == 2 * T * B * H * (I + H)
        assert slips["cost.macs-for-flops"] == v.answer / 2
        assert slips["cost.input-only"] == 2 * T * B * 4 * H * I
        t = template.draw(seed, {"cell": "gru", "quantity": "training_flops"})
        slips = {m.id: m.answer for m in t.mistakes}
        assert isinstance(t.answer, float)
        assert slips["cost.forward-only"] == t.answer / 3
        m = template.draw(seed, {"cell": "lstm", "quantity": "bptt_memory"})
        slips = {s.id: s.answer for s in m.mistakes}
        assert isinstance(m.answer, float)
        assert slips["memory.h-only"] == pytest.approx(m.answer / 7)
        assert slips["memory.megabytes"] == pytest.approx(m.answer * 2**20 / 1e6)
    rnn = template.draw(0, {"cell": "rnn", "quantity": "forward_flops"})
    assert "cost.one-block" not in {m.id for m in rnn.mistakes}  # G = 1: not a slip for an RNN


@pytest.mark.parametrize("params", PARAMS)
def test_each_wrong_answer_is_diagnosed(params: dict[str, Any]) -> None:
    assert_every_slip_is_diagnosed("layer_cost", params)


@pytest.mark.parametrize("cell", CELLS)
def test_flops_equal_torchs_flop_counter_at_the_drawn_sizes(cell: str) -> None:
    """Counted on the meta device: torch reports the FLOPs without doing the arithmetic."""
    torch = pytest.importorskip("torch")
    from torch.utils.flop_counter import FlopCounterMode

    module_cls = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[cell]
    for seed in range(5):
        forward = TEMPLATES["layer_cost"].draw(seed, {"cell": cell, "quantity": "forward_flops"})
        g = forward.givens
        module = module_cls(g["input_size"], g["hidden_size"], device="meta")
        x = torch.empty(g["steps"], g["batch"], g["input_size"], device="meta")
        with FlopCounterMode(display=False) as counter:
            module(x)
        assert counter.get_total_flops() == forward.answer
    assert (
        layer_cost(cell, 3, 4, 5, 2).training_flops
        == 3 * layer_cost(cell, 3, 4, 5, 2).forward_flops
    )
